import AuditStore

/// Makes text from the data safe to show on a terminal: nothing in it can move the cursor, recolour,
/// retitle, write the clipboard or reorder the line. Control characters become their visible
/// Control Pictures (`ESC` → `␛`, so `␛[31m` reads as what it is); C1 controls, bidi and invisible
/// format characters become `\u{…}`-style escapes.
public enum Sanitizer {
    /// One line: line breaks are shown, not obeyed. With `ascii` (a terminal without UTF-8), every
    /// character beyond ASCII is shown as an escape (`\u00FC`) and a control in caret notation (`^[`), so
    /// nothing from the data can vanish; a bullet (•, what masks personal data) is shown as `*`.
    public static func line(_ text: String, ascii: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        if ascii {
            for scalar in text.unicodeScalars { appendASCII(scalar, to: &out) }
        } else {
            for scalar in text.unicodeScalars { append(scalar, to: &out) }
        }
        return String(out)
    }

    /// Several lines: `\n` (and `\r\n`) split lines; every other control is shown.
    public static func lines(_ text: String, ascii: Bool = false) -> [String] {
        // Split on scalars: Swift reads "\r\n" as one Character.
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { part in
            var scalars = String.UnicodeScalarView(part)
            if scalars.last == "\r" { scalars.removeLast() }
            return line(String(scalars), ascii: ascii)
        }
    }

    /// Text for a terminal that keeps its lines: `\n` is obeyed, every other control shown as `line` shows
    /// it. An export or report printed to a terminal goes through here (in a file or a pipe it stays exact).
    public static func keepingLineBreaks(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" { out.append(scalar) } else { append(scalar, to: &out) }
        }
        return String(out)
    }

    public static func append(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let value = scalar.value
        switch value {
        case 0x00...0x1F:
            out.append(Unicode.Scalar(0x2400 + value)!) // ␀ … ␟, with ␛ for ESC
        case 0x7F:
            out.append("\u{2421}") // ␡
        default:
            if InvisibleText.mustEscape(scalar) { escape(value, to: &out) } else { out.append(scalar) }
        }
    }

    public static func appendASCII(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let value = scalar.value
        switch value {
        case 0x00...0x1F:
            out.append("^")
            out.append(Unicode.Scalar(0x40 + value)!) // ^@ … ^_, with ^[ for ESC
        case 0x7F:
            out.append(contentsOf: "^?".unicodeScalars)
        case 0x20..<0x7F:
            out.append(scalar)
        case 0x2022:
            out.append("*") // the bullet masked personal data is shown with (`PersonalData.hidden`): `j***@acme.example`
        default:
            escape(value, to: &out)
        }
    }

    private static func escape(_ value: UInt32, to out: inout String.UnicodeScalarView) {
        // \u202E inside the Basic Multilingual Plane, \U0001F600 beyond it.
        let hex = String(value, radix: 16, uppercase: true)
        let digits = value > 0xFFFF ? 8 : 4
        out.append(contentsOf: ((value > 0xFFFF ? "\\U" : "\\u") + String(repeating: "0", count: max(0, digits - hex.count))
            + hex).unicodeScalars)
    }
}
