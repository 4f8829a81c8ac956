/// Help as an 80-column terminal shows it: every line of `--help` fits, wrapped at spaces, each entry's
/// further lines under its text. The declarations (`CommandSpec`, `Commands`) are written as prose and
/// tables; this lays them out, so a longer sentence in a declaration never makes a line overflow.
enum HelpText {
    static let width = 80

    /// Text laid out at `width`. Lines at the left margin that follow each other are one paragraph, wrapped
    /// anew. An indented line starts an entry (`  text    one line per record…`, an option, a command);
    /// the lines after it indented deeper continue it, and it wraps under them, else under the column where
    /// its text starts (after its first run of two or more spaces); a line indented deeper under an entry of one
    /// line that has no such column is the entry's text on a line of its own. Blank lines stay.
    static func reflow(_ text: String, width: Int = width) -> String {
        var out: [String] = []
        var entry: (text: String, indent: Int, hanging: Int)?
        func flush() {
            if let entry { out += wrap(entry.text, hanging: entry.hanging, width: width) }
            entry = nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            let words = line.drop { $0 == " " }
            if words.isEmpty {
                flush()
                out.append("")
            } else if let current = entry, current.indent > 0, current.hanging == current.indent, indent > current.indent {
                // An entry of one line without a text column (a synopsis alone) and a line indented deeper: that
                // line is its text, on a line of its own in its column.
                flush()
                entry = (String(line), indent, indent)
            } else if let current = entry, current.indent == 0 ? indent == 0 : indent > current.indent {
                entry = (current.text + " " + words, current.indent, current.indent == 0 ? 0 : indent)
            } else {
                flush()
                entry = (String(line), indent, indent == 0 ? 0 : textColumn(of: line) ?? indent)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// Where an entry's text starts: after the first run of two or more spaces past its indent; nil for none.
    static func textColumn(of line: Substring) -> Int? {
        let characters = Array(line)
        var index = characters.firstIndex { $0 != " " } ?? 0
        while index + 1 < characters.count {
            if characters[index] == " ", characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                return end < characters.count ? end : nil
            }
            index += 1
        }
        return nil
    }

    /// One line wrapped at spaces to `width`, its further lines indented by `hanging`. A word longer than
    /// the line stays whole.
    static func wrap(_ line: String, hanging: Int, width: Int = width) -> [String] {
        var lines: [String] = []
        var rest = Array(line)
        let indent = [Character](repeating: " ", count: hanging)
        while rest.count > width {
            // The last space that leaves the line within the width, past the hanging indent.
            var cut = width
            while cut > hanging, rest[cut] != " " { cut -= 1 }
            if cut <= hanging {
                guard let after = rest[width...].firstIndex(of: " ") else { break }
                cut = after
            }
            var head = rest[..<cut]
            while head.last == " " { head.removeLast() }
            lines.append(String(head))
            rest = indent + Array(rest[cut...].drop { $0 == " " })
        }
        lines.append(String(rest))
        return lines
    }
}
