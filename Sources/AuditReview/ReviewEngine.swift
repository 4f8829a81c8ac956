import AuditStore

/// What the engine makes of one record once, for every detector: whether it is in the period, and for a
/// field change and a message what the rules ask of them (looked up per distinct text, not per record).
struct RecordFacts {
    var inPeriod = false
    /// `Entity.field` in `ReviewTexts.fieldNames`; -1 for a record changing no field.
    var fieldName: Int32 = -1
    /// A subscription's field (its entity is `Subscription`).
    var subscriptionField = false
    /// The changed thing (`ReviewNames.parties`): the subscription for a subscription's field, else the customer.
    var target: Int32 = -1
    var fieldPart = FieldPart.other
    var sensitive = false
    var paymentAction = false
}

enum FieldPart: UInt8 { case other, contact, payment }

/// What the rules make of each field, entity and message the records read named.
struct ReviewLookup: Sendable {
    /// `Entity.field` (or the field alone when no entity), as findings name a field.
    var fieldNames = NameTable()
    private var fieldNameOf: [Int64: Int32] = [:]
    private var subscriptionEntity: [Bool] = []
    private var fieldParts: [FieldPart] = []
    private var messageFlags: [UInt8] = []

    func isSubscription(entity: Int32) -> Bool { entity >= 0 && subscriptionEntity[Int(entity)] }

    /// The facts of a record, learning what a text not met before means.
    mutating func facts(_ record: ReviewRecord, _ names: ReviewNames, _ context: ReviewContext) -> RecordFacts {
        var facts = RecordFacts()
        facts.inPeriod = context.inPeriod(record)
        if record.field >= 0 {
            let settings = context.settings
            while subscriptionEntity.count < names.entities.count {
                subscriptionEntity.append(names.entities[Int32(subscriptionEntity.count)] == "Subscription")
            }
            while fieldParts.count < names.fields.count {
                let field = names.fields[Int32(fieldParts.count)]
                fieldParts.append(settings.contactFields.contains(field) ? .contact
                    : settings.paymentFields.contains { field == $0 || field.hasPrefix($0 + ".") } ? .payment : .other)
            }
            let pair = Int64(record.entity) << 32 | Int64(UInt32(bitPattern: record.field))
            if let known = fieldNameOf[pair] {
                facts.fieldName = known
            } else {
                let field = names.fields[record.field]
                let name = fieldNames.id(record.entity >= 0 ? names.entities[record.entity] + "." + field : field)
                fieldNameOf[pair] = name
                facts.fieldName = name
            }
            facts.subscriptionField = isSubscription(entity: record.entity)
            facts.fieldPart = fieldParts[Int(record.field)]
            facts.target = facts.subscriptionField ? record.subscription
                : (record.customer >= 0 ? record.customer : record.subscription)
        }
        if record.message >= 0 {
            while messageFlags.count < names.messages.count {
                let message = names.messages[Int32(messageFlags.count)]
                messageFlags.append((context.settings.sensitiveActions.contains(message) ? 1 : 0)
                    | (context.settings.paymentActions.contains(message) ? 2 : 0))
            }
            let flags = messageFlags[Int(record.message)]
            facts.sensitive = flags & 1 != 0
            facts.paymentAction = flags & 2 != 0
        }
        return facts
    }
}

/// What a detector names its findings by: the texts and what the rules made of them.
struct ReviewTexts {
    var names: ReviewNames
    var lookup: ReviewLookup
}

/// Runs the detectors over records: the one place a review's rules are applied, for the command (records
/// from the store), the browser and the tests (rows built by hand).
public struct ReviewEngine: Sendable {
    public let context: ReviewContext
    /// The texts the records read so far named (the store numbers the texts it reads into them).
    public var names = ReviewNames()
    private var lookup = ReviewLookup()
    private let on: [Bool]
    private var outsideHours = OutsideHoursDetector()
    private var burst = BurstDetector()
    private var massChange = MassChangeDetector()
    private var contactAndPayment = ContactAndPaymentDetector()
    private var revertedChange = RevertedChangeDetector()
    private var sensitiveAction = SensitiveActionDetector()
    private var warnings = WarningsDetector()
    private var dormantAdmin = DormantAdminDetector()
    private var manyCustomersRead = ManyCustomersReadDetector()
    public private(set) var periodRecords = 0
    public private(set) var baselineRecords = 0
    /// Per admin number (the last: records no admin made), records per local hour of the period.
    private var hourCounts: [[Int]?] = []
    private var unattributed: [Int]?

    public init(_ context: ReviewContext) {
        self.context = context
        on = FindingKind.allCases.map { !context.settings.disabled.contains($0) }
    }

    /// Hours of the period (the charts' buckets).
    public var hours: Int { Int((context.until.microseconds - context.since.microseconds + 3_599_999_999) / 3_600_000_000) }

    /// Per admin id ("" for records no admin made), records per local hour of the period, for the charts.
    public var activity: [String: [Int]] {
        var activity: [String: [Int]] = [:]
        func merge(_ key: String, _ counts: [Int]) {
            activity[key] = activity[key].map { zip($0, counts).map { $0 + $1 } } ?? counts
        }
        if let unattributed { merge("", unattributed) }
        for (admin, counts) in hourCounts.enumerated() {
            if let counts { merge(names.admins[Int32(admin)], counts) }
        }
        return activity
    }

    /// A row built by hand: its texts numbered, then judged as a record read from the store.
    public mutating func add(_ row: ReviewRow) {
        guard row.time >= context.baselineSince, row.time < context.until else { return }
        var names = self.names
        self.names = ReviewNames() // no copy while it grows
        defer { self.names = names }
        var record = ReviewRecord(id: row.id, time: row.time.microseconds)
        if let ref = row.ref {
            record.fingerprint = ref.fingerprint
            record.occurrence = ref.occurrence
        }
        record.level = Int32(truncatingIfNeeded: row.level)
        record.admin = names.admins.id(row.adminID)
        record.customer = names.parties.id(row.customerID)
        record.subscription = names.parties.id(row.subscriptionID)
        if let change = row.change {
            record.field = names.fields.id(change.field)
            record.entity = names.entities.id(change.entity)
            record.old = names.values.id(change.old)
            record.new = names.values.id(change.new)
        }
        record.message = names.messages.id(row.message)
        add(record, names: names)
    }

    /// A record read from the store, its texts numbered in `names` (which the engine holds again after).
    public mutating func add(_ record: ReviewRecord, names: ReviewNames) {
        guard record.time >= context.baselineSince.microseconds, record.time < context.until.microseconds else { return }
        let facts = lookup.facts(record, names, context)
        if facts.inPeriod {
            periodRecords += 1
            let hour = Int((record.time - context.since.microseconds) / 3_600_000_000)
            if record.admin < 0 {
                if unattributed == nil { unattributed = Array(repeating: 0, count: hours) }
                if hour < hours { unattributed![hour] += 1 }
            } else {
                let admin = Int(record.admin)
                if hourCounts.count <= admin { hourCounts += Array(repeating: nil, count: admin + 1 - hourCounts.count) }
                if hourCounts[admin] == nil { hourCounts[admin] = Array(repeating: 0, count: hours) }
                if hour < hours { hourCounts[admin]![hour] += 1 }
            }
        } else {
            baselineRecords += 1
        }
        if on[0] { outsideHours.add(record, facts, context) }
        if on[1] { burst.add(record, facts, context) }
        if on[2] { massChange.add(record, facts, context) }
        if on[3] { contactAndPayment.add(record, facts, context) }
        if on[4] { revertedChange.add(record, facts, context) }
        if on[5] { sensitiveAction.add(record, facts, context) }
        if on[6] { warnings.add(record, facts, context) }
        if on[7] { dormantAdmin.add(record, facts, context) }
    }

    /// A look at the audit trail (an access record): to the detectors that judge looks, oldest first.
    public mutating func add(look: AccessRecord) {
        guard look.event.time >= context.since, look.event.time < context.until else { return }
        if on[8] { manyCustomersRead.add(look: look, context) }
    }

    /// Every detector's findings, most serious first, naming people with `names` (default: the context's).
    public func findings(names: (@Sendable (EntityKind, String) -> String)? = nil) -> [Finding] {
        var context = self.context
        if let names { context.name = names }
        // In the order of `FindingKind.allCases` (`on`).
        let all: [any Detector] = [outsideHours, burst, massChange, contactAndPayment, revertedChange, sensitiveAction,
                                   warnings, dormantAdmin, manyCustomersRead]
        let texts = ReviewTexts(names: self.names, lookup: lookup)
        return all.indices.filter { on[$0] }.flatMap { all[$0].findings(context, texts) }.sorted(by: Finding.ordered)
    }

    /// The findings of these records (tests, and anything holding records already).
    public static func review(_ rows: [ReviewRow], looks: [AccessRecord] = [], _ context: ReviewContext) -> [Finding] {
        var engine = ReviewEngine(context)
        for row in rows.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) { engine.add(row) }
        for look in looks.sorted(by: { ($0.event.time, $0.id) < ($1.event.time, $1.id) }) { engine.add(look: look) }
        return engine.findings()
    }
}
