import TextCells
import AuditStore

/// Working hours in the local zone (`--hours 08-18`): from the first hour up to, not including, the second,
/// Monday to Friday. Saturdays and Sundays are outside all day.
public struct WorkingHours: Equatable, Sendable {
    public var start: Int
    public var end: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), (0...23).contains(start),
              (1...24).contains(end), start < end else { return nil }
        self.start = start
        self.end = end
    }

    public var text: String { (start < 10 ? "0" : "") + "\(start)-" + (end < 10 ? "0" : "") + "\(end)" }

    /// `08-18, weekend sat, sun`: as the review says its own (`ReviewSettings`), whose weekend days can change.
    public var description: String { text + ", weekend sat, sun" }

    public func isOutside(_ time: Timestamp, clock: Clock) -> Bool {
        let (hour, weekday) = clock.hourAndWeekday(time)
        return weekday >= 5 || hour < start || hour >= end
    }
}

/// What one billing admin did over the report's period (or, `adminID` nil, what no admin did: jobs, the API,
/// the system).
public struct AdminActivity: Sendable {
    public var adminID: String?
    public var label: String
    public var records = 0
    public var requests = 0
    public var customers = 0
    public var subscriptions = 0
    public var fieldChanges = 0
    /// Field changes by `Entity.field`, most first (then by name).
    public var changesByField: [(field: String, count: Int)] = []
    public var warnings = 0
    public var errors = 0
    public var first: Timestamp?
    public var last: Timestamp?
    /// The references of its first and last records in the period, to cite them.
    public var firstRef: RecordRef?
    public var lastRef: RecordRef?
    public var outsideHours = 0
}

/// The compliance report: per billing admin, then the most-changed fields and customers, and records per day
/// per admin. Built from the same records `export` writes with the same filters, so its numbers are counts
/// over that export.
public struct ActivityReport: Sendable {
    public var query: RecordQuery
    /// The filters as typed, for the heading.
    public var filterText: String
    public var database: String
    public var generated: Timestamp
    public var hours: WorkingHours
    public var head: (link: String, id: Int64)?
    /// The reference of the chain head's record.
    public var headRef: RecordRef?
    public var records = 0
    public var first: Timestamp?
    public var last: Timestamp?
    /// The references of the period's first and last records.
    public var firstRef: RecordRef?
    public var lastRef: RecordRef?
    /// Most records first; the row of records no admin made last.
    public var admins: [AdminActivity] = []
    public var topFields: [(field: String, count: Int)] = []
    /// The customers with the most field changes (their own and their subscriptions').
    public var topCustomers: [(id: String, label: String, count: Int)] = []
    /// Local days from the first record's to the last's, each with its records per admin (by `admins` index).
    public var days: [(start: Timestamp, label: String, perAdmin: [Int])] = []
    /// The notes written on the report's records, newest first, each with its record; and the notes' chain head.
    public var notes: [NotedRecord] = []
    public var noteHead: (link: String, id: Int64)?

    public static let noAdminLabel = "(no billing admin: jobs, API, system)"
    public static let topCount = 10

    /// Reads every record of the view once, oldest first, in one snapshot with the chain head.
    public static func make(store: AuditStore, query: RecordQuery, filterText: String, clock: Clock, hours: WorkingHours)
        throws -> ActivityReport {
        var report = ActivityReport(query: query, filterText: filterText, database: store.path, generated: clock.now,
                                    hours: hours)
        struct Tally {
            var activity: AdminActivity
            var requests = Set<String>()
            var customers = Set<String>()
            var subscriptions = Set<String>()
            var fields: [String: Int] = [:]
            var perDay: [Timestamp: Int] = [:]
        }
        var tallies: [String: Tally] = [:]
        var fieldCounts: [String: Int] = [:]
        var customerCounts: [String: (label: String, count: Int)] = [:]
        try store.inSnapshot {
            report.head = try store.chainHead()
            if let head = report.head {
                report.headRef = try store.page(of: RecordQuery(ids: [head.id]), from: .newest, limit: 1).first?.ref
            }
            report.notes = try store.notes(of: query)
            report.noteHead = try store.noteChainHead()
            try store.forEachRecord(of: query, oldestFirst: true) { record in
                let key = record.adminID ?? ""
                var tally = tallies[key] ?? Tally(activity: AdminActivity(
                    adminID: record.adminID, label: record.adminID.map { record.adminName ?? $0 } ?? noAdminLabel))
                tally.activity.records += 1
                if let uid = record.requestUID { tally.requests.insert(uid) }
                if let customer = record.ownerCustomerID ?? record.customerID {
                    tally.customers.insert(customer)
                    // The most-changed customers: their own and their subscriptions' field changes.
                    if record.change != nil {
                        customerCounts[customer] = (record.customerLabel ?? customerCounts[customer]?.label ?? customer,
                                                    (customerCounts[customer]?.count ?? 0) + 1)
                    }
                }
                if let subscription = record.subscriptionID { tally.subscriptions.insert(subscription) }
                if let change = record.change {
                    let name = entity(of: record) + "." + change.field
                    tally.activity.fieldChanges += 1
                    tally.fields[name, default: 0] += 1
                    fieldCounts[name, default: 0] += 1
                }
                if (300..<400).contains(record.level) { tally.activity.warnings += 1 }
                if record.level >= 400 { tally.activity.errors += 1 }
                if tally.activity.first == nil { (tally.activity.first, tally.activity.firstRef) = (record.time, record.ref) }
                (tally.activity.last, tally.activity.lastRef) = (record.time, record.ref)
                if hours.isOutside(record.time, clock: clock) { tally.activity.outsideHours += 1 }
                tally.perDay[clock.bucketStart(record.time, .day), default: 0] += 1
                tallies[key] = tally
                report.records += 1
                if report.first == nil { (report.first, report.firstRef) = (record.time, record.ref) }
                (report.last, report.lastRef) = (record.time, record.ref)
            }
        }
        let ordered = tallies.values.sorted {
            ($0.activity.adminID == nil ? 1 : 0, -$0.activity.records, $0.activity.label)
                < ($1.activity.adminID == nil ? 1 : 0, -$1.activity.records, $1.activity.label)
        }
        report.admins = ordered.map { tally in
            var activity = tally.activity
            activity.requests = tally.requests.count
            activity.customers = tally.customers.count
            activity.subscriptions = tally.subscriptions.count
            activity.changesByField = mostFirst(tally.fields)
            return activity
        }
        report.topFields = Array(mostFirst(fieldCounts).prefix(topCount))
        report.topCustomers = Array(customerCounts.map { (id: $0.key, label: $0.value.label, count: $0.value.count) }
            .sorted { ($1.count, $0.id) < ($0.count, $1.id) }.prefix(topCount))
        if let first = report.first, let last = report.last, let spans = try? clock.buckets(from: first, to: last, by: .day) {
            report.days = spans.map { span in
                (span.start, clock.bucketLabel(span.start, .day), ordered.map { $0.perDay[span.start] ?? 0 })
            }
        }
        return report
    }

    /// The entity a change is of: the one its message named (stored at import), else from the ids the
    /// record names.
    static func entity(of record: AuditRecord) -> String {
        if let entity = record.change?.entity { return entity }
        return record.customerID == nil && record.subscriptionID != nil ? "Subscription" : "Customer"
    }

    static func mostFirst(_ counts: [String: Int]) -> [(field: String, count: Int)] {
        counts.map { (field: $0.key, count: $0.value) }.sorted { ($1.count, $0.field) < ($0.count, $1.field) }
    }
}
