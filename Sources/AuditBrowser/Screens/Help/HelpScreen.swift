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

    static func lines(_ glyphs: Glyphs = .unicode) -> [StyledLine] {
        var out: [StyledLine] = []
        for section in Keymap.sections {
            out.append(StyledLine(section.title, Theme.title))
            for binding in section.all {
                let keys = binding.keys.map { $0.name(glyphs) }.joined(separator: " ")
                out.append(StyledLine("  " + TextWidth.pad(keys, to: 26), Theme.key).adding(glyphs.frame(binding.help)))
            }
            out.append(StyledLine())
        }
        out.append(StyledLine("Filter prompt", Theme.title))
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

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        let all = Self.lines(state.glyphs)
        let top = min(self.top, max(0, all.count - area.height))
        for (offset, line) in all.dropFirst(top).prefix(area.height).enumerated() {
            line.draw(into: &grid, x: area.x + 1, y: area.y + offset, limit: area.width - 1)
        }
    }
}
