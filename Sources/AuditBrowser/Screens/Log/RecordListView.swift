import AuditStore

/// A log as rows, newest first; expanded records show their details under their row.
enum RecordListView {
    static func draw(_ state: BrowserState, _ log: LogView, in area: Rect, into grid: inout Grid) {
        let body = area.height
        var y = 0
        var index = log.topRecord
        var skip = log.topLine
        let words = log.query.words // search words are highlighted, as lnav does
        let time = timeColumn(state, log, height: body)
        while y < body, index < log.records.count {
            var lines = [row(log, index, state, time: time)]
            if log.expanded.contains(log.records[index].id) {
                lines += LogScreen.expansion(state.context, log, index)
            }
            if !words.isEmpty { lines = lines.map { $0.highlighting(words) } }
            for line in lines.dropFirst(skip) where y < body {
                line.draw(into: &grid, x: area.x, y: area.y + y, limit: area.width)
                // The selection is a reverse-video block over the request mark and the time, not the whole
                // row: it reads at a glance, and moving it rewrites ~25 cells instead of two full rows (about
                // 100 bytes a key instead of 290 at 80 columns — it matters over a slow SSH link).
                if line == lines[0], index == log.selected { grid.reverse(y: area.y + y, columns: 1 + time.width) }
                y += 1
            }
            skip = 0
            index += 1
        }
        if y < body, log.loading {
            grid.put(state.glyphs.frame("loading…"), x: area.x + 2, y: area.y + y, style: Theme.dim)
        }
    }

    /// The time column for the records on screen (one width for all of them: with the year when any is
    /// not of this year).
    static func timeColumn(_ state: BrowserState, _ log: LogView, height body: Int) -> TimeColumn {
        var end = log.topRecord
        var lines = -log.topLine
        while lines < body, end < log.records.count {
            lines += LogScreen.height(state.context, log, end)
            end += 1
        }
        let shown = log.records.indices.contains(log.topRecord) ? log.records[log.topRecord..<end] : []
        return TimeColumn(clock: state.clock, wide: state.layout.isWide, times: shown.lazy.map(\.time))
    }

    /// The admin column: whole emails when wide, short names otherwise, narrower still below 60 columns,
    /// where it gives the year its room (`time.extraForYear`) so the message keeps its own.
    static func adminWidth(_ width: Int, time: TimeColumn? = nil) -> Int {
        width >= Layout.wideFrom ? 26 : width >= 60 ? 14 : 10 - (time?.extraForYear ?? 0)
    }

    /// One record's row: request mark, time, level marker, admin (not in an admin's log), message (and changed
    /// field), target.
    /// The message has priority over the target: on a narrow screen the target column shrinks, then goes.
    static func row(_ log: LogView, _ index: Int, _ state: BrowserState, time column: TimeColumn) -> StyledLine {
        let record = log.records[index]
        let wide = state.layout.isWide
        let time = column.text(record.time)
        let adminWidth = adminWidth(state.width, time: column)
        let g = state.glyphs
        var line = StyledLine(groupMark(log, index, g), Theme.group)
        line.add(time, Theme.dim)
        // A mark reads without colour: `*` between the time and the level; a record with a note has `✎` there
        // (ASCII `+`) unless it is marked.
        if state.marks[record.id] != nil { line.add("*", Theme.label) }
        else if !record.notes.isEmpty { line.add(g.note, Theme.label) }
        else { line.add(" ") }
        line.add(String(RecordLine.marker(level: record.level)), Theme.level(record.level))
        line.add(" ")
        // Inside an admin's log the admin goes without saying (every row is theirs): the message takes the column.
        if log.scope.admin == nil {
            var admin = record.adminID == nil ? g.dash : g.line(RecordLine.admin(record))
            if !wide, let at = admin.firstIndex(of: "@"), at != admin.startIndex { admin = String(admin[..<at]) }
            line.add(TextWidth.pad(admin, to: adminWidth, ellipsis: g.ellipsis) + " ",
                     record.adminID == nil ? Theme.dim : .plain)
        }
        let used = line.width
        // Inside a customer's log the customer goes without saying; its subscriptions do not.
        let target: String
        if log.scope.customer != nil {
            target = record.subscriptionID.map { "subscription " + g.line($0) } ?? ""
        } else {
            target = RecordLine.target(record, customerLabel: record.customerLabel).map(g.line) ?? ""
        }
        let available = state.width - used
        // The message keeps 60 % of the space (at least 20 columns); the target takes what is left up to
        // its cap, and is left out when under 10 columns. The target's column is the same on every row: it
        // depends on the width only, never on this row's message or target (a short change such as
        // `seats: 7 → 49` used to give its target a column more, so it started one column early).
        let targetRoom = min(wide ? 32 : 18, available - max(20, available * 6 / 10) - 1)
        let targetText = target.isEmpty || targetRoom < 10 ? ""
            : TextWidth.truncate(target, to: targetRoom, ellipsis: g.ellipsis)
        let messageWidth = max(0, available - (targetText.isEmpty ? 0 : targetRoom + 1))
        let message = summary(record, g, width: messageWidth, fieldNamed: log.query.field != nil)
        line.add(TextWidth.pad(message, to: messageWidth, ellipsis: g.ellipsis), record.level >= 300 ? Theme.level(record.level) : .plain)
        if !targetText.isEmpty { line.add(" " + targetText, Theme.key) }
        return line
    }

    /// The message, or a field change fitted to `width` so that what changed shows (`ChangeRow`).
    static func summary(_ record: AuditRecord, _ g: Glyphs, width: Int, fieldNamed: Bool) -> String {
        // The arrow is ASCII when the glyphs are, so sanitising the whole line escapes only the data.
        guard let change = record.change, change.unrecordedValueClass == nil else {
            return g.line(RecordLine.summary(record, glyphs: g))
        }
        return ChangeRow.text(change, width: width, fieldNamed: fieldNamed, glyphs: g)
    }

    /// Marks the records of one request: `┌` first, `│` inside, `└` last.
    static func groupMark(_ log: LogView, _ index: Int, _ g: Glyphs) -> String {
        guard let uid = log.records[index].requestUID else { return " " }
        let above = index > 0 && log.records[index - 1].requestUID == uid
        let below = index + 1 < log.records.count && log.records[index + 1].requestUID == uid
        switch (above, below) {
        case (true, true): return g.requestInner
        case (false, true): return g.requestFirst
        case (true, false): return g.requestLast
        case (false, false): return " "
        }
    }
}

extension Grid {
    /// Shows a row as selected: its first `columns` cells reversed, keeping their colour.
    mutating func reverse(y: Int, columns: Int) {
        for x in 0..<min(width, columns) { self[x, y].style.reverse = true }
    }
}
