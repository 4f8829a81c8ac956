import AuditStore

/// Every key, from the keymap that also handles them.
enum HelpView {
    static func lines(_ glyphs: Glyphs = .unicode) -> [StyledLine] {
        var out: [StyledLine] = []
        for context in [Binding.Context.list, .record, .histogram, .everywhere] {
            out.append(StyledLine(context.rawValue, Theme.title))
            for binding in Keymap.bindings where binding.context == context {
                let keys = binding.keys.map { $0.name(glyphs) }.joined(separator: " ")
                out.append(StyledLine("  " + TextWidth.pad(keys, to: 26), Theme.key).adding(glyphs.frame(binding.help)))
            }
            out.append(StyledLine())
        }
        out.append(StyledLine(Binding.Context.prompt.rawValue, Theme.title))
        for (keys, help) in Keymap.promptKeys {
            let names = keys.map { $0.name(glyphs) }.joined(separator: " ")
            out.append(StyledLine("  " + TextWidth.pad(names, to: 26), Theme.key).adding(help))
        }
        out += filterLines().map { StyledLine($0, Theme.dim) }
        return out
    }

    /// The filter language's words (from its one description, `QueryText.Filter`), wrapped to 78 columns.
    static func filterLines() -> [String] {
        var lines: [String] = []
        var line = "  Filters:"
        for word in QueryText.Filter.allCases.map(\.sample) + ["\"quoted words\"", "and", "free", "words"] {
            if line.count + 1 + word.count > 78 {
                lines.append(line)
                line = "   "
            }
            line += " " + word
        }
        return lines + [line]
    }

    static func draw(_ state: BrowserState, in area: Rect, into grid: inout Grid) {
        let all = lines(state.glyphs)
        let top = min(state.helpTop, max(0, all.count - area.height))
        for (offset, line) in all.dropFirst(top).prefix(area.height).enumerated() {
            line.draw(into: &grid, x: area.x + 1, y: area.y + offset, limit: area.width - 1)
        }
    }
}
