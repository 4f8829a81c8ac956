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
    case manyCustomersRead = "many_customers_read"

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
        case .manyCustomersRead: "Many customers read"
        }
    }
}

extension FindingKind {
    /// The exact rule, as the manual states it (the names in brackets are the settings' keys).
    public var rule: String {
        switch self {
        case .outsideHours:
            "An admin's records in the period before the start of [working_hours], from its end on, or on a [weekend] "
                + "day, in the review's zone, grouped per admin per night or day off (an evening and the next morning "
                + "are one night). A group of at least [outside_hours.minimum] records is a finding: medium, low when "
                + "the admin worked outside hours on 4 or more nights or days off of the baseline."
        case .burst:
            "An admin's busiest [burst.window] of the baseline (the most records less than the window apart) is their "
                + "normal; an admin with no baseline records is compared with the busiest admin's. Every window of the "
                + "period holding more than [burst.factor] times that and at least [burst.minimum] records is unusual; "
                + "overlapping ones are one finding: medium, high above 10 times the normal."
        case .massChange:
            "One admin changing the same field (Entity.field) of at least [mass_change.minimum] different customers, "
                + "or subscriptions for a subscription's field, within [mass_change.window] of the period; overlapping "
                + "windows are one finding listing them all: medium, high from 5 times the minimum."
        case .contactAndPayment:
            "One customer's [contact_payment.contact_fields] changed in the period and, within [contact_payment.window] "
                + "before or after, one of its [contact_payment.payment_fields] (with their sub-fields) or one of "
                + "[contact_payment.payment_action] for it, by anyone: one finding per customer, high."
        case .revertedChange:
            "A field of one customer or subscription set from A to B and, as the next change of that field, back from "
                + "B to A within [reverted_change.window], by the same or another admin, the change back in the period. "
                + "Changes that record no values (old equal to new) never count. Medium; low when one admin undid their "
                + "own change within 10 minutes."
        case .sensitiveAction:
            "An admin doing one of [sensitive_action] (BillaBear's messages, matched exactly) in the period, not done "
                + "by them in the baseline: one finding per admin and action, high."
        case .warnings:
            "Records at warning level or worse counted per local hour; the busiest hour of the baseline is normal. An "
                + "hour of the period with more than [warnings.factor] times that and at least [warnings.minimum] is "
                + "unusual; consecutive ones are one finding with its messages: medium, high when errors are among them."
        case .dormantAdmin:
            "An admin with records in the period and none in the baseline, when the baseline holds records at all: "
                + "one finding per admin, medium."
        case .manyCustomersRead:
            "One person (the login of an access record, the shared server's) looking at the data of at least "
                + "[many_customers_read.minimum] different customers within [many_customers_read.window] of the period: "
                + "any look whose scope is a customer (a customer's log opened or filtered, a record of theirs expanded, "
                + "shown or revealed, their state, an export of their records). Overlapping windows are one finding "
                + "listing them all: medium, high from 3 times the minimum."
        }
    }
}

extension FindingKind {
    /// What it finds, in a line of `review --help`, with the numbers of `settings` (the defaults there). A new kind
    /// is listed once it is a case: the switch asks for its line.
    public func brief(_ s: ReviewSettings) -> String {
        func times(_ factor: Double) -> String { factor == factor.rounded() ? "\(Int(factor))x" : "\(factor)x" }
        return switch self {
        case .outsideHours: "an admin's records outside working hours or on a weekend day, per night"
        case .burst: "an admin's records in \(TimeSpan.text(s.burstWindow)) above \(times(s.burstFactor)) their busiest in the baseline"
        case .massChange: "one admin changing one field of \(s.massMinimum) or more customers within \(TimeSpan.text(s.massWindow))"
        case .contactAndPayment: "a customer's e-mail and its address, tax number or payment method changed within "
            + "\(TimeSpan.text(s.takeoverWindow)) (the pattern of an account takeover)"
        case .revertedChange: "a field set to a value and back within \(TimeSpan.text(s.revertWindow))"
        case .sensitiveAction: "an admin's first sensitive action (disabling Stripe Billing, API keys…)"
        case .warnings: "an hour of warnings and errors above \(times(s.warningFactor)) the baseline's busiest"
        case .dormantAdmin: "an admin active in the period with no records in the baseline"
        case .manyCustomersRead: "one person looking at \(s.readMinimum) or more customers' data within "
            + "\(TimeSpan.text(s.readWindow)) (the shared server's access records)"
        }
    }

    /// Every kind and its line, the names padded to one column: the list `review --help` shows.
    public static func briefList(_ settings: ReviewSettings, indent: Int) -> String {
        let width = allCases.map(\.rawValue.count).max() ?? 0
        return allCases.map { kind in
            String(repeating: " ", count: indent) + kind.rawValue + String(repeating: " ", count: width + 2 - kind.rawValue.count)
                + kind.brief(settings)
        }.joined(separator: "\n")
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
    /// The records' ids, in id order.
    public var records: [Int64]
    /// Their stable references (`RecordRef`), in the same order; empty for records built by hand.
    public var references: [RecordRef] = []
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
    var refs: [Int64: RecordRef] = [:]
    var admins = OrderedIDs()
    var customers = OrderedIDs()
    var subscriptions = OrderedIDs()
    var start: Timestamp?
    var end: Timestamp?

    init() {}

    init<S: Sequence>(_ records: S, _ names: ReviewNames) where S.Element == ReviewRecord {
        for record in records { add(record, names) }
    }

    mutating func add(_ record: ReviewRecord, _ names: ReviewNames) {
        ids.append(record.id)
        if let ref = record.ref { refs[record.id] = ref }
        admins.add(names.admins.name(record.admin))
        customers.add(names.parties.name(record.customer))
        subscriptions.add(names.parties.name(record.subscription))
        let time = record.timestamp
        start = min(start ?? time, time)
        end = max(end ?? time, time)
    }

    func finding(_ kind: FindingKind, _ severity: Severity, _ reason: String, messages: [MessageCount] = []) -> Finding {
        let sorted = ids.sorted()
        var finding = Finding(kind: kind, severity: severity, reason: reason, admins: admins.list, customers: customers.list,
                              subscriptions: subscriptions.list, start: start ?? Timestamp(microseconds: 0),
                              end: end ?? Timestamp(microseconds: 0), records: sorted, messages: messages)
        if refs.count == sorted.count { finding.references = sorted.compactMap { refs[$0] } }
        return finding
    }
}
