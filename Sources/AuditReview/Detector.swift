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

    func inPeriod(_ row: ReviewRow) -> Bool { row.time >= since && row.time < until }

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

/// One detector: shown the review's records oldest first (the baseline's, then the period's), then asked
/// for its findings. Each file in Detectors/ says its exact rule.
protocol Detector: Sendable {
    var kind: FindingKind { get }
    mutating func add(_ row: ReviewRow, _ context: ReviewContext)
    /// A look at the audit trail (the shared server's access records), oldest first, after the records.
    mutating func add(look: AccessRecord, _ context: ReviewContext)
    func findings(_ context: ReviewContext) -> [Finding]
}

extension Detector {
    mutating func add(look: AccessRecord, _ context: ReviewContext) {}
}

/// Runs the detectors over records: the one place a review's rules are applied, for the command (rows
/// from the store), the browser and the tests (rows built by hand).
public struct ReviewEngine: Sendable {
    public let context: ReviewContext
    private var detectors: [any Detector]
    public private(set) var periodRecords = 0
    public private(set) var baselineRecords = 0
    /// Per admin (nil: records no admin made), records per local hour of the period, for the charts.
    public private(set) var activity: [String: [Int]] = [:]

    public init(_ context: ReviewContext) {
        self.context = context
        let all: [any Detector] = [
            OutsideHoursDetector(), BurstDetector(), MassChangeDetector(), ContactAndPaymentDetector(),
            RevertedChangeDetector(), SensitiveActionDetector(), WarningsDetector(), DormantAdminDetector(),
            ManyCustomersReadDetector(),
        ]
        detectors = all.filter { !context.settings.disabled.contains($0.kind) }
    }

    /// Hours of the period (the charts' buckets).
    public var hours: Int { Int((context.until.microseconds - context.since.microseconds + 3_599_999_999) / 3_600_000_000) }

    public mutating func add(_ row: ReviewRow) {
        guard row.time >= context.baselineSince, row.time < context.until else { return }
        if context.inPeriod(row) {
            periodRecords += 1
            let hour = Int((row.time.microseconds - context.since.microseconds) / 3_600_000_000)
            let key = row.adminID ?? ""
            if activity[key] == nil { activity[key] = Array(repeating: 0, count: hours) }
            if hour < hours { activity[key]![hour] += 1 }
        } else {
            baselineRecords += 1
        }
        for index in detectors.indices { detectors[index].add(row, context) }
    }

    /// A look at the audit trail (an access record): to the detectors that judge looks, oldest first.
    public mutating func add(look: AccessRecord) {
        guard look.event.time >= context.since, look.event.time < context.until else { return }
        for index in detectors.indices { detectors[index].add(look: look, context) }
    }

    /// Every detector's findings, most serious first, naming people with `names` (default: the context's).
    public func findings(names: (@Sendable (EntityKind, String) -> String)? = nil) -> [Finding] {
        var context = self.context
        if let names { context.name = names }
        return detectors.flatMap { $0.findings(context) }.sorted(by: Finding.ordered)
    }

    /// The findings of these records (tests, and anything holding records already).
    public static func review(_ rows: [ReviewRow], looks: [AccessRecord] = [], _ context: ReviewContext) -> [Finding] {
        var engine = ReviewEngine(context)
        for row in rows.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) { engine.add(row) }
        for look in looks.sorted(by: { ($0.event.time, $0.id) < ($1.event.time, $1.id) }) { engine.add(look: look) }
        return engine.findings()
    }
}
