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
                case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF:
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The stored forms FORMATS.md describes.
public enum SourceFormat: String, CaseIterable, Sendable {
    case monologLine = "monolog-line"
    case monologJSON = "monolog-json"
    case elasticsearch = "es"

    /// Guesses the form from the first non-blank line of a file.
    static func detect(firstLine line: UnsafeBufferPointer<UInt8>) -> SourceFormat? {
        guard let first = line.firstIndex(where: { !isSpace($0) }) else { return nil }
        switch line[first] {
        case UInt8(ascii: "["): return .monologLine
        case UInt8(ascii: "{"):
            // An Elasticsearch hit or response names `_source` or `hits` near its start.
            let head = String(decoding: UnsafeBufferPointer(rebasing: line[first..<min(line.count, first + 400)]),
                              as: UTF8.self)
            if head.contains("\"_source\"") || head.contains("\"hits\"") || head.contains("\"_index\"")
                || head.contains("\"took\"") {
                return .elasticsearch
            }
            return .monologJSON
        default: return nil
        }
    }
}

func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

// MARK: Monolog JSON and Elasticsearch

enum MonologJSONParser {
    static func parse(line: UnsafeBufferPointer<UInt8>) throws -> ParsedRecord {
        let value: JSONValue
        do { value = try JSONParser.parseDocument(line) } catch let error as JSONParseError {
            throw LineError("invalid JSON: \(error.description) at byte \(error.offset + 1)")
        }
        return try record(from: value)
    }

    /// A Monolog record from its JSON object form (JsonFormatter, or an Elasticsearch `_source`).
    static func record(from value: JSONValue) throws -> ParsedRecord {
        guard case .object = value else { throw LineError("a record must be a JSON object") }
        guard case .string(let message)? = value["message"] else { throw LineError("record has no \"message\"") }
        guard case .string(let datetime)? = value["datetime"] else { throw LineError("record has no \"datetime\"") }
        guard let time = Timestamp.parseISO(Substring(datetime)) else {
            throw LineError("unreadable datetime \(LineError.quote(datetime))")
        }
        guard case .string(let channel)? = value["channel"], !channel.isEmpty else {
            throw LineError("record has no \"channel\"")
        }
        let levelName = value["level_name"]?.scalarText
        let level: Int
        if case .number(let text)? = value["level"], let number = Int(text) {
            level = number
        } else if let levelName, let known = Level(name: levelName) {
            level = known.rawValue
        } else {
            throw LineError("record has no \"level\"")
        }
        let context = value["context"] ?? .object([])
        let extra = value["extra"] ?? .object([])
        for (name, part) in [("context", context), ("extra", extra)] {
            switch part {
            case .object, .array: break
            default: throw LineError("\(LineError.quote(name)) must be an object")
            }
        }
        return ParsedRecord(time: time, channel: channel, level: level, levelName: levelName, message: message,
                            context: context, extra: extra)
    }
}

enum ElasticsearchParser {
    /// One hit per line: `{"_index":…,"_id":…,"_source":{record}}`.
    static func parse(line: UnsafeBufferPointer<UInt8>) throws -> [ParsedRecord] {
        let value: JSONValue
        do { value = try JSONParser.parseDocument(line) } catch let error as JSONParseError {
            throw LineError("invalid JSON: \(error.description) at byte \(error.offset + 1)")
        }
        return try records(in: value)
    }

    /// A hit, or a whole `_search` response holding `hits.hits`.
    static func records(in value: JSONValue) throws -> [ParsedRecord] {
        if let hits = value["hits"]?["hits"] {
            guard case .array(let items) = hits else { throw LineError("\"hits.hits\" is not an array") }
            return try items.enumerated().map { index, hit in
                do { return try record(fromHit: hit) } catch let error as LineError {
                    throw LineError("hit \(index + 1): \(error.reason)")
                }
            }
        }
        return [try record(fromHit: value)]
    }

    static func record(fromHit hit: JSONValue) throws -> ParsedRecord {
        guard let source = hit["_source"] else { throw LineError("hit has no \"_source\"") }
        return try MonologJSONParser.record(from: source)
    }
}

// MARK: Monolog line format

/// `[datetime] channel.LEVEL: message context extra`, where context and extra are JSON (`[]` when empty)
/// and the message may hold spaces, brackets and braces. The two JSON values are found from the end.
enum MonologLineParser {
    static func parse(line: UnsafeBufferPointer<UInt8>) throws -> ParsedRecord {
        var end = line.count
        while end > 0, isSpace(line[end - 1]) { end -= 1 }
        guard end > 0, line[0] == UInt8(ascii: "[") else { throw LineError("line does not start with \"[date]\"") }
        guard let close = line[0..<end].firstIndex(of: UInt8(ascii: "]")) else {
            throw LineError("line has no closing \"]\" after the date")
        }
        let dateText = String(decoding: UnsafeBufferPointer(rebasing: line[1..<close]), as: UTF8.self)
        guard let time = Timestamp.parseISO(Substring(dateText)) else {
            throw LineError("unreadable date \(LineError.quote(dateText))")
        }
        var i = close + 1
        guard i < end, line[i] == 0x20 else { throw LineError("expected \"channel.LEVEL:\" after the date") }
        i += 1
        // channel.LEVEL: — the level is the letters after the last dot before ": ".
        var colon = i
        while colon + 1 < end, !(line[colon] == UInt8(ascii: ":") && line[colon + 1] == 0x20) { colon += 1 }
        guard colon + 1 < end, let dot = line[i..<colon].lastIndex(of: UInt8(ascii: ".")) else {
            throw LineError("expected \"channel.LEVEL:\" after the date")
        }
        let channel = String(decoding: UnsafeBufferPointer(rebasing: line[i..<dot]), as: UTF8.self)
        let levelName = String(decoding: UnsafeBufferPointer(rebasing: line[(dot + 1)..<colon]), as: UTF8.self)
        guard !channel.isEmpty, let level = Level(name: levelName) else {
            throw LineError("unknown level \(LineError.quote(levelName, limit: 20))")
        }
        let messageStart = colon + 2
        guard let (extra, extraStart) = trailingJSON(line, from: messageStart, end: end) else {
            throw LineError("line does not end with the extra JSON")
        }
        var contextEnd = extraStart
        while contextEnd > messageStart, line[contextEnd - 1] == 0x20 { contextEnd -= 1 }
        guard let (context, contextStart) = trailingJSON(line, from: messageStart, end: contextEnd) else {
            throw LineError("no context JSON before the extra JSON")
        }
        var messageEnd = contextStart
        if messageEnd > messageStart, line[messageEnd - 1] == 0x20 { messageEnd -= 1 }
        let message = String(decoding: UnsafeBufferPointer(rebasing: line[messageStart..<max(messageStart, messageEnd)]),
                             as: UTF8.self)
        return ParsedRecord(time: time, channel: channel, level: level.rawValue, levelName: levelName.uppercased(),
                            message: message, context: context, extra: extra)
    }

    /// The JSON object or array that ends exactly at `end` and starts at a word boundary; the rightmost
    /// such start wins, so braces inside the message cannot be taken for the context.
    private static func trailingJSON(_ line: UnsafeBufferPointer<UInt8>, from lower: Int, end: Int)
        -> (JSONValue, Int)? {
        guard end > lower else { return nil }
        let last = line[end - 1]
        guard last == UInt8(ascii: "}") || last == UInt8(ascii: "]") else { return nil }
        let opener = last == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
        var start = end - 1
        while start >= lower {
            if line[start] == opener, start == lower || line[start - 1] == 0x20 {
                let slice = UnsafeBufferPointer(rebasing: line[start..<end])
                if let value = try? JSONParser.parseDocument(slice) {
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
}
