/// Why one line of a source could not be read; becomes `FILE:LINE: reason`.
struct LineError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }

    /// Input quoted in a reason: at most `limit` characters, controls and invisible or reordering
    /// characters as `\u…` escapes, so the reason stays one safe line on a terminal.
    static func quote<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
        var out = "\""
        for character in text.prefix(limit) {
            for scalar in character.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case let v where v < 0x20 || v == 0x7F || InvisibleText.mustEscape(scalar):
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The forms a record comes in (IMPORTING.md): detected per record, named in the import summary.
public enum SourceFormat: String, CaseIterable, Sendable {
    case monologLine = "monolog-line"
    case monologJSON = "monolog-json"
    case elasticsearch = "es"
    /// Logstash or Elastic Common Schema documents (`@timestamp`).
    case shipper = "logstash-ecs"
}

func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

