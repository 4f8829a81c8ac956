import AuditStore

/// Every key, from the keymaps that also handle them: each registered screen's sections, then the browser's
/// own keys and the prompt's. Over every tab until closed; it takes every key but quitting.
struct HelpScreen: Screen {
    /// The first line shown.
    var top = 0

    static let keys = KeyContext([], borrowing: Keymap.moving)

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        switch action {
        case .move(let n): top = max(0, top + n)
        case .page(let n), .halfPage(let n): top = max(0, top + n * context.bodyHeight / 2)
        case .top: top = 0
        case .toggleHelp, .back, .quitOrBack: return .then(.close)
        case .quit: return .ignored
        default: break
        }
        return .done()
    }

    var isLoading: Bool { false }

    func title(_ state: BrowserState) -> StyledLine { StyledLine("Keys", Theme.title) }

    func status(_ state: BrowserState) -> String { "j/k scroll  ? or Esc closes" }

    /// Help at `width` columns: each section's keys in a column as wide as its widest key (capped), each
    /// help text wrapped onto lines of its own under the text column, never cut.
    static func lines(_ glyphs: Glyphs = .unicode, width: Int = 79) -> [StyledLine] {
        var out: [StyledLine] = []
        for section in Keymap.sections {
            out.append(StyledLine(section.title, Theme.title))
            let rows = section.all.map { ($0.keys.map { $0.name(glyphs) }.joined(separator: " "), glyphs.frame($0.help)) }
            out += table(rows, width: width)
            out.append(StyledLine())
        }
        out.append(StyledLine("Filter prompt", Theme.title))
        out += table(Keymap.promptKeys.map { ($0.keys.map { $0.name(glyphs) }.joined(separator: " "), $0.help) },
                     width: width)
        out += filterLines(width: width).map { StyledLine($0, Theme.dim) }
        return out
    }

    /// Rows of keys and their help: the key column fits the widest keys (at most 20 columns, so ASCII's
    /// "Enter l Right Space" fits, or a third of a narrow screen: longer keys push their text along); the text
    /// wraps under the text column.
    static func table(_ rows: [(keys: String, help: String)], width: Int) -> [StyledLine] {
        let cap = max(6, min(20, (width - 4) / 3))
        let keyWidth = min(cap, rows.map { TextWidth.of($0.keys) }.max() ?? 0)
        var out: [StyledLine] = []
        for (keys, help) in rows {
            let column = "  " + keys + String(repeating: " ", count: max(0, keyWidth - TextWidth.of(keys))) + "  "
            let indent = String(repeating: " ", count: 4 + keyWidth)
            out += StyledLine(column, Theme.key).adding(help).wrapped(width: width, indent: indent)
        }
        return out
    }

    /// The filter language's words (from its one description, `QueryText.Filter`), wrapped to `width` columns.
    static func filterLines(width: Int = 78) -> [String] {
        var lines: [String] = []
        var line = "  Filters:"
        for word in QueryText.Filter.allCases.map(\.sample) + ["\"quoted words\"", "and", "free", "words"] {
            if TextWidth.of(line) + 1 + TextWidth.of(word) > width, line != "   " {
                lines.append(line)
                line = "   "
            }
            line += " " + word
        }
        return lines + [line]
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        let all = Self.lines(state.glyphs, width: area.width - 1)
        let top = min(self.top, max(0, all.count - area.height))
        for (offset, line) in all.dropFirst(top).prefix(area.height).enumerated() {
            line.draw(into: &grid, x: area.x + 1, y: area.y + offset, limit: area.width - 1)
        }
    }
}
