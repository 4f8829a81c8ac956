#if canImport(Glibc)
import Glibc
#endif

/// The time zone rule and "now" that relative dates and local times are read in. Tests pass a fixed one.
public struct Clock: Sendable {
    public var now: Timestamp
    /// Seconds east of UTC at an instant.
    public var offset: @Sendable (Timestamp) -> Int
    /// A short name of the zone for headers (`UTC`, `CET`).
    public var zoneName: @Sendable (Timestamp) -> String

    public init(now: Timestamp, offset: @escaping @Sendable (Timestamp) -> Int,
                zoneName: @escaping @Sendable (Timestamp) -> String) {
        self.now = now
        self.offset = offset
        self.zoneName = zoneName
    }

    public static func fixed(now: Timestamp, offsetSeconds: Int = 0, name: String = "UTC") -> Clock {
        Clock(now: now, offset: { _ in offsetSeconds }, zoneName: { _ in name })
    }

    /// The process's time zone (`TZ`), or UTC when `utc` is set.
    public static func system(utc: Bool = false) -> Clock {
        let now = Timestamp(microseconds: SystemClock.nowMicroseconds())
        if utc { return .fixed(now: now) }
        tzset()
        return Clock(
            now: now,
            offset: { ZoneInfo.local(at: $0.seconds).offset },
            zoneName: {
                let (offset, name) = ZoneInfo.local(at: $0.seconds)
                return (name == "GMT" || name.isEmpty) && offset == 0 ? "UTC" : name
            }
        )
    }

    /// Local date and time of an instant.
    func civil(_ time: Timestamp) -> CivilTime {
        CivilTime(seconds: time.seconds + Int64(offset(time)))
    }

    /// The local hour (0–23) and day of the week (0 Monday … 6 Sunday) of an instant.
    public func hourAndWeekday(_ time: Timestamp) -> (hour: Int, weekday: Int) {
        let local = civil(time)
        let days = CivilTime(year: local.year, month: local.month, day: local.day)!.epochDays
        return (local.hour, Int((days + 3) - (days + 3).floorDiv(7) * 7)) // 1970-01-01 was a Thursday
    }

    /// The instant a local date and time names (the offset is looked up twice to settle DST edges).
    func instant(_ civil: CivilTime) -> Timestamp {
        let asUTC = civil.epochSeconds
        var guess = asUTC - Int64(offset(Timestamp(seconds: asUTC)))
        guess = asUTC - Int64(offset(Timestamp(seconds: guess)))
        return Timestamp(seconds: guess)
    }

    func startOfDay(_ time: Timestamp, addingDays days: Int = 0) -> Timestamp {
        let local = civil(time)
        let midnight = CivilTime(seconds: (CivilTime(year: local.year, month: local.month, day: local.day)!
            .epochDays + Int64(days)) * 86_400)
        return instant(midnight)
    }

    /// Whether an instant falls in the current year, both read in this zone.
    public func isThisYear(_ time: Timestamp) -> Bool { civil(time).year == civil(now).year }

    /// `2025-02-01 08:01:13` in this zone.
    public func localText(_ time: Timestamp, seconds: Bool = true) -> String {
        let text = civil(time).isoText.replacing("T", with: " ")
        return seconds ? text : String(text.dropLast(3))
    }
}
