import AuditStore

/// A review of a period: its findings against the baseline, with what the outputs need to name the people
/// and draw each admin's activity. Made from the store (`make`) by the command, the browser and the timer.
public struct Review: Sendable {
    public var since: Timestamp
    public var until: Timestamp
    public var baselineSince: Timestamp
    public var settings: ReviewSettings
    /// The filters as typed, for the heading.
    public var filterText: String
    public var database: String
    public var generated: Timestamp
    /// The zone's name, as the heading says it.
    public var zone: String
    public var periodRecords = 0
    public var baselineRecords = 0
    public var findings: [Finding] = []
    /// Labels of the admins, customers and subscriptions the findings name (those the store knows).
    public var adminLabels: [String: String] = [:]
    public var customerLabels: [String: String] = [:]
    public var subscriptionLabels: [String: String] = [:]
    /// Per admin id ("" for records no admin made), records per hour of the period.
    public var activity: [String: [Int]] = [:]

    public init(since: Timestamp, until: Timestamp, settings: ReviewSettings, filterText: String = "", database: String = "",
                generated: Timestamp, zone: String) {
        self.since = since
        self.until = until
        baselineSince = Timestamp(microseconds: since.microseconds - settings.baseline * 1_000_000)
        self.settings = settings
        self.filterText = filterText
        self.database = database
        self.generated = generated
        self.zone = zone
    }

    /// Reads the view's records from the baseline's start to the period's end once, oldest first, through
    /// the detectors. `progress` is told the fraction done (0…1) now and then and may stop the review by
    /// returning false (then `make` throws `ReviewStopped`).
    public static func make(store: AuditStore, query: RecordQuery, since: Timestamp, until: Timestamp,
                            settings: ReviewSettings, clock: Clock, filterText: String = "",
                            progress: (Double) -> Bool = { _ in true }) throws -> Review {
        var review = Review(since: since, until: until, settings: settings, filterText: filterText, database: store.path,
                            generated: clock.now, zone: clock.zoneName(since))
        var labels: [EntityKind: [String: String]] = [:]
        var asked: [EntityKind: Set<String>] = [:]
        var failure: Error?
        let name: (EntityKind, String) -> String = { kind, id in
            if asked[kind, default: []].insert(id).inserted {
                do {
                    labels[kind, default: [:]].merge(try store.labels(kind, [id])) { $1 }
                } catch { failure = failure ?? error }
            }
            return labels[kind]?[id] ?? id
        }
        var engine = ReviewEngine(ReviewContext(settings: settings, clock: clock, since: since, until: until, name: name))
        var scope = query
        scope.since = max(query.since ?? review.baselineSince, review.baselineSince)
        scope.until = until
        var stopped = false
        let span = Double(max(1, until.microseconds - review.baselineSince.microseconds))
        try store.forEachReviewRow(of: scope, messages: settings.messagesRead, progress: { time in
            stopped = !progress(Double(time.microseconds - review.baselineSince.microseconds) / span)
            return !stopped
        }) { engine.add($0) }
        if stopped { throw ReviewStopped() }
        review.findings = engine.findings()
        if let failure { throw failure }
        review.periodRecords = engine.periodRecords
        review.baselineRecords = engine.baselineRecords
        review.activity = engine.activity
        let named = review.findings
        review.adminLabels = try store.labels(.admin, Set(named.flatMap(\.admins) + engine.activity.keys.filter { !$0.isEmpty }))
        review.customerLabels = try store.labels(.customer, Set(named.flatMap(\.customers)))
        review.subscriptionLabels = try store.labels(.subscription, Set(named.flatMap(\.subscriptions)))
        _ = progress(1)
        return review
    }

    public func adminLabel(_ id: String) -> String { adminLabels[id] ?? id }
    public func customerLabel(_ id: String) -> String { customerLabels[id] ?? id }
    public func subscriptionLabel(_ id: String) -> String { subscriptionLabels[id] ?? id }

    /// Exit status for scripts: 3 when there are findings, else 0.
    public var exitStatus: Int32 { findings.isEmpty ? 0 : 3 }
}

/// A review stopped by its caller (the browser's view changed, or it quit).
public struct ReviewStopped: Error {}
