import AuditStore

/// Draws the whole screen into the grid: tabs, title, body, status bar. No terminal calls.
public func render(_ state: BrowserState, into grid: inout Grid) {
    grid = Grid(width: state.width, height: state.height)
    let g = state.glyphs
    if state.isTooSmall {
        let lines = ["Terminal too small",
                     g.frame("\(state.width)×\(state.height); needs \(BrowserState.minimumWidth)×\(BrowserState.minimumHeight)"),
                     "Q quits"]
        for (index, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + index
            grid.put(line, x: max(0, (state.width - TextWidth.of(line)) / 2), y: y, style: index == 0 ? Theme.error : .plain)
        }
        return
    }
    let layout = state.layout
    FrameView.tabs(state, in: layout.tabs, into: &grid)
    FrameView.title(state, in: layout.title, into: &grid)
    state.shown.draw(in: layout.body, into: &grid, state)
    FrameView.statusBar(state, in: layout.status, into: &grid)
}

extension BrowserState {
    /// The screen shown: help over every tab, else the tab's top screen.
    var shown: any Screen { help ?? current.top }
}

enum FrameView {
    /// The tab bar's labels, longest first: the first set whose bar fits the width is drawn (each tab keeps its
    /// number, the key that opens it, and a word that names it: at 60 columns "Admins", at 40 "All", "Cust.").
    static let tabLabels: [[String]] = [
        Tab.allCases.map(\.title),
        ["Overall", "Customers", "Subscriptions", "Admins"],
        ["All", "Cust.", "Subs.", "Admins"],
        ["", "", "", ""],
    ]

    /// The labels drawn at a width: `" 1 Overall "` a tab, a space after each.
    static func tabTexts(width: Int) -> [String] {
        for labels in tabLabels {
            let texts = zip(Tab.allCases, labels).map { " \($0.rawValue + 1)\($1.isEmpty ? "" : " " + $1) " }
            if texts.reduce(0, { $0 + TextWidth.of($1) + 1 }) <= width { return texts }
        }
        return Tab.allCases.map { " \($0.rawValue + 1) " }
    }

    static func tabs(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        var x = area.x
        for (tab, text) in zip(Tab.allCases, tabTexts(width: area.width)) {
            x = grid.put(text, x: x, y: area.y, style: tab == state.tab ? Theme.tabActive : Theme.tab)
            x = grid.put(" ", x: x, y: area.y)
        }
        let zone = state.glyphs.line("auditlog " + state.glyphs.dot + " " + state.clock.zoneName(state.now))
        if x + TextWidth.of(zone) + 1 <= area.width {
            grid.put(zone, x: area.width - TextWidth.of(zone), y: area.y, style: Theme.dim)
        }
    }

    static func title(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        state.shown.title(state).draw(into: &grid, x: area.x, y: area.y, limit: area.width)
    }

    static func statusBar(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        let y = area.y
        if let prompt = state.prompt {
            PromptView.draw(prompt, state, into: &grid, y: y)
            return
        }
        grid.fill(x: 0, y: y, width: state.width, style: Theme.statusBar)
        var left = state.notice ?? state.shown.status(state)
        // An export runs on whatever is shown (`e` over the histogram writes its view).
        if state.notice == nil, let exporting = state.exporting {
            left += " " + state.glyphs.dot + " writing " + state.glyphs.line(exporting.path) + ": "
                + NumberText.grouped(exporting.records) + " records"
        }
        // The tab's top screen's keys (help, over every tab, leaves them shown).
        var items = type(of: state.current.top).keys.hints(state.glyphs, state)
        while !items.isEmpty, TextWidth.of(left) + TextWidth.of(items.joined(separator: "  ")) + 3 > state.width {
            // Drop hints from the middle first: help and what `q` does stay.
            if items.count <= 2 { items = []; break }
            items.remove(at: items.count - 3)
        }
        let hints = items.joined(separator: "  ")
        grid.put(" " + left, x: 0, y: y, style: Theme.statusBar, limit: state.width)
        if !hints.isEmpty {
            grid.put(hints + " ", x: state.width - TextWidth.of(hints) - 1, y: y, style: Theme.statusBar)
        }
    }
}

enum PromptView {
    /// A prompt's hint line, in parts: each with its rank (0 kept longest).
    typealias HintPart = (text: String, rank: Int)

    /// `w`'s hint: how the note is saved, then how it is dropped, then which record it goes on; Enter for
    /// the next line (what any text box does) goes first on a narrow screen.
    static func noteHint(ref: String) -> [HintPart] {
        [("note on " + ref, 2), ("Enter: next line", 3), ("empty line or Ctrl-D: save", 0), ("Esc: drop", 1)]
    }

    /// `v`'s hint: that the reason is recorded is said longest.
    static func revealHint(ref: String) -> [HintPart] {
        [("reveal \(ref) unmasked", 1), ("your reason is recorded with your name", 0), ("Enter: reveal", 3),
         ("Esc: cancel", 2)]
    }

    /// The parts joined by ` · ` in `width` columns: whole parts only, the highest ranked dropped first, so
    /// a hint is never cut inside a word.
    static func hint(_ parts: [HintPart], width: Int, _ g: Glyphs) -> String {
        var shown = parts
        func text() -> String { g.frame(shown.map(\.text).joined(separator: " · ")) }
        while TextWidth.of(text()) > width, let worst = shown.indices.max(by: { shown[$0].rank < shown[$1].rank }) {
            shown.remove(at: worst)
        }
        return text()
    }

    static func draw(_ prompt: Prompt, _ state: BrowserState, into grid: inout Grid, y: Int) {
        let label: String
        switch prompt.purpose {
        case .filter: label = "filter: "
        case .exportPath(let marks): label = marks ? "write the marks to: " : "export to: "
        case .note(let job):
            label = "note: "
            // The lines typed so far, above the prompt (the last few), under a line saying how it ends.
            let shown = Array(job.lines.suffix(max(0, y - 3)))
            let heading = hint(noteHint(ref: "\(job.ref)"), width: state.width, state.glyphs)
            for (index, line) in ([heading] + shown.map { "  " + state.glyphs.line($0) }).enumerated() {
                let row = y - 1 - shown.count + index
                grid.put(String(repeating: " ", count: state.width), x: 0, y: row, style: Theme.statusBar)
                grid.put(line, x: 0, y: row, style: index == 0 ? Theme.label : .plain, limit: state.width)
            }
        case .reveal(let job):
            label = "why: "
            let heading = hint(revealHint(ref: "\(job.ref)"), width: state.width, state.glyphs)
            grid.put(String(repeating: " ", count: state.width), x: 0, y: y - 1, style: Theme.statusBar)
            grid.put(heading, x: 0, y: y - 1, style: Theme.label, limit: state.width)
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
            if x + 1 + TextWidth.of(message) <= state.width {
                grid.put(message, x: state.width - TextWidth.of(message), y: y, style: Theme.error)
            } else {
                // Too long beside the typed text: whole, wrapped on the rows just above the prompt.
                let lines = TextWidth.wrap(error, width: state.width - 2).suffix(max(1, y - 1))
                for (index, line) in lines.enumerated() {
                    let row = y - lines.count + index
                    grid.put(String(repeating: " ", count: state.width), x: 0, y: row)
                    grid.put(line, x: 1, y: row, style: Theme.error)
                }
            }
        } else if case .note = prompt.purpose {
        } else if case .reveal = prompt.purpose {
            if prompt.text.isEmpty {
                grid.put("the ticket or request you are answering", x: cursorX + 1, y: y, style: Theme.dim,
                         limit: state.width - cursorX - 1)
            }
        } else if prompt.purpose != .filter {
            if prompt.text.isEmpty {
                grid.put("FILE.txt, .csv, .json or .ndjson: the format follows the extension", x: cursorX + 1, y: y,
                         style: Theme.dim, limit: state.width - cursorX - 1)
            }
        } else if prompt.text.isEmpty {
            // A picker filters its own table by text; a log takes the query language.
            let placeholder = state.current.showingLog
                ? QueryText.summary
                : "text in the \(state.current.picker?.kind == .subscription ? "customer's e-mail, plan or id" : "email, name or id")"
            grid.put(placeholder, x: cursorX + 1, y: y, style: Theme.dim, limit: state.width - cursorX - 1)
        }
    }
}
