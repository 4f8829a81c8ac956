/// A value as BillaBear's audit listener wrote it with PHP, read back into a type a diff can use.
/// The stored text is never changed; this is only how it is understood.
public indirect enum PHPValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// An integer or a float, kept as written (`5`, `20.0`).
    case number(String)
    case string(String)
    case date(Timestamp)
    /// `var_export` output: ordered keys and values.
    case array([PHPArrayEntry])
    /// An enum's class name (the value itself was lost).
    case className(String)
    /// A linked record's id (a uuid or another token without spaces).
    case id(String)
    /// Anything else, as written (older data joined arrays with `, `).
    case text(String)

    public static func parse(_ text: String) -> PHPValue {
        let trimmed = text.trimmingSpaces
        switch trimmed.lowercased() {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let quoted = unquote(trimmed) { return .string(quoted) }
        if isNumber(trimmed) { return .number(trimmed) }
        if let time = Timestamp.parseISO(Substring(trimmed)) { return .date(time) }
        if trimmed.hasPrefix("array (") || trimmed.hasPrefix("array(") {
            var reader = VarExportReader(Array(trimmed.unicodeScalars))
            if let value = reader.readArray(), reader.atEnd { return value }
            return .text(text)
        }
        if isClassName(trimmed) { return .className(trimmed) }
        if !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ isIDCharacter($0) }) { return .id(trimmed) }
        return .text(text)
    }

    /// A `'…'` PHP string with `\'` and `\\` escapes, or nil when the text is not exactly one.
    static func unquote(_ text: String) -> String? {
        var reader = VarExportReader(Array(text.unicodeScalars))
        guard let value = reader.readQuoted(), reader.atEnd else { return nil }
        return value
    }

    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    static func isClassName(_ text: String) -> Bool {
        let parts = text.split(separator: "\\", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
                return false
            }
            return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_"
            || s == "."
    }

    /// The value as lines of text for display: arrays one entry a line (nested ones indented), a string
    /// without its quotes, everything else as written.
    public var lines: [String] {
        switch self {
        case .null: return ["NULL"]
        case .bool(let b): return [b ? "true" : "false"]
        case .number(let n): return [n]
        case .string(let s): return [s]
        case .date(let t): return [t.rfc3339]
        case .className(let c): return [c]
        case .id(let i): return [i]
        case .text(let t): return t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .array(let entries):
            if entries.isEmpty { return ["[]"] }
            var out: [String] = []
            for entry in entries {
                switch entry.value {
                case .array(let inner) where !inner.isEmpty:
                    out.append("\(entry.key):")
                    out += entry.value.lines.map { "  " + $0 }
                default:
                    out.append("\(entry.key): \(entry.value.lines.joined(separator: " "))")
                }
            }
            return out
        }
    }

    /// What kind of value it is, in a word for the diff's header.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "text"
        case .date: "date"
        case .array: "array"
        case .className: "enum"
        case .id: "id"
        case .text: "text"
        }
    }
}

public struct PHPArrayEntry: Equatable, Sendable {
    public var key: String
    public var value: PHPValue
}

/// Reads `var_export` text: `array (\n  'k' => 'v',\n  0 => \n  array (\n  ),\n)`.
private struct VarExportReader {
    let s: [Unicode.Scalar]
    var i = 0

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    var atEnd: Bool {
        var j = i
        while j < s.count, s[j].properties.isWhitespace { j += 1 }
        return j == s.count
    }

    mutating func skipSpace() { while i < s.count, s[i].properties.isWhitespace { i += 1 } }

    mutating func expect(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard i + scalars.count <= s.count, Array(s[i..<(i + scalars.count)]) == scalars else { return false }
        i += scalars.count
        return true
    }

    mutating func readQuoted() -> String? {
        guard i < s.count, s[i] == "'" else { return nil }
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count, s[i + 1] == "'" || s[i + 1] == "\\" {
                out.append(s[i + 1])
                i += 2
            } else if c == "'" {
                i += 1
                return String(out)
            } else {
                out.append(c)
                i += 1
            }
        }
        return nil
    }

    mutating func readArray(depth: Int = 0) -> PHPValue? {
        guard depth < 64, expect("array") else { return nil }
        skipSpace()
        guard expect("(") else { return nil }
        var entries: [PHPArrayEntry] = []
        while true {
            skipSpace()
            if expect(")") { return .array(entries) }
            let key: String
            if let quoted = readQuoted() {
                key = quoted
            } else {
                let start = i
                while i < s.count, s[i] == "-" || ("0"..."9").contains(s[i]) { i += 1 }
                guard i > start else { return nil }
                key = String(String.UnicodeScalarView(s[start..<i]))
            }
            skipSpace()
            guard expect("=>") else { return nil }
            skipSpace()
            guard let value = readValue(depth: depth) else { return nil }
            entries.append(PHPArrayEntry(key: key, value: value))
            skipSpace()
            guard expect(",") else { return nil }
        }
    }

    mutating func readValue(depth: Int) -> PHPValue? {
        if i < s.count, s[i] == "'" { return readQuoted().map(PHPValue.string) }
        if i < s.count, s[i] == "a" { return readArray(depth: depth + 1) }
        let start = i
        while i < s.count, s[i] != ",", !s[i].properties.isWhitespace { i += 1 }
        guard i > start else { return nil }
        let token = String(String.UnicodeScalarView(s[start..<i]))
        let value = PHPValue.parse(token)
        if case .text = value { return nil }
        return value
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
