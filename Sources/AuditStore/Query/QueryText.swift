/// The filter language shared by `--query`, the CLI's filter flags and the browser's filter prompt:
/// `customer:ID admin:EMAIL since:7d until:2025-03-01 level:warning channel:audit free words`.
/// A value with spaces is quoted (`admin:"ana o'neil"`, `"two words"`); an unknown `key:` is searched
/// as text, so `https://…` stays a search word.
///
/// `Filter` below is the language's one description: the parser reads its words and the browser's help
/// screen, the filter prompt's placeholder, `--help` and the manual are made from it.
public enum QueryText {
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// A word of the filter language (`customer:`). The parser handles every case (an exhaustive switch),
    /// so a word described here is a word it reads, and the other way round.
    public enum Filter: String, CaseIterable, Sendable {
        case customer, subscription, admin, since, until, level, channel, request, field, ref, search, note, has

        /// Other spellings the parser reads (`sub:`, `uid:`).
        public var aliases: [String] {
            switch self {
            case .subscription: ["sub"]
            case .request: ["uid"]
            default: []
            }
        }

        /// What its value is called (`NAME`), as the CLI's `--customer NAME` shows it.
        public var value: String {
            switch self {
            case .customer, .admin, .field: "NAME"
            case .subscription: "ID"
            case .request: "UID"
            case .since, .until: "T"
            case .level: "LEVEL"
            case .channel: "NAME"
            case .ref: "REF"
            case .search: "TEXT"
            case .note: "WORD"
            case .has: "note"
            }
        }

        /// The word with a value to show what goes there, for one-line summaries: `since:7d`, `admin:EMAIL`.
        public var sample: String {
            switch self {
            case .customer: "customer:ID"
            case .subscription: "subscription:ID"
            case .admin: "admin:EMAIL"
            case .request: "request:UID"
            case .since: "since:7d"
            case .until: "until:2025-03-01"
            case .level: "level:warning"
            case .channel: "channel:audit"
            case .field: "field:NAME"
            case .ref: "ref:r7kq-2m9x"
            case .search: "search:TEXT"
            case .note: "note:WORD"
            case .has: "has:note"
            }
        }

        /// What it means (lines break at `\n` where a help text may wrap).
        public var meaning: String {
            switch self {
            case .customer:
                "a customer's records, with its subscriptions' changes: its email (current\n"
                    + "or earlier), name, id or a unique id prefix (4 characters or more), any case"
            case .subscription: "a subscription's records (id or a unique id prefix, 4 characters or more)"
            case .admin:
                "what one billing admin did: email, short name (before @) or id\n"
                    + "(a name that matches nothing, or several, is an error: exit 1)"
            case .request: "the records of one request"
            case .since:
                "from T: 2025-03-01, 2025-03-01T10:30, 90m, 24h, 7d (7 x 24 hours), 2w,\n"
                    + "today, yesterday (local time)"
            case .until: "up to T (until a date includes that whole day)"
            case .level:
                "this level and above: " + Level.allCases.prefix(5).map { $0.name.lowercased() }.joined(separator: " ")
                    + "\n" + Level.allCases.dropFirst(5).map { $0.name.lowercased() }.joined(separator: " ")
            case .channel: "one channel: controller or audit (one the records have, any case)"
            case .field:
                "one field's changes, its history: billingEmail, or with its entity\n"
                    + "Customer.billingEmail, Subscription.plan (one the records have; any case\n"
                    + "when only one field is spelt so)"
            case .ref:
                "the record with this reference (r7kq-2m9x-hd4c-a3fz: shown in its expansion),\n"
                    + "or every record whose reference starts so; dashes and case do not matter"
            case .search: "text in the message or a context value (repeatable: all must match)"
            case .note: "records with a note holding WORD (any case; repeatable: one note holds all)"
            case .has: "has:note: records someone wrote a note on"
            }
        }

        /// The word and its aliases.
        public var spellings: [String] { [rawValue] + aliases }

        /// The filter a `key` written before a colon names (any case), if any.
        public init?(key: String) {
            let lower = key.lowercased()
            guard let filter = Filter.allCases.first(where: { $0.spellings.contains(lower) }) else { return nil }
            self = filter
        }
    }

    /// Words with no `key:`, and how values with spaces are written.
    public static let freeWords = "other words: text in the message or a context value (all must match);\n"
        + "\"quoted words\" are one word; an unknown key: is text (https://… is a word)"

    /// Filters written as one text, as the prompt and `--query` take them.
    public static let examples = [
        "customer:ana@acme.example since:7d",
        "admin:ops level:warning refund",
        "field:Customer.billingEmail until:2025-03-01",
        "subscription:sub_1a2b \"payment failed\"",
    ]

    /// Every word with a sample value, then free words: the one line the prompt's placeholder shows.
    public static var summary: String {
        Filter.allCases.map(\.sample).joined(separator: " ") + " words"
    }

    /// The names the parser reads before a colon, aliases included.
    public static var keys: [String] { Filter.allCases.flatMap(\.spellings) }

    public static func parse(_ text: String, clock: Clock) throws -> RecordQuery {
        var query = RecordQuery()
        for token in tokens(text) {
            guard let key = token.key else {
                if !token.value.isEmpty { query.words.append(token.value) }
                continue
            }
            try apply(key: key, value: token.value, to: &query, clock: clock)
        }
        try check(query, clock: clock)
        return query
    }

    /// What no single filter shows: an `until` not after the `since` leaves nothing between them.
    public static func check(_ query: RecordQuery, clock: Clock) throws {
        if let since = query.since, let until = query.until, until <= since {
            throw Error(description: "until \(untilText(until, clock: clock)) is not after since \(timeText(since, clock: clock)): "
                + "no record can be between them")
        }
    }

    /// Sets one filter from its text, as a `key:value` token or a CLI flag would.
    public static func apply(key: String, value: String, to query: inout RecordQuery, clock: Clock) throws {
        guard let filter = Filter(key: key) else {
            query.words.append("\(key):\(value)")
            return
        }
        try apply(filter, value: value, to: &query, clock: clock)
    }

    /// Sets one filter from its text.
    public static func apply(_ filter: Filter, value: String, to query: inout RecordQuery, clock: Clock) throws {
        let key = filter.rawValue
        guard !value.isEmpty else { throw Error(description: "\(key): needs a value") }
        switch filter {
        case .customer: query.customer = value
        case .subscription: query.subscription = value
        case .admin: query.admin = value
        case .request: query.request = value
        case .field: query.field = value
        case .since: query.since = try time(value, key: key, clock: clock, endOfDay: false)
        case .until: query.until = try time(value, key: key, clock: clock, endOfDay: true)
        case .level:
            guard let level = Level(name: value) else {
                throw Error(description: "level: unknown level \"\(value)\" (debug, info, notice, warning, "
                    + "error, critical, alert, emergency)")
            }
            query.minimumLevel = level
        case .channel: query.channel = value
        case .ref:
            guard let ref = RefPrefix(value) else {
                throw Error(description: "ref: \"\(value)\" is not a record reference (up to 16 of "
                    + "0-9 a-z without i l o u, dashes anywhere: r7kq-2m9x-hd4c-a3fz)")
            }
            query.ref = ref
        case .search: query.words.append(value)
        case .note: query.noteWords.append(value)
        case .has:
            guard value.lowercased() == "note" || value.lowercased() == "notes" else {
                throw Error(description: "has: knows note (has:note), not \"\(value)\"")
            }
            query.hasNote = true
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
        add("until", query.until.map { untilText($0, clock: clock) })
        add("level", query.minimumLevel.map { $0.name.lowercased() })
        add("channel", query.channel)
        add("field", query.field)
        add("ref", query.ref?.description)
        if query.hasNote { parts.append("has:note") }
        parts += query.noteWords.map { "note:" + quoted($0) }
        parts += query.words.map { quoted($0) }
        return parts
    }

    private static func timeText(_ time: Timestamp, clock: Clock) -> String {
        let text = clock.localText(time).replacingAll(" ", with: "T")
        return text.hasSuffix("T00:00:00") ? String(text.dropLast(9)) : text
    }

    /// A date as an upper bound means its whole day (`until:2025-03-01` ends at the next midnight), so a
    /// midnight is written as the day it ends: the text parses back to the same moment.
    private static func untilText(_ time: Timestamp, clock: Clock) -> String {
        let text = timeText(time, clock: clock)
        return text.contains("T") ? text : timeText(clock.startOfDay(time, addingDays: -1), clock: clock)
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
                if Filter(key: name) != nil {
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
