/// What the screen is drawn with: Unicode where the terminal's locale can show it, else plain ASCII.
///
/// In a locale without UTF-8 (`LANG=C`, common over SSH and in cron or containers) ncurses cannot send a
/// non-ASCII character, so it would vanish: the frame is then drawn in ASCII (`->`, `-`, `|`, `...`) and
/// every non-ASCII character from the data is shown as a visible escape (`\u6771\u4EAC`). Data is escaped
/// before it is measured, so columns stay aligned either way.
public struct Glyphs: Sendable, Equatable {
    public let ascii: Bool

    public static let unicode = Glyphs(ascii: false)
    public static let ascii = Glyphs(ascii: true)

    /// Text from the data, as one line, safe to show (see `Sanitizer`).
    public func line(_ text: String) -> String { Sanitizer.line(text, ascii: ascii) }

    /// Text from the data, split at line breaks, each line safe to show.
    public func lines(_ text: String) -> [String] { Sanitizer.lines(text, ascii: ascii) }

    /// The frame's own symbols and what ASCII draws instead, declared once: the names below and `frame` read it.
    private static let asciiStandIns: [Character: String] = [
        "→": "->", "—": "-", "–": "-", "…": "...", "·": "|", "−": "-", "×": "x", "▸": ">",
        "┌": "/", "│": "|", "└": "\\", "█": "#", "▒": "!", "✎": "+",
    ]

    private func symbol(_ unicode: Character) -> String { ascii ? Self.asciiStandIns[unicode]! : String(unicode) }

    public var arrow: String { symbol("→") }
    public var dash: String { symbol("—") }
    public var ellipsis: String { symbol("…") }
    public var dot: String { symbol("·") }
    public var minus: String { symbol("−") }
    public var times: String { symbol("×") }
    public var pointer: String { symbol("▸") }
    /// The first, inner and last records of one request, in the list's first column.
    public var requestFirst: String { symbol("┌") }
    public var requestInner: String { symbol("│") }
    public var requestLast: String { symbol("└") }
    /// A histogram bar's cells: records, and warnings or worse (told apart without colour).
    public var bar: String { symbol("█") }
    public var barWarning: String { symbol("▒") }
    /// A row whose record has a note, after its time (a mark `*` shows instead while the record is marked).
    public var note: String { symbol("✎") }

    /// A literal of the frame's own, with its symbols in this set (`"loading…"`, `" · "`). Text from the
    /// data must already have gone through `line`: in ASCII it then holds none of these symbols.
    public func frame(_ text: String) -> String {
        guard ascii else { return text }
        var out = ""
        for character in text {
            if let standIn = Self.asciiStandIns[character] { out += standIn } else { out.append(character) }
        }
        return out
    }
}
