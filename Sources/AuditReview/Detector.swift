import AuditStore
import TextCells

/// What every detector is given: the settings, the clock (the zone hours and days are read in), the
/// period and its baseline, and how to name an admin, customer or subscription.
public struct ReviewContext: Sendable {
    public var settings: ReviewSettings
    public var clock: Clock
    /// The period reviewed: `since` inclusive, `until` exclusive.
    public var since: Timestamp
    public var until: Timestamp
    /// The baseline: from `baselineSince` up to `since`.
    public var baselineSince: Timestamp
    /// An admin's, customer's or subscription's label (e-mail, plan or name), else its id.
    public var name: @Sendable (EntityKind, String) -> String

    public init(settings: ReviewSettings, clock: Clock, since: Timestamp, until: Timestamp,
                name: @escaping @Sendable (EntityKind, String) -> String = { $1 }) {
        self.settings = settings
        self.clock = clock
        self.since = since
        self.until = until
        baselineSince = Timestamp(microseconds: since.microseconds - settings.baseline * 1_000_000)
        self.name = name
    }

    func inPeriod(_ record: ReviewRecord) -> Bool { record.time >= since.microseconds && record.time < until.microseconds }

    /// `ops@acme.example`, sanitised for one line.
    func admin(_ id: String?) -> String { id.map { Sanitizer.line(name(.admin, $0)) } ?? "(no admin)" }
    func customer(_ id: String) -> String { Sanitizer.line(name(.customer, id)) }

    /// `Tue 2025-03-04 14:02` in the review's zone.
    func when(_ time: Timestamp) -> String {
        Self.dayNames[clock.hourAndWeekday(time).weekday] + " " + clock.localText(time, seconds: false)
    }

    /// `14:02` (or the whole `when` when not on the same local day as `other`).
    func time(_ time: Timestamp, sameDayAs other: Timestamp) -> String {
        let text = clock.localText(time, seconds: false)
        return text.prefix(10) == clock.localText(other, seconds: false).prefix(10) ? String(text.suffix(5)) : when(time)
    }

    /// `the 4 weeks before`.
    var baselineText: String { "the \(TimeSpan.text(settings.baseline)) before" }

    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}

/// One detector: shown the review's records oldest first (the baseline's, then the period's), with what
/// the engine made of each (`RecordFacts`), then asked for its findings. Each file in Detectors/ says its
/// exact rule.
protocol Detector: Sendable {
    var kind: FindingKind { get }
    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext)
    /// A look at the audit trail (the shared server's access records), oldest first, after the records.
    mutating func add(look: AccessRecord, _ context: ReviewContext)
    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding]
}

extension Detector {
    mutating func add(look: AccessRecord, _ context: ReviewContext) {}
}
