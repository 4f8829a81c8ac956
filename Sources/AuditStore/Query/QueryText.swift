/// The filter language shared by `--query`, the CLI's filter flags and the browser's filter prompt:
/// `customer:ID admin:EMAIL since:7d until:2025-03-01 level:warning channel:audit free words`.
/// A value with spaces is quoted (`admin:"ana o'neil"`, `"two words"`); an unknown `key:` is searched
/// as text, so `https://…` stays a search word.
public enum QueryText {
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static let keys = ["customer", "subscription", "admin", "since", "until", "level", "channel", "request",
                              "field"]

    public static func parse(_ text: String, clock: Clock) throws -> RecordQuery {
        var query = RecordQuery()
        for token in tokens(text) {
            guard let key = token.key else {
                if !token.value.isEmpty { query.words.append(token.value) }
                continue
            }
            try apply(key: key, value: token.value, to: &query, clock: clock)
        }
        return query
    }

    /// Sets one filter from its text, as a `key:value` token or a CLI flag would.
    public static func apply(key: String, value: String, to query: inout RecordQuery, clock: Clock) throws {
        guard !value.isEmpty else { throw Error(description: "\(key): needs a value") }
        switch key {
        case "customer": query.customer = value
        case "subscription", "sub": query.subscription = value
        case "admin": query.admin = value
        case "request", "uid": query.request = value
        case "field": query.field = value
        case "since": query.since = try time(value, key: key, clock: clock, endOfDay: false)
        case "until": query.until = try time(value, key: key, clock: clock, endOfDay: true)
        case "level":
            guard let level = Level(name: value) else {
                throw Error(description: "level: unknown level \"\(value)\" (debug, info, notice, warning, "
                    + "error, critical, alert, emergency)")
            }
            query.minimumLevel = level
        case "channel", "search":
            if key == "search" { query.words.append(value) } else { query.channel = value }
        default:
            query.words.append("\(key):\(value)")
        }
    }

    /// The query as text that parses back to it (times in the clock's zone).
    public static func format(_ query: RecordQuery, clock: Clock) -> String {
        describe(query, clock: clock).joined(separator: " ")
    }

    /// Each active filter as one `key:value` item, for status lines and "no logs" screens.
    public static func describe(_ query: RecordQuery, clock: Clock) -> [String] {
        var parts: [String] = []
        func add(_ key: String, _ value: String?) { if let value { parts.append("\(key):\(quoted(value))") } }
        add("customer", query.customer)
        add("subscription", query.subscription)
        add("admin", query.admin)
        add("request", query.request)
        add("since", query.since.map { timeText($0, clock: clock) })
        add("until", query.until.map { timeText($0, clock: clock) })
        add("level", query.minimumLevel.map { $0.name.lowercased() })
        add("channel", query.channel)
        add("field", query.field)
        parts += query.words.map { quoted($0) }
        return parts
    }

    private static func timeText(_ time: Timestamp, clock: Clock) -> String {
        let text = clock.localText(time).replacingAll(" ", with: "T")
        return text.hasSuffix("T00:00:00") ? String(text.dropLast(9)) : text
    }

    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0.isNewline || $0 == "\t" })
        else { return value }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }

    // MARK: Tokens

    struct Token: Equatable {
        var key: String?
        var value: String
    }

    /// Splits on spaces; `"…"` groups (a doubled `""` inside is one quote); `key:` before a value.
    static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var characters = Array(text)[...]
        while true {
            while let first = characters.first, first.isWhitespace { characters.removeFirst() }
            guard !characters.isEmpty else { break }
            var key: String? = nil
            if let colon = characters.firstIndex(of: ":"),
               characters[characters.startIndex..<colon].allSatisfy({ $0.isLetter }),
               colon > characters.startIndex {
                let name = String(characters[characters.startIndex..<colon]).lowercased()
                if keys.contains(name) || name == "sub" || name == "uid" || name == "search" {
                    key = name
                    characters = characters[(colon + 1)...]
                }
            }
            var value = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let c = characters.first {
                    characters.removeFirst()
                    if c == "\"" {
                        if characters.first == "\"" { value.append("\""); characters.removeFirst() } else { break }
                    } else {
                        value.append(c)
                    }
                }
            } else {
                while let c = characters.first, !c.isWhitespace {
                    value.append(c)
                    characters.removeFirst()
                }
            }
            result.append(Token(key: key, value: value))
        }
        return result
    }

    // MARK: Times

    /// A moment as a person writes it (`2025-03-01`, `2025-03-01T10:30`, `7d`, `now`); a date alone means
    /// the end of that day when `endOfDay`. Errors name `key`.
    public static func moment(_ text: String, key: String, clock: Clock, endOfDay: Bool) throws -> Timestamp {
        try time(text, key: key, clock: clock, endOfDay: endOfDay)
    }

    /// `90m`, `24h`, `7d`, `2w` ago; `today`, `yesterday`, `now`; an ISO date (local midnight; as an
    /// upper bound the whole day counts), a local date-time, or a date-time with an offset.
    static func time(_ text: String, key: String, clock: Clock, endOfDay: Bool) throws -> Timestamp {
        let lower = text.lowercased()
        switch lower {
        case "now": return clock.now
        case "today": return clock.startOfDay(clock.now, addingDays: endOfDay ? 1 : 0)
        case "yesterday": return clock.startOfDay(clock.now, addingDays: endOfDay ? 0 : -1)
        default: break
        }
        if let unit = lower.last, let amount = Int64(lower.dropLast()), amount >= 0 {
            let seconds: Int64? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 7 * 86_400
            default: nil
            }
            if let seconds, amount < 100_000 {
                return Timestamp(microseconds: clock.now.microseconds - amount * seconds * 1_000_000)
            }
        }
        if let instant = Timestamp.parseISO(Substring(text)) { return instant }
        if let civil = localDateTime(text) {
            if text.count == 10 {
                let midnight = clock.instant(civil)
                return endOfDay ? clock.startOfDay(midnight, addingDays: 1) : midnight
            }
            return clock.instant(civil)
        }
        throw Error(description: "\(key): cannot read \"\(text)\" as a time (use 2025-03-01, "
            + "2025-03-01T10:30, 90m, 24h, 7d, 2w, today or yesterday)")
    }

    /// `2025-03-01`, `2025-03-01T10:30`, `2025-03-01 10:30:15` without a zone.
    private static func localDateTime(_ text: String) -> CivilTime? {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard (1...2).contains(parts.count) else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard date.count == 3, date[0].map({ (1970...2200).contains($0) }) == true,
              let year = date[0], let month = date[1], let day = date[2], parts[0].count == 10
        else { return nil }
        var clock = [0, 0, 0]
        if parts.count == 2 {
            let fields = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(fields.count), fields.allSatisfy({ $0 != nil }) else { return nil }
            for (index, value) in fields.enumerated() { clock[index] = value! }
        }
        return CivilTime(year: year, month: month, day: day, hour: clock[0], minute: clock[1], second: clock[2])
    }
}
