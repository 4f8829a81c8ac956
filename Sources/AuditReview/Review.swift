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
    /// the detectors, in one go (the command, the timer). `progress` is told the fraction done now and then.
    public static func make(store: AuditSource, database: String, query: RecordQuery, since: Timestamp, until: Timestamp,
                            settings: ReviewSettings, clock: Clock, filterText: String = "",
                            progress: (Double) -> Void = { _ in }) throws -> Review {
        var reading = ReviewReading(query: query, since: since, until: until, settings: settings, clock: clock)
        try reading.read(store, budget: nil, progress: progress)
        return try reading.review(store, filterText: filterText, database: database)
    }

    public func adminLabel(_ id: String) -> String { adminLabels[id] ?? id }
    public func customerLabel(_ id: String) -> String { customerLabels[id] ?? id }
    public func subscriptionLabel(_ id: String) -> String { subscriptionLabels[id] ?? id }

    /// Exit status for scripts: 3 when there are findings, else 0.
    public var exitStatus: Int32 { findings.isEmpty ? 0 : 3 }
}

/// A review under way: the detectors with what they have seen, and how far the reading has come. A value,
/// so the browser reads it a batch at a time on a background connection and shows how far it is.
public struct ReviewReading: Sendable {
    /// The view's scope and filters, its own time bounds left out (the period and baseline are the bounds).
    public let query: RecordQuery
    public let since: Timestamp
    public let until: Timestamp
    public private(set) var engine: ReviewEngine
    /// The last record read: the next batch goes on after it.
    public private(set) var after: PageKey?
    public private(set) var done = false
    /// How far through the baseline and period the reading is (0…1).
    public private(set) var fraction = 0.0

    public init(query: RecordQuery, since: Timestamp, until: Timestamp, settings: ReviewSettings, clock: Clock) {
        var scope = query
        scope.since = nil
        scope.until = nil
        self.query = scope
        self.since = since
        self.until = until
        engine = ReviewEngine(ReviewContext(settings: settings, clock: clock, since: since, until: until))
    }

    /// Reads on until `budget` has passed (nil: to the end), telling `progress` the fraction done.
    public mutating func read(_ source: AuditSource, budget: Duration?, progress: (Double) -> Void = { _ in }) throws {
        guard !done else { return }
        let context = engine.context
        var scope = query
        scope.since = context.baselineSince
        scope.until = until
        let span = Double(max(1, until.microseconds - context.baselineSince.microseconds))
        let clock = ContinuousClock()
        let started = clock.now
        var engine = self.engine
        // The names held once, by `names` alone: no copy while the store adds to them.
        self.engine.names = ReviewNames()
        var names = engine.names
        engine.names = ReviewNames()
        defer { self.engine.names = names } // also when the reading throws
        var last = after
        var stopped = false
        try source.forEachReviewRecord(of: scope, messages: context.settings.messagesRead,
                                       valuesSince: RevertedChangeDetector.valuesSince(context), after: after,
                                       names: &names, progress: { time in
            let fraction = Double(time.microseconds - context.baselineSince.microseconds) / span
            progress(fraction)
            if let budget, clock.now - started > budget { stopped = true }
            return !stopped
        }) { batch, names in
            for record in batch { engine.add(record, names: names) }
            if let newest = batch.last { last = PageKey(time: newest.timestamp, id: newest.id) }
        }
        if !stopped {
            // The looks of the period (the shared server's access records: few), oldest first.
            let looks = try source.accessRecords(AccessFilter(since: since, until: until))
            for look in looks.reversed() { engine.add(look: look) }
        }
        self.engine = engine
        after = last
        done = !stopped
        fraction = done ? 1 : min(1, Double((last?.time.microseconds ?? context.baselineSince.microseconds)
            - context.baselineSince.microseconds) / span)
        progress(fraction)
    }

    /// The review of what was read: the findings, with the names of the people and customers they name.
    public func review(_ source: AuditSource, filterText: String, database: String) throws -> Review {
        let context = engine.context
        var review = Review(since: since, until: until, settings: context.settings, filterText: filterText,
                            database: database, generated: context.clock.now, zone: context.clock.zoneName(since))
        // Found once to learn whom they name, then again with their names.
        let unnamed = engine.findings()
        let admins = try source.labels(.admin, Array(Set(unnamed.flatMap(\.admins) + engine.activity.keys.filter { !$0.isEmpty })))
        let customers = try source.labels(.customer, Array(Set(unnamed.flatMap(\.customers))))
        let subscriptions = try source.labels(.subscription, Array(Set(unnamed.flatMap(\.subscriptions))))
        review.findings = engine.findings(names: { kind, id in
            switch kind {
            case .admin: admins[id] ?? id
            case .customer: customers[id] ?? id
            case .subscription: subscriptions[id] ?? id
            }
        })
        review.adminLabels = admins
        review.customerLabels = customers
        review.subscriptionLabels = subscriptions
        review.periodRecords = engine.periodRecords
        review.baselineRecords = engine.baselineRecords
        review.activity = engine.activity
        return review
    }
}
