/// Monolog's line form, as LineFormatter writes it from a format string: by default
/// `[%datetime%] %channel%.%level_name%: %message% %context% %extra%`; `--line-format` takes another. The
/// fields before the message are read from the start, the JSON context and extra from the end (so a message
/// may hold brackets and braces), and either may be missing when LineFormatter was told to
/// `ignoreEmptyContextAndExtra`. A record may span lines (inline line breaks, stack traces); with inline
/// line breaks LineFormatter writes the newlines inside the JSON values raw, and they are read back as `\n`.
public struct LineFormat: Sendable {
    enum Token: Equatable, Sendable {
        case literal([UInt8])
        case field(String)
    }

    let head: [Token]
    let tail: [Token]
    let isMonologDefault: Bool

    public static let monolog = LineFormat("[%datetime%] %channel%.%level_name%: %message% %context% %extra%")!

    /// nil when the format has no `%datetime%` or `%message%`, or a field this reader does not know.
    public init?(_ format: String) {
        var tokens: [Token] = []
        var rest = Substring(format.hasSuffix("\n") ? String(format.dropLast()) : format)
        while !rest.isEmpty {
            if rest.first == "%", let close = rest.dropFirst().firstIndex(of: "%") {
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                guard ["datetime", "channel", "level_name", "message", "context", "extra"].contains(name) else {
                    return nil
                }
                tokens.append(.field(name))
                rest = rest[rest.index(after: close)...]
            } else {
                let next = rest.dropFirst().firstIndex(of: "%") ?? rest.endIndex
                tokens.append(.literal(Array(rest[..<next].utf8)))
                rest = rest[next...]
            }
        }
        guard let message = tokens.firstIndex(of: .field("message")), tokens.contains(.field("datetime")),
              tokens[..<message].allSatisfy({ $0 != .field("context") && $0 != .field("extra") })
        else { return nil }
        head = Array(tokens[..<message])
        tail = Array(tokens[(message + 1)...])
        isMonologDefault = format == "[%datetime%] %channel%.%level_name%: %message% %context% %extra%"
    }

    /// Whether a line starts a record: the format's opening literal, then a date's first digits.
    func startsRecord(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        for token in head {
            switch token {
            case .literal(let bytes):
                guard line.count >= i + bytes.count, line[i..<(i + bytes.count)].elementsEqual(bytes) else { return false }
                i += bytes.count
            case .field("datetime"):
                // 2025-… (four digits and a dash): Monolog's and PHP's usual date formats.
                guard line.count >= i + 5 else { return false }
                return line[i..<(i + 4)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && line[i + 4] == 0x2D
            default:
                return true // a format that opens with another field: any line may start a record
            }
        }
        return true
    }

    /// One record's bytes (possibly several lines) as a record. With `complete`, the line must end with
    /// every JSON field of the format (no `ignoreEmptyContextAndExtra` reading).
    func parse(_ bytes: [UInt8], _ reading: inout JSONShapes.Reading, complete: Bool = false) throws -> AuditRecord {
        let record = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) } ? bytes : Latin1.repair(bytes)
        return try record.withUnsafeBufferPointer { line in
            var fields: [String: String] = [:]
            let messageStart = try readHead(line, into: &fields)
            guard let dateText = fields["datetime"] else { throw LineError("line does not start with \"[date]\"") }
            guard let (time, assumed) = Timestamp.parseISO(Substring(dateText), zone: reading.zone) else {
                throw LineError("unreadable date \(LineError.quote(dateText))")
            }
            if assumed { reading.zoneAssumed += 1 }
            let levelName = fields["level_name"] ?? "INFO"
            guard let level = Level(name: levelName) else {
                throw LineError("unknown level \(LineError.quote(levelName, limit: 20))")
            }
            let channel = fields["channel"] ?? "app"
            guard !channel.isEmpty else { throw LineError("expected \"channel.LEVEL:\" after the date") }
            let (message, context, extra) = try readTail(line, from: messageStart, complete: complete)
            return AuditRecord(time: time, channel: channel, level: level.rawValue, levelName: levelName.uppercased(),
                               message: message, context: context, extra: extra)
        }
    }

    // MARK: Before the message

    private func readHead(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [String: String]) throws -> Int {
        if isMonologDefault { return try readMonologHead(line, into: &fields) }
        var i = 0
        for (index, token) in head.enumerated() {
            switch token {
            case .literal(let bytes):
                guard line.count >= i + bytes.count, line[i..<(i + bytes.count)].elementsEqual(bytes) else {
                    throw LineError("does not match the line format at byte \(i + 1)")
                }
                i += bytes.count
            case .field(let name):
                // A field runs to the next literal (or, last before the message, to the first space).
                var end = i
                if index + 1 < head.count, case .literal(let next) = head[index + 1], !next.isEmpty {
                    while end + next.count <= line.count, !line[end..<(end + next.count)].elementsEqual(next) { end += 1 }
                    guard end + next.count <= line.count else { throw LineError("does not match the line format") }
                } else {
                    while end < line.count, line[end] != 0x20 { end += 1 }
                }
                fields[name] = String(decoding: UnsafeBufferPointer(rebasing: line[i..<end]), as: UTF8.self)
                i = end
            }
        }
        return i
    }

    /// `[datetime] channel.LEVEL: ` — the level is the letters after the last dot before ": ".
    private func readMonologHead(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [String: String]) throws -> Int {
        let end = line.count
        guard end > 0, line[0] == UInt8(ascii: "[") else { throw LineError("line does not start with \"[date]\"") }
        guard let close = line.firstIndex(of: UInt8(ascii: "]")) else {
            throw LineError("line has no closing \"]\" after the date")
        }
        fields["datetime"] = String(decoding: UnsafeBufferPointer(rebasing: line[1..<close]), as: UTF8.self)
        var i = close + 1
        guard i < end, line[i] == 0x20 else { throw LineError("expected \"channel.LEVEL:\" after the date") }
        i += 1
        var colon = i
        while colon < end, line[colon] != 0x0A, !(line[colon] == UInt8(ascii: ":") && (colon + 1 == end || line[colon + 1] == 0x20 || line[colon + 1] == 0x0A)) {
            colon += 1
        }
        guard colon < end, line[colon] == UInt8(ascii: ":"), let dot = line[i..<colon].lastIndex(of: UInt8(ascii: ".")) else {
            throw LineError("expected \"channel.LEVEL:\" after the date")
        }
        fields["channel"] = String(decoding: UnsafeBufferPointer(rebasing: line[i..<dot]), as: UTF8.self)
        fields["level_name"] = String(decoding: UnsafeBufferPointer(rebasing: line[(dot + 1)..<colon]), as: UTF8.self)
        return min(end, colon + 2)
    }

    // MARK: The message and what follows it

    /// Context and extra from the end. First as written with both (`[] []`); failing that, as
    /// `ignoreEmptyContextAndExtra` leaves a line: an empty field's placeholder gone, its spaces kept.
    private func readTail(_ line: UnsafeBufferPointer<UInt8>, from start: Int, complete: Bool) throws
        -> (String, JSONValue, JSONValue) {
        var trimmed = line.count
        while trimmed > start, isSpace(line[trimmed - 1]) { trimmed -= 1 }
        if let result = matchTail(line, from: start, end: trimmed, optional: false) { return result }
        var end = line.count
        while end > start, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        // A message that ends in an unclosed `{"…` or `[…` is a line cut short, not one without context.
        if !complete, let result = matchTail(line, from: start, end: end, optional: true),
           !Self.endsInBrokenJSON(result.0) {
            return result
        }
        throw LineError(tail.contains(.field("extra")) ? "line does not end with the extra JSON" : "line does not match the line format after the message")
    }

    private func matchTail(_ line: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, optional: Bool)
        -> (String, JSONValue, JSONValue)? {
        var end = end
        var context: JSONValue = .object([])
        var extra: JSONValue = .object([])
        for token in tail.reversed() {
            switch token {
            case .literal(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 }) {
                    // Spaces between fields: as many as there are, up to the literal's count.
                    var n = 0
                    while n < bytes.count, end > start, line[end - 1] == 0x20 { end -= 1; n += 1 }
                    if !optional, n < bytes.count { return nil }
                } else {
                    guard end - start >= bytes.count, line[(end - bytes.count)..<end].elementsEqual(bytes) else { return nil }
                    end -= bytes.count
                }
            case .field(let name):
                guard name == "context" || name == "extra" else { return nil }
                if let (value, valueStart) = Self.trailingJSON(line, from: start, end: end) {
                    if name == "context" { context = value } else { extra = value }
                    end = valueStart
                } else if !optional {
                    return nil
                }
            }
        }
        let message = String(decoding: UnsafeBufferPointer(rebasing: line[start..<max(start, end)]), as: UTF8.self)
        return (message, context, extra)
    }

    /// The JSON object or array that ends exactly at `end` and starts at a word boundary; the rightmost
    /// such start wins, so braces inside the message cannot be taken for the context. Raw line breaks
    /// inside its strings (LineFormatter's inline line breaks) are read as `\n`.
    static func trailingJSON(_ line: UnsafeBufferPointer<UInt8>, from lower: Int, end: Int) -> (JSONValue, Int)? {
        guard end > lower else { return nil }
        let last = line[end - 1]
        guard last == UInt8(ascii: "}") || last == UInt8(ascii: "]") else { return nil }
        let opener = last == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
        var start = end - 1
        while start >= lower {
            if line[start] == opener, start == lower || line[start - 1] == 0x20 || line[start - 1] == 0x0A {
                let slice = UnsafeBufferPointer(rebasing: line[start..<end])
                var value = try? JSONParser.parseDocument(slice)
                if value == nil, slice.contains(0x0A) || slice.contains(0x0D) {
                    value = try? escapingLineBreaks(slice).withUnsafeBufferPointer { try JSONParser.parseDocument($0) }
                }
                if let value {
                    switch value {
                    case .object, .array: return (value, start)
                    default: break
                    }
                }
            }
            start -= 1
        }
        return nil
    }

    /// Whether text ends in a JSON object or array that opens after a space and never closes.
    static func endsInBrokenJSON(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let open = bytes.indices.last(where: { i in
            (bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[")) && (i == 0 || bytes[i - 1] == 0x20)
                && i + 1 < bytes.count && (bytes[i + 1] == 0x22 || bytes[i + 1] == UInt8(ascii: "{") || bytes[i + 1] == UInt8(ascii: "["))
        }) else { return false }
        var depth = 0
        var strings = JSONStrings()
        for byte in bytes[open...] {
            if strings.feed(byte) { continue }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return depth > 0
    }

    /// JSON text whose strings hold raw line breaks, with those written as `\n` (and `\r`).
    static func escapingLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var strings = JSONStrings()
        for byte in bytes {
            if strings.feed(byte) {
                if byte == 0x0A { out += [0x5C, UInt8(ascii: "n")]; continue }
                if byte == 0x0D { out += [0x5C, UInt8(ascii: "r")]; continue }
            }
            out.append(byte)
        }
        return out
    }
}

/// LineFormatter writes a message's bytes raw: a byte that is not UTF-8 is read as Latin-1 (`0xE9` → é),
/// the most common older encoding, rather than losing the record.
enum Latin1 {
    static func repair(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length > 0 {
                out += bytes[i..<(i + length)]
                i += length
            } else {
                let byte = bytes[i]
                out += [0xC0 | (byte >> 6), 0x80 | (byte & 0x3F)] // U+0080…U+00FF as UTF-8
                i += 1
            }
        }
        return out
    }

    /// The length of the valid UTF-8 sequence at `i`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return 1 }
        let length: Int
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= bytes.count else { return 0 }
        return bytes.withUnsafeBufferPointer { UTF8Check.isValid(UnsafeBufferPointer(rebasing: $0[i..<(i + length)])) } ? length : 0
    }
}
