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

    // The frame's own symbols.
    public var arrow: String { ascii ? "->" : "→" }
    public var dash: String { ascii ? "-" : "—" }
    public var ellipsis: String { ascii ? "..." : "…" }
    public var dot: String { ascii ? "|" : "·" }
    public var minus: String { ascii ? "-" : "−" }
    public var times: String { ascii ? "x" : "×" }
    public var pointer: String { ascii ? ">" : "▸" }
    /// The first, inner and last records of one request, in the list's first column.
    public var requestFirst: String { ascii ? "/" : "┌" }
    public var requestInner: String { ascii ? "|" : "│" }
    public var requestLast: String { ascii ? "\\" : "└" }
    /// A histogram bar's cells: records, and warnings or worse (told apart without colour).
    public var bar: String { ascii ? "#" : "█" }
    public var barWarning: String { ascii ? "!" : "▒" }
    /// A row whose record has a note, after its time (a mark `*` shows instead while the record is marked).
    public var note: String { ascii ? "+" : "✎" }

    /// A literal of the frame's own, with its symbols in this set (`"loading…"`, `" · "`). Text from the
    /// data must already have gone through `line`: in ASCII it then holds none of these symbols.
    public func frame(_ text: String) -> String {
        guard ascii else { return text }
        var out = ""
        for character in text {
            switch character {
            case "→": out += arrow
            case "—", "–": out += dash
            case "…": out += ellipsis
            case "·": out += dot
            case "−": out += minus
            case "×": out += times
            case "▸": out += pointer
            case "┌": out += requestFirst
            case "│": out += requestInner
            case "└": out += requestLast
            default: out.append(character)
            }
        }
        return out
    }
}
