import AuditStore

/// Draws the whole screen into the grid: tabs, title, body, status bar. No terminal calls.
public func render(_ state: BrowserState, into grid: inout Grid) {
    grid = Grid(width: state.width, height: state.height)
    let g = state.glyphs
    if state.isTooSmall {
        let lines = ["Terminal too small",
                     g.frame("\(state.width)×\(state.height); needs \(BrowserState.minimumWidth)×\(BrowserState.minimumHeight)"),
                     "q quits"]
        for (index, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + index
            grid.put(line, x: max(0, (state.width - TextWidth.of(line)) / 2), y: y, style: index == 0 ? Theme.error : .plain)
        }
        return
    }
    let layout = state.layout
    FrameView.tabs(state, in: layout.tabs, into: &grid)
    FrameView.title(state, in: layout.title, into: &grid)
    if state.showHelp {
        HelpView.draw(state, in: layout.body, into: &grid)
    } else if let screen = state.current.stateScreen {
        StateView.draw(state, screen, in: layout.body, into: &grid)
    } else if let screen = state.current.histogram {
        HistogramView.draw(state, screen, in: layout.body, into: &grid)
    } else {
        switch state.current.content {
        case .log(let log, _) where log.isEmpty: NoLogsView.draw(state, log, in: layout.body, into: &grid)
        case .log(let log, _): RecordListView.draw(state, log, in: layout.body, into: &grid)
        case .picker(let picker): PickerView.draw(state, picker, in: layout.body, into: &grid)
        }
    }
    FrameView.statusBar(state, in: layout.status, into: &grid)
}

enum FrameView {
    static func tabs(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        var x = area.x
        for tab in Tab.allCases {
            let text = " \(tab.rawValue + 1) \(tab.title) "
            x = grid.put(text, x: x, y: area.y, style: tab == state.tab ? Theme.tabActive : Theme.tab)
            x = grid.put(" ", x: x, y: area.y)
        }
        let zone = state.glyphs.line("auditlog " + state.glyphs.dot + " " + state.clock.zoneName(state.now))
        if x + TextWidth.of(zone) + 1 <= area.width {
            grid.put(zone, x: area.width - TextWidth.of(zone), y: area.y, style: Theme.dim)
        }
    }

    static func title(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        var line: StyledLine
        if state.showHelp {
            line = StyledLine("Keys", Theme.title)
        } else if let screen = state.current.stateScreen {
            line = StyledLine((screen.kind == .customer ? "Customer " : "Subscription ") + g.dot + " " + g.line(screen.label)
                + " as of " + state.clock.localText(screen.at) + " " + state.clock.zoneName(screen.at), Theme.title)
        } else if let screen = state.current.histogram {
            line = HistogramView.title(state, screen)
        } else if let log = state.current.log {
            line = StyledLine(log.title, Theme.title)
            if !log.filterText.isEmpty { line.add("  filter: " + g.line(log.filterText), Theme.key) }
            if log.newRecords > 0 {
                line.add("  ")
                let cap = LogScreen.newRecordsCountedUpTo
                let count = log.newRecords > cap ? NumberText.grouped(cap) + "+" : NumberText.grouped(log.newRecords)
                line.add(g.frame(" \(count) new record\(log.newRecords == 1 ? "" : "s") — g to see them "),
                         Theme.banner)
            } else if state.follow {
                line.add("  following", Theme.dim)
            }
        } else if let picker = state.current.picker {
            line = StyledLine(g.frame(state.tab.title + " · pick one, Enter opens its log"), Theme.title)
            if !picker.filterText.isEmpty { line.add("  filter: " + g.line(picker.filterText), Theme.key) }
        } else {
            line = StyledLine()
        }
        line.draw(into: &grid, x: area.x, y: area.y, limit: area.width)
    }

    static func statusBar(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        let y = area.y
        if let prompt = state.prompt {
            PromptView.draw(prompt, state, into: &grid, y: y)
            return
        }
        grid.fill(x: 0, y: y, width: state.width, style: Theme.statusBar)
        var left = ""
        if let notice = state.notice {
            left = notice
        } else if state.showHelp {
            left = "j/k scroll  ? or Esc closes"
        } else if let screen = state.current.stateScreen {
            let fields = screen.state.map { $0.fields.count + $0.subscriptions.reduce(0) { $0 + $1.fields.count } } ?? 0
            left = screen.state == nil ? state.glyphs.frame("loading…")
                : fields == 0 ? "no fields" : "field \(screen.selected + 1) of \(fields) \(state.glyphs.dot) Enter: its history"
        } else if let screen = state.current.histogram {
            left = HistogramView.status(state, screen)
        } else if let log = state.current.log {
            left = position(log, state.glyphs)
            if !log.filter.words.isEmpty, state.textBacklog.pending > 0 {
                // Said while it matters: records not yet in the search index are read one by one.
                left += " " + state.glyphs.dot + " search index \(state.textBacklog.percentIndexed) %, scanning the rest"
            }
            if let activity = state.activity { left += " " + state.glyphs.dot + " " + state.glyphs.line(activity) }
        } else if let picker = state.current.picker {
            left = picker.entities.isEmpty ? (picker.loading ? state.glyphs.frame("loading…") : "none")
                : "\(NumberText.grouped(picker.selected + 1)) of " + (picker.total.map { NumberText.grouped($0) }
                    ?? NumberText.grouped(picker.entities.count) + (picker.reachedEnd ? "" : "+"))
                    + " " + ((picker.total ?? 2) == 1 ? picker.kind.noun : picker.kind.pluralNoun)
        }
        // An export runs on whatever is shown (`e` over the histogram writes its view).
        if state.notice == nil, let exporting = state.exporting {
            left += " " + state.glyphs.dot + " writing " + state.glyphs.line(exporting.path) + ": "
                + NumberText.grouped(exporting.records) + " records"
        }
        let hintWords = state.current.stateScreen != nil ? ["back", "help", "quit"]
            : state.current.histogram != nil ? ["open", "finer", "coarser", "back", "help", "quit"]
            : state.current.showingLog ? ["open", "filter", "customer", "admin", "back", "help", "quit"]
            : ["open", "filter", "back", "help", "quit"]
        var items = Keymap.hints(for: hintWords, glyphs: state.glyphs)
        while !items.isEmpty, TextWidth.of(left) + TextWidth.of(items.joined(separator: "  ")) + 3 > state.width {
            // Drop hints from the middle first: help and quit stay.
            if items.count <= 2 { items = []; break }
            items.remove(at: items.count - 3)
        }
        let hints = items.joined(separator: "  ")
        grid.put(" " + left, x: 0, y: y, style: Theme.statusBar, limit: state.width)
        if !hints.isEmpty {
            grid.put(hints + " ", x: state.width - TextWidth.of(hints) - 1, y: y, style: Theme.statusBar)
        }
    }

    /// `row 12 of 48 210`; the count arrives after the first screen and says `…` until then.
    static func position(_ log: LogView, _ g: Glyphs) -> String {
        if log.loading && log.records.isEmpty { return g.frame("loading…") }
        if log.records.isEmpty { return "no records" }
        let row = log.windowStart.map { NumberText.grouped($0 + log.selected + 1) } ?? "?"
        let total = log.total.map { NumberText.grouped($0) } ?? g.ellipsis
        return "row \(row) of \(total)"
    }
}

enum PromptView {
    static func draw(_ prompt: Prompt, _ state: BrowserState, into grid: inout Grid, y: Int) {
        let label: String
        switch prompt.purpose {
        case .filter: label = "filter: "
        case .exportPath(let marks): label = marks ? "write the marks to: " : "export to: "
        case .confirmOverwrite(let job):
            let text = "File exists. Replace it? y/n  " + state.glyphs.line(job.path)
            grid.put(text, x: 0, y: y, style: Theme.error, limit: state.width)
            return
        }
        var x = grid.put(label, x: 0, y: y, style: Theme.label)
        let g = state.glyphs
        let text = g.line(prompt.text)
        let available = state.width - x - 1
        // Keep the cursor in view on a long line.
        let beforeCursor = TextWidth.of(g.line(String(prompt.text.prefix(prompt.cursor))))
        let skip = max(0, beforeCursor - available + 1)
        var shown = ""
        var skipped = 0
        for character in text {
            if skipped < skip { skipped += TextWidth.of(character); continue }
            shown.append(character)
        }
        x = grid.put(shown, x: x, y: y, limit: available)
        let cursorX = label.count + beforeCursor - skip
        if cursorX < state.width {
            var cell = grid[cursorX, y]
            cell.style = Theme.selected
            grid[cursorX, y] = cell
        }
        if let error = prompt.error {
            let message = "  " + error
            let start = max(x + 1, state.width - TextWidth.of(message))
            grid.put(message, x: start, y: y, style: Theme.error, limit: state.width - start)
        } else if prompt.purpose != .filter {
            if prompt.text.isEmpty {
                grid.put("FILE.txt, .csv, .json or .ndjson: the format follows the extension", x: cursorX + 1, y: y,
                         style: Theme.dim, limit: state.width - cursorX - 1)
            }
        } else if prompt.text.isEmpty {
            // A picker filters its own table by text; a log takes the query language.
            let placeholder = state.current.showingLog
                ? QueryText.summary
                : "text in the \(state.current.picker?.kind == .subscription ? "plan, customer or id" : "email, name or id")"
            grid.put(placeholder, x: cursorX + 1, y: y, style: Theme.dim, limit: state.width - cursorX - 1)
        }
    }
}
