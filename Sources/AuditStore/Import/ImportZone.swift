#if canImport(Glibc)
import Glibc
#endif
/// The zone a time written without one is read in (`--timezone`; by default the local zone, as `date`).
public struct ImportZone: Sendable {
    /// How the import summary names it: `UTC`, `Europe/Berlin`, `+02:00`.
    public let name: String
    fileprivate let rule: @Sendable (Int64) -> Int

    /// An IANA zone name (`Europe/Berlin`), `UTC`, or a fixed offset (`+02:00`); nil when unknown.
    public init?(_ text: String) {
        if text.uppercased() == "UTC" || text.uppercased() == "Z" {
            self.init(name: "UTC", fixed: 0)
            return
        }
        if let first = text.first, first == "+" || first == "-" {
            let digits = text.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
                  hours < 24, minutes < 60 else { return nil }
            self.init(name: text, fixed: (first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
            return
        }
        guard let zone = ZoneInfo(named: text) else { return nil }
        self.init(name: zone.name, rule: { zone.offset(at: $0) })
    }

    private init(name: String, fixed: Int) {
        self.init(name: name, rule: { _ in fixed })
    }

    private init(name: String, rule: @escaping @Sendable (Int64) -> Int) {
        self.name = name
        self.rule = rule
    }

    /// The process's zone, as `date` uses it (`TZ`, else `/etc/localtime`), named as the system names it.
    public static var local: ImportZone {
        tzset()
        return ImportZone(name: localName, rule: { ZoneInfo.local(at: $0).offset })
    }

    private static var localName: String {
        if let tz = getenv("TZ").map({ String(cString: $0) }), !tz.isEmpty {
            return tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
        }
        var buffer = [CChar](repeating: 0, count: 512)
        let count = readlink("/etc/localtime", &buffer, buffer.count - 1)
        if count > 0 {
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let range = target.firstRange(of: "zoneinfo/") { return String(target[range.upperBound...]) }
        }
        return ZoneInfo.local(at: SystemClock.nowMicroseconds() / 1_000_000).abbreviation
    }

    /// Seconds east of UTC for a local date and time (looked up twice to settle DST edges).
    func offset(_ civil: CivilTime) -> Int {
        let asUTC = civil.epochSeconds
        let first = rule(asUTC)
        return rule(asUTC - Int64(first))
    }
}

extension ImportZone {
    /// A clock that reads local times in this zone (`review --timezone`), named as the zone was.
    public func clock(now: Timestamp) -> Clock {
        let rule = self.rule, name = self.name
        return Clock(now: now, offset: { rule($0.seconds) }, zoneName: { _ in name })
    }
}
