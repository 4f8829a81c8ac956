import AuditStore

/// What a detector looks for. The raw value names it in CSV, JSON, the file's keys (`burst.minimum`) and the
/// manual.
public enum FindingKind: String, CaseIterable, Sendable, Comparable {
    case outsideHours = "outside_hours"
    case burst
    case massChange = "mass_change"
    case contactAndPayment = "contact_payment"
    case revertedChange = "reverted_change"
    case sensitiveAction = "sensitive_action"
    case warnings
    case dormantAdmin = "dormant_admin"

    public static func < (a: FindingKind, b: FindingKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// How a finding of this kind is titled.
    public var title: String {
        switch self {
        case .outsideHours: "Outside working hours"
        case .burst: "Burst of activity"
        case .massChange: "Mass change"
        case .contactAndPayment: "Contact and payment details changed together"
        case .revertedChange: "Reverted change"
        case .sensitiveAction: "First-time sensitive action"
        case .warnings: "Warnings and errors above normal"
        case .dormantAdmin: "Dormant admin active"
        }
    }
}

public enum Severity: Int, CaseIterable, Sendable, Comparable {
    case low = 1, medium, high

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        }
    }
}

/// One unusual pattern in the period: what, how serious, why (a sentence naming the numbers), who, which
/// customers and subscriptions, when, and exactly the records it rests on.
public struct Finding: Equatable, Sendable {
    public var kind: FindingKind
    public var severity: Severity
    public var reason: String
    /// Admin ids, in the order they first appear.
    public var admins: [String]
    public var customers: [String]
    public var subscriptions: [String]
    public var start: Timestamp
    public var end: Timestamp
    /// The records' ids, oldest first.
    public var records: [Int64]
    /// For warnings: the messages that made it, most first.
    public var messages: [MessageCount] = []

    public init(kind: FindingKind, severity: Severity, reason: String, admins: [String], customers: [String],
                subscriptions: [String], start: Timestamp, end: Timestamp, records: [Int64],
                messages: [MessageCount] = []) {
        self.kind = kind
        self.severity = severity
        self.reason = reason
        self.admins = admins
        self.customers = customers
        self.subscriptions = subscriptions
        self.start = start
        self.end = end
        self.records = records
        self.messages = messages
    }

    /// The records' ids as `auditlog export --ids` and the browser take them.
    public var idsText: String { records.map(String.init).joined(separator: ",") }

    /// Most serious first, then earliest, then by kind.
    static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        (-a.severity.rawValue, a.start, a.kind) < (-b.severity.rawValue, b.start, b.kind)
    }
}

public struct MessageCount: Equatable, Sendable {
    public var message: String
    public var count: Int

    public init(message: String, count: Int) {
        self.message = message
        self.count = count
    }
}

/// Ids in the order first seen, each once.
struct OrderedIDs {
    private(set) var list: [String] = []
    private var seen: Set<String> = []

    mutating func add(_ id: String?) {
        guard let id, seen.insert(id).inserted else { return }
        list.append(id)
    }

    var count: Int { list.count }
}

/// The records a finding gathers: ids, and who and what they touched.
struct Gathered {
    var ids: [Int64] = []
    var admins = OrderedIDs()
    var customers = OrderedIDs()
    var subscriptions = OrderedIDs()
    var start: Timestamp?
    var end: Timestamp?

    mutating func add(_ row: ReviewRow) {
        ids.append(row.id)
        admins.add(row.adminID)
        customers.add(row.customerID)
        subscriptions.add(row.subscriptionID)
        start = min(start ?? row.time, row.time)
        end = max(end ?? row.time, row.time)
    }

    func finding(_ kind: FindingKind, _ severity: Severity, _ reason: String, messages: [MessageCount] = []) -> Finding {
        Finding(kind: kind, severity: severity, reason: reason, admins: admins.list, customers: customers.list,
                subscriptions: subscriptions.list, start: start ?? Timestamp(microseconds: 0),
                end: end ?? Timestamp(microseconds: 0), records: ids.sorted(), messages: messages)
    }
}
