/// Terminal column widths (East Asian Wide and Fullwidth, emoji presentation, combining marks), without
/// depending on the C library's locale, so tests and the terminal agree.
public enum TextWidth {
    public static func of(_ character: Character) -> Int {
        var width = 0
        for (index, scalar) in character.unicodeScalars.enumerated() {
            if index > 0 {
                // An emoji presentation selector or a joined emoji makes the cluster wide.
                if scalar.value == 0xFE0F, width == 1 { width = 2 }
                continue
            }
            width = of(scalar)
        }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 1 } // shown as escapes by the sanitiser anyway
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    public static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
             0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
             0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
             0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1AFF0...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F260...0x1F265,
             0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
             0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440, 0x1F442...0x1F4FC,
             0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A, 0x1F595...0x1F596, 0x1F5A4,
             0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
             0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0,
             0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD,
             0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// The text cut to `width` columns, ending in `ellipsis` (`…`, or `...` in ASCII) when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let mark = of(ellipsis) < width ? ellipsis : ""
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - of(mark) { break }
            out.append(character)
            used += w
        }
        return out + mark
    }

    /// A path cut in its middle to `width` columns: the start of its directory, `ellipsis`, and its end — the
    /// file's name whole (with its extension) when it leaves the directory a quarter of the room (at most 12
    /// columns), else the name's end.
    public static func shortenMiddle(_ path: String, to width: Int, ellipsis: String = "…") -> String {
        if of(path) <= width { return path }
        let room = width - of(ellipsis)
        guard room > 1 else { return truncate(path, to: width, ellipsis: ellipsis) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let tailRoom = min(of(name), room - min(12, room / 4))
        var tail = ""
        var used = 0
        for character in path.reversed() {
            let w = of(character)
            if used + w > tailRoom { break }
            tail.insert(character, at: tail.startIndex)
            used += w
        }
        var head = ""
        var headUsed = 0
        for character in path {
            let w = of(character)
            if headUsed + w > room - used { break }
            head.append(character)
            headUsed += w
        }
        return head + ellipsis + tail
    }

    /// The text padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// Splits text into lines of at most `width` columns, breaking at spaces when it can.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        var used = 0
        var lastSpace: (String.Index, Int)? = nil
        for character in text {
            let w = of(character)
            if used + w > width, character == " " {
                // Break at this space; it starts no line.
                lines.append(current)
                current = ""
                used = 0
                lastSpace = nil
                continue
            }
            if used + w > width {
                if let (index, columns) = lastSpace, columns > 0 {
                    lines.append(String(current[..<index]))
                    current = String(current[current.index(after: index)...])
                    used = of(current)
                } else {
                    lines.append(current)
                    current = ""
                    used = 0
                }
                lastSpace = nil
            }
            if character == " " { lastSpace = (current.endIndex, used) }
            current.append(character)
            used += w
        }
        lines.append(current)
        return lines
    }
}
