import AuditStore

/// The log screen's own update: moving through a log, whose window of loaded records slides along the whole
/// list a page at a time, so the cost of a key never depends on the size of the log. Works on one
/// `LogView` and the context it is shown in; the parent (`reduce`) routes actions here.
enum LogScreen {
    /// Records kept loaded at most; the far end is dropped past this.
    static let maximumWindow = 1_500
    /// Follow mode counts new records up to this many; more read as "1 000+".
    static let newRecordsCountedUpTo = 1_000

    /// Pages read ahead (in the background in a real session) as the selection nears the window's end.
    static func pageLimit(_ ctx: ScreenContext) -> Int { max(100, ctx.bodyHeight * 3) }
    /// A first page (a new view, `g`, `G`) fills the screen and no more: it is read while a key waits,
    /// and on a cold disk each record read costs; the rest follows as read-ahead.
    static func firstPageLimit(_ ctx: ScreenContext) -> Int { ctx.bodyHeight + 1 }

    // MARK: Layout

    static func expansion(_ ctx: ScreenContext, _ log: LogView, _ index: Int) -> [StyledLine] {
        let record = log.records[index]
        let request = record.requestUID.flatMap { ctx.requests[$0] }
        return log.expansions.lines(for: record, width: ctx.width, raw: log.raw, request: request,
                                           clock: ctx.clock, glyphs: ctx.glyphs)
    }

    static func height(_ ctx: ScreenContext, _ log: LogView, _ index: Int) -> Int {
        guard log.expanded.contains(log.records[index].id) else { return 1 }
        return 1 + expansion(ctx, log, index).count
    }

    /// Lines from the top of the screen to the first line of record `index` (negative when above it).
    static func offset(of index: Int, _ ctx: ScreenContext, _ log: LogView) -> Int {
        if index >= log.topRecord {
            return (log.topRecord..<index).reduce(0) { $0 + height(ctx, log, $1) } - log.topLine
        }
        return -(index..<log.topRecord).reduce(0) { $0 + height(ctx, log, $1) } - log.topLine
    }

    // MARK: Keys

    static func move(_ log: inout LogView, by n: Int, _ ctx: ScreenContext) -> [Effect] {
        guard !log.records.isEmpty else { return [] }
        let body = ctx.bodyHeight
        for _ in 0..<abs(n) {
            if n > 0 {
                let blockEnd = offset(of: log.selected, ctx, log) + height(ctx, log, log.selected)
                if blockEnd > body {
                    scrollDown(&log, ctx, lines: 1) // read on through a tall expansion
                } else if log.selected + 1 < log.records.count {
                    log.selected += 1
                }
            } else {
                if log.topRecord == log.selected, log.topLine > 0 {
                    log.topLine -= 1
                } else if log.selected > 0 {
                    log.selected -= 1
                }
            }
        }
        keepSelectionVisible(&log, ctx)
        return prefetch(&log, ctx)
    }

    /// Page and half-page keys: the view moves by lines, and the selection keeps its place on screen.
    static func scroll(_ log: inout LogView, lines n: Int, _ ctx: ScreenContext) -> [Effect] {
        guard !log.records.isEmpty else { return [] }
        let body = ctx.bodyHeight
        let screenLine = min(max(0, offset(of: log.selected, ctx, log)), body - 1)
        var moved = 0
        if n > 0 {
            // Stop where the last loaded line reaches the bottom.
            let total = (0..<log.records.count).reduce(0) { $0 + height(ctx, log, $1) }
            let maximumScroll = max(0, total + offset(of: 0, ctx, log) - body)
            moved = min(n, maximumScroll)
            scrollDown(&log, ctx, lines: moved)
        } else {
            while moved < -n, scrollUpOneLine(&log, ctx) { moved += 1 }
        }
        if moved == 0 {
            log.selected = n > 0 ? log.records.count - 1 : 0
        } else {
            // The record whose block holds the same screen line (its row must be visible).
            var index = log.topRecord
            while index + 1 < log.records.count, offset(of: index + 1, ctx, log) <= screenLine { index += 1 }
            if offset(of: index, ctx, log) < 0, index + 1 < log.records.count { index += 1 }
            log.selected = index
        }
        keepSelectionVisible(&log, ctx)
        return prefetch(&log, ctx)
    }

    /// Moves the top of the screen up one line (into the record above when at a record's first line); false at
    /// the very top.
    private static func scrollUpOneLine(_ log: inout LogView, _ ctx: ScreenContext) -> Bool {
        if log.topLine > 0 {
            log.topLine -= 1
        } else if log.topRecord > 0 {
            log.topRecord -= 1
            log.topLine = height(ctx, log, log.topRecord) - 1
        } else {
            return false
        }
        return true
    }

    private static func scrollDown(_ log: inout LogView, _ ctx: ScreenContext, lines: Int) {
        for _ in 0..<lines {
            if log.topLine + 1 < height(ctx, log, log.topRecord) {
                log.topLine += 1
            } else if log.topRecord + 1 < log.records.count {
                log.topRecord += 1
                log.topLine = 0
            }
        }
    }

    static func top(_ log: inout LogView, _ ctx: ScreenContext) -> [Effect] {
        if log.reachedNewest, log.newRecords == 0 {
            log.selected = 0
            log.topRecord = 0
            log.topLine = 0
            return []
        }
        return jump(&log, to: .newest, ctx)
    }

    static func bottom(_ log: inout LogView, _ ctx: ScreenContext) -> [Effect] {
        guard !log.records.isEmpty || log.loading else { return [] }
        if log.reachedOldest {
            log.selected = log.records.count - 1
            keepSelectionVisible(&log, ctx)
            return []
        }
        return jump(&log, to: .oldest, ctx)
    }

    /// Loads the newest or oldest page in place of the window. The count stays valid, unless new records
    /// arrived meanwhile: then it is taken again.
    private static func jump(_ log: inout LogView, to position: PagePosition, _ ctx: ScreenContext) -> [Effect] {
        let recount = log.newRecords > 0
        log.loading = true
        log.newRecords = 0
        if recount { log.total = nil }
        let ticket = LoadTicket(tab: ctx.tab, generation: log.generation, position: position,
                                limit: firstPageLimit(ctx))
        return [.loadRecords(ticket, log.query, limit: ticket.limit)] + (recount ? [.count(ticket, log.query)] : [])
    }

    static func toggleExpand(_ log: inout LogView, _ ctx: ScreenContext) -> [Effect] {
        guard let record = log.selectedRecord else { return [] }
        var effects: [Effect] = []
        if log.expanded.remove(record.id) == nil {
            log.expanded.insert(record.id)
            if let uid = record.requestUID, ctx.requests[uid] == nil { effects.append(.loadRequest(uid)) }
        }
        keepSelectionVisible(&log, ctx)
        return effects
    }

    /// A click on body line `line`: selects that record, or opens it when it is selected already.
    static func click(_ log: inout LogView, line: Int, _ ctx: ScreenContext) -> [Effect] {
        guard !log.records.isEmpty else { return [] }
        var index = log.topRecord
        var y = -log.topLine
        while index < log.records.count {
            let h = height(ctx, log, index)
            if line < y + h { break }
            y += h
            index += 1
        }
        guard index < log.records.count else { return [] }
        if index == log.selected { return toggleExpand(&log, ctx) }
        log.selected = index
        keepSelectionVisible(&log, ctx)
        return []
    }

    /// Scrolls so the selected row is on screen, with as much of its expansion as fits, and never leaves
    /// blank lines at the bottom while rows are above the screen (closing an expansion scrolled into).
    static func keepSelectionVisible(_ log: inout LogView, _ ctx: ScreenContext) {
        guard !log.records.isEmpty else { return }
        showSelection(&log, ctx)
        fillToBottom(&log, ctx)
    }

    /// Scrolls up while the lines from the top of the screen to the end of the window leave some blank.
    private static func fillToBottom(_ log: inout LogView, _ ctx: ScreenContext) {
        let body = ctx.bodyHeight
        var shown = -log.topLine
        var index = log.topRecord
        while shown < body, index < log.records.count {
            shown += height(ctx, log, index)
            index += 1
        }
        while shown < body, scrollUpOneLine(&log, ctx) { shown += 1 }
    }

    private static func showSelection(_ log: inout LogView, _ ctx: ScreenContext) {
        log.selected = min(max(0, log.selected), log.records.count - 1)
        log.topRecord = min(log.topRecord, log.records.count - 1)
        let body = ctx.bodyHeight
        if log.selected < log.topRecord || (log.selected == log.topRecord && log.topLine > 0
            && offset(of: log.selected, ctx, log) + height(ctx, log, log.selected) <= 0) {
            log.topRecord = log.selected
            log.topLine = 0
            return
        }
        let start = offset(of: log.selected, ctx, log)
        let h = height(ctx, log, log.selected)
        guard start >= body || (start > 0 && start + h > body) else { return }
        // Put the block's end at the bottom, or its first line at the top when it is taller.
        var above = body - min(h, body)
        var index = log.selected
        var line = 0
        while above > 0, index > 0 {
            index -= 1
            let previous = height(ctx, log, index)
            if previous <= above {
                above -= previous
            } else {
                line = previous - above
                above = 0
            }
        }
        log.topRecord = index
        log.topLine = line
    }

    /// Asks for the next page before the selection reaches the end of the window.
    static func prefetch(_ log: inout LogView, _ ctx: ScreenContext) -> [Effect] {
        guard !log.loading, !log.records.isEmpty else { return [] }
        let margin = ctx.bodyHeight * 2
        let limit = pageLimit(ctx)
        if !log.reachedOldest, log.selected + margin >= log.records.count, let last = log.records.last {
            log.loading = true
            return [.loadRecords(LoadTicket(tab: ctx.tab, generation: log.generation, position: .olderThan(last.key),
                                            limit: limit), log.query, limit: limit)]
        }
        if !log.reachedNewest, log.selected < margin, let first = log.records.first {
            log.loading = true
            return [.loadRecords(LoadTicket(tab: ctx.tab, generation: log.generation, position: .newerThan(first.key),
                                            limit: limit), log.query, limit: limit)]
        }
        return []
    }

    // MARK: Loading

    /// Starts the log afresh (new query): first page and, off the key path, the count.
    static func reload(_ log: inout LogView, _ ctx: ScreenContext) -> [Effect] {
        log.generation += 1
        log.records = []
        log.windowStart = 0
        log.reachedNewest = false
        log.reachedOldest = false
        log.selected = 0
        log.topRecord = 0
        log.topLine = 0
        log.total = nil
        log.loading = true
        log.newRecords = 0
        log.unmatchedNames = []
        let ticket = LoadTicket(tab: ctx.tab, generation: log.generation, position: .newest, limit: firstPageLimit(ctx))
        return [.loadRecords(ticket, log.query, limit: ticket.limit), .count(ticket, log.query)]
    }

    /// The log from a moment back (the histogram's Enter): the newest record before `time` first and
    /// selected, newer ones read ahead above it; its row number follows from a count of the newer ones.
    static func jump(_ log: inout LogView, before time: Timestamp, select: Int64? = nil, _ ctx: ScreenContext) -> [Effect] {
        // The window starts afresh (a new generation), the view's total stays: the same query.
        let total = log.total
        _ = reload(&log, ctx)
        log.total = total
        log.windowStart = nil
        let ticket = LoadTicket(tab: ctx.tab, generation: log.generation, position: .olderThan(PageKey(time: time, id: .min)),
                                limit: firstPageLimit(ctx), replacesWindow: true, selectID: select)
        var newer = log.query
        newer.since = max(newer.since ?? time, time)
        var effects: [Effect] = [.loadRecords(ticket, log.query, limit: ticket.limit), .count(ticket, newer)]
        if total == nil {
            effects.append(.count(LoadTicket(tab: ctx.tab, generation: log.generation, position: .newest), log.query))
        }
        return effects
    }

    /// A page arrived. `focused`: the log is on screen, so it may ask for the next page at once.
    static func loaded(_ log: inout LogView, _ ticket: LoadTicket, _ page: [AuditRecord], _ ctx: ScreenContext,
                       focused: Bool) -> [Effect] {
        guard log.generation == ticket.generation else { return [] }
        let limit = ticket.limit
        log.loading = false
        var moveToEnd = false
        switch ticket.position {
        case .newest:
            log.records = page
            log.windowStart = 0
            log.reachedNewest = true
            log.reachedOldest = page.count < limit
            log.selected = 0
            log.topRecord = 0
            log.topLine = 0
            log.newRecords = 0
        case .oldest:
            log.records = page
            log.reachedOldest = true
            log.reachedNewest = page.count < limit
            log.windowStart = log.reachedNewest ? 0 : log.total.map { $0 - page.count }
            log.selected = max(0, page.count - 1)
            moveToEnd = true
        case .olderThan where ticket.replacesWindow:
            // Nothing before the moment (the view changed since): the newest records instead.
            if page.isEmpty { return reload(&log, ctx) }
            log.records = page
            log.jumpedTo = page.first?.id
            log.reachedOldest = page.count < limit
            log.selected = ticket.selectID.flatMap { id in page.firstIndex { $0.id == id } } ?? 0
        case .olderThan(let key):
            guard log.records.last?.key == key else { break }
            log.records += page
            log.reachedOldest = page.count < limit
            let drop = log.records.count - maximumWindow
            if drop > 0, log.selected - drop >= 0, log.topRecord - drop >= 0 {
                log.records.removeFirst(drop)
                log.selected -= drop
                log.topRecord -= drop
                log.windowStart = log.windowStart.map { $0 + drop }
                log.reachedNewest = false
            }
        case .newerThan(let key):
            guard log.records.first?.key == key else { break }
            log.records = page + log.records
            log.selected += page.count
            log.topRecord += page.count
            log.windowStart = log.windowStart.map { $0 - page.count }
            log.reachedNewest = page.count < limit
            if log.reachedNewest { log.windowStart = 0 }
            let drop = log.records.count - maximumWindow
            if drop > 0, log.selected < log.records.count - drop {
                log.records.removeLast(drop)
                log.reachedOldest = false
            }
        }
        guard focused else { return [] }
        keepSelectionVisible(&log, ctx)
        return moveToEnd ? [] : prefetch(&log, ctx)
    }

    /// Records changed logs (an import decided a subscription's owner anew): a customer's view is read again
    /// where it is, the selected record kept selected while it is still in the view, so records that left the
    /// view are no longer shown and those that joined it are, older ones included. Other views hold the same
    /// records as before and keep their window (a followed log keeps its "new records" banner).
    static func readWindowAgain(_ log: inout LogView, _ ticket: LoadTicket, _ ctx: ScreenContext) -> [Effect] {
        guard log.query.customer != nil, log.generation == ticket.generation, ticket.position == .newest,
              !ticket.replacesWindow else { return [] }
        guard let selected = log.selectedRecord, !(log.reachedNewest && log.selected == 0) else {
            let total = log.total
            let effects = reload(&log, ctx)
            log.total = total
            return effects.filter { if case .count = $0 { false } else { true } }
        }
        let after = Timestamp(microseconds: selected.time.microseconds + 1)
        return jump(&log, before: after, select: selected.id, ctx)
    }

    /// The view's total, counted off the key path.
    static func counted(_ log: inout LogView, _ ticket: LoadTicket, _ count: Int) {
        guard log.generation == ticket.generation else { return }
        if ticket.replacesWindow {
            // The records newer than the moment jumped to: the first record loaded by the jump comes next.
            if log.windowStart == nil, let index = log.records.firstIndex(where: { $0.id == log.jumpedTo }) {
                log.windowStart = count - index
            }
            return
        }
        guard ticket.position == .newest else { return }
        log.total = count
        if log.windowStart == nil, log.reachedOldest { log.windowStart = count - log.records.count }
    }
}
