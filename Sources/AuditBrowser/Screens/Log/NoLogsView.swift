import AuditStore

/// "No logs found": which scope and filters matched nothing, and the way out.
enum NoLogsView {
    static func draw(_ state: BrowserState, _ log: LogView, in area: Rect, into grid: inout Grid) {
        var lines: [(String, Style)] = []
        if state.databaseIsEmpty {
            lines = [("No logs found", Theme.title), ("", .plain),
                     ("This database holds no audit records yet.", .plain), ("", .plain),
                     ("Import BillaBear's logs:  auditlog import --users users.csv var/log/prod.log", .plain)]
            if let demo = state.demoCommand {
                lines += [("Or browse the demo data `auditlog demo` made:", .plain), (state.glyphs.line(demo), .plain)]
            } else {
                lines.append(("Or try it on demo data:   auditlog demo", .plain))
            }
            lines += [("", .plain), ("q quits", Theme.dim)]
        } else {
            lines = [("No logs found", Theme.title), ("", .plain), ("Scope: " + log.title, .plain)]
            for problem in log.unmatchedNames {
                lines += TextWidth.wrap(state.glyphs.line(problem), width: max(10, state.width - 4)).map { ($0, Theme.error) }
            }
            let filters = QueryText.describe(log.filter, clock: state.clock)
            if filters.isEmpty {
                lines.append(("No filters", Theme.dim))
            } else {
                lines.append(("Filters:", .plain))
                lines += filters.map { ("  " + state.glyphs.line($0), Theme.key) }
            }
            lines.append(("", .plain))
            var ways: [String] = []
            if !filters.isEmpty { ways.append("x clears filters") }
            if !state.history.isEmpty || state.tab.entityKind != nil { ways.append("Backspace goes back") }
            ways.append("/ changes the filter")
            lines.append((ways.joined(separator: " " + state.glyphs.dot + " "), Theme.dim))
        }
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (offset, (text, style)) in lines.enumerated() where top + offset < area.y + area.height {
            let width = TextWidth.of(text)
            grid.put(text, x: area.x + max(0, (area.width - width) / 2), y: top + offset, style: style)
        }
    }
}
