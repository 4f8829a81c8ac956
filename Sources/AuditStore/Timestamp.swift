/// An instant as microseconds since 1970-01-01T00:00:00Z: the store's one time type.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public init(seconds: Int64) { microseconds = seconds * 1_000_000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    public var seconds: Int64 { microseconds.floorDiv(1_000_000) }

    /// Years outside this range are taken as a broken record, not as a time.
    static let plausibleYears = 1970...2200

    /// RFC 3339 in UTC, with the fraction only when there is one: `2025-02-01T08:01:13.25Z`.
    public var description: String { rfc3339 }

    public var rfc3339: String {
        let parts = CivilTime(seconds: seconds)
        var text = parts.isoText
        let fraction = microseconds - seconds * 1_000_000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// Parses ISO 8601 date-times as Monolog and Elasticsearch write them: `2025-02-01T08:01:13+00:00`,
    /// `…+0000`, `…Z`, with or without a fraction of a second, a space or `T` between date and time.
    public static func parseISO(_ text: Substring) -> Timestamp? {
        parseISO(text, zone: nil)?.time
    }

    /// As `parseISO`, and a time without a zone (`2025-02-01 08:00:00`, Monolog 1's default) is read in
    /// `zone` when one is given; `assumed` says it was.
    static func parseISO(_ text: Substring, zone: ImportZone?) -> (time: Timestamp, assumed: Bool)? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= b.count else { return nil }
            var value = 0
            for k in i..<(i + width) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            i += width
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2)
        else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A), let second = number(2)
        else { return nil }
        var micros = 0
        if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 6 { micros = micros * 10 + Int(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(6, digits) { micros *= 10 }
        }
        var offset: Int? = nil
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            offset = 0
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(0x3A)
            guard let om = number(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else if zone == nil {
            return nil
        }
        guard i == b.count else { return nil }
        guard let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second),
              plausibleYears.contains(year)
        else { return nil }
        let seconds = offset ?? zone!.offset(civil)
        return (Timestamp(microseconds: (civil.epochSeconds - Int64(seconds)) * 1_000_000 + Int64(micros)), offset == nil)
    }
}

/// A date and time of day without a zone, and the day arithmetic (Howard Hinnant's civil algorithms).
struct CivilTime: Equatable {
    var year, month, day, hour, minute, second: Int

    init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) =
            (year, month, day, hour, minute, min(second, 59))
    }

    init(seconds: Int64) {
        let days = seconds.floorDiv(86_400)
        let rest = Int(seconds - days * 86_400)
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        hour = rest / 3600
        minute = rest / 60 % 60
        second = rest % 60
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    var epochDays: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    var epochSeconds: Int64 { epochDays * 86_400 + Int64(hour * 3600 + minute * 60 + second) }

    var isoText: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
            + "T" + two(hour) + ":" + two(minute) + ":" + two(second)
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
