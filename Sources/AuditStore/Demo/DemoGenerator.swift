/// Makes BillaBear-shaped audit records: controller records from the real message catalogue, field
/// changes grouped by request, background jobs without an admin, months of time with bursts, and a few
/// hostile strings. The same seed and end time always make the same records.
public struct DemoGenerator {
    public struct Options: Sendable {
        public var requests = 20_000
        public var seed: UInt64 = 1
        /// The newest record is just before this instant.
        public var end: Timestamp
        public var days = 180

        public init(requests: Int = 20_000, seed: UInt64 = 1, end: Timestamp, days: Int = 180) {
            self.requests = requests
            self.seed = seed
            self.end = end
            self.days = days
        }
    }

    public let options: Options
    var random: SeededRandom
    let directory: DemoDirectory
    private var clock: Int64
    private var produced = 0
    private var burstLeft = 0
    /// Each entity's field values as its changes left them (PHP text), so every change starts from the
    /// value the one before it set: a request's records agree with each other, and with the directory.
    private var customerValues: [Int: [String: String]] = [:]
    private var customerAddresses: [Int: [(String, PHP.Value)]] = [:]
    private var subscriptionValues: [Int: [String: String]] = [:]
    /// Each customer's subscriptions, by customer index.
    private let ownedSubscriptions: [[DemoDirectory.Subscription]]

    public init(options: Options) {
        self.options = options
        random = SeededRandom(seed: options.seed)
        let customers = max(20, min(5_000, options.requests / 30))
        directory = DemoDirectory(random: &random, customerCount: customers)
        var owned = Array(repeating: [DemoDirectory.Subscription](), count: directory.customers.count)
        for subscription in directory.subscriptions { owned[subscription.customer].append(subscription) }
        ownedSubscriptions = owned
        clock = options.end.seconds - Int64(options.days) * 86_400
    }

    /// Writes the directory (admins, customers, subscriptions with plans and owners) as the changes made
    /// so far left it: call it before the records (so owners are known) and again after them (so the
    /// pickers show the emails, names and plans the newest changes set).
    public func writeDirectory(to store: AuditStore) throws {
        try store.inTransaction {
            for admin in directory.admins { try store.upsertAdmin(id: admin.id, email: admin.email, name: nil) }
            for (index, customer) in directory.customers.enumerated() {
                let values = customerValues[index] ?? [:]
                try store.upsertCustomer(id: customer.id,
                                         email: values["billingEmail"].flatMap(PHP.unquote) ?? customer.email,
                                         name: values["name"].flatMap(PHP.unquote) ?? customer.name)
            }
            for (index, subscription) in directory.subscriptions.enumerated() {
                try store.upsertSubscription(id: subscription.id,
                                             customerID: directory.customers[subscription.customer].id,
                                             plan: subscriptionValues[index]?["planName"].flatMap(PHP.unquote)
                                                ?? subscription.plan)
            }
        }
    }

    /// The next request's records (one to several), or nil when all requests are made.
    public mutating func nextRequest() -> [GeneratedRecord]? {
        guard produced < options.requests else { return nil }
        produced += 1
        advanceClock()
        let uid = random.hex(7)
        let admin: DemoDirectory.Admin? = random.chance(0.88) ? random.pick(directory.admins) : nil
        var extra: [(String, JSONValue)] = [("uid", .string(uid))]
        if let admin { extra.append(("billing_admin_id", .string(admin.id))) }
        let roll = random.unit()
        if roll < 0.22 {
            return fieldChanges(extra: .object(extra), byAdmin: admin != nil)
        }
        return controllerRecords(extra: .object(extra))
    }

    /// Steady traffic spread evenly to the end time, with bursts where many records share a second.
    private mutating func advanceClock() {
        let start = options.end.seconds - Int64(options.days) * 86_400
        let span = Int64(options.days) * 86_400
        let target = start + span * Int64(produced) / Int64(max(1, options.requests))
        let mean = max(1, span / Int64(max(1, options.requests)))
        if burstLeft > 0 {
            burstLeft -= 1
            clock += Int64(random.int(0...1))
        } else {
            if random.chance(0.004) { burstLeft = random.int(20...120) }
            clock = max(clock + 1, target + Int64(random.int(0...Int(mean))) - mean / 2)
        }
        clock = min(clock, options.end.seconds - 1)
    }

    private var now: Timestamp { Timestamp(seconds: clock) }

    private mutating func controllerRecords(extra: JSONValue) -> [GeneratedRecord] {
        let entry = random.pick(MessageCatalog.controller)
        var context: [(String, JSONValue)] = []
        let customerIndex = random.int(0..<directory.customers.count)
        let customer = directory.customers[customerIndex]
        // A record that names a customer and a subscription names one of that customer's: each subscription
        // belongs to one customer, as in BillaBear (every customer has one: `DemoDirectory`).
        let owned = entry.contextKeys.contains("customer_id") ? ownedSubscriptions[customerIndex] : directory.subscriptions
        for key in entry.contextKeys {
            context.append((key, contextValue(key, customerID: customer.id, subscriptions: owned)))
        }
        var records = [GeneratedRecord(time: now, channel: "controller", level: entry.level, message: entry.message,
                                       context: .object(context), extra: extra)]
        if entry.level == .info, random.chance(0.08) {
            // A request that went wrong after it was logged.
            records.append(GeneratedRecord(
                time: now, channel: "controller", level: .error, message: "Got an error from payment provider",
                context: .object([("exception_message", .string(random.pick(Self.providerErrors)))]), extra: extra))
        }
        return records
    }

    private mutating func contextValue(_ key: String, customerID: String, subscriptions: [DemoDirectory.Subscription])
        -> JSONValue {
        switch key {
        case "customer_id": return .string(customerID)
        case "subscription_id": return .string(random.pick(subscriptions).id)
        case "exception_message": return .string(random.pick(Self.providerErrors))
        case "errors":
            return .object([("email", .array([.string("This value is not a valid email address.")]))])
        case "reason": return .string(random.pick(["duplicate", "fraudulent", "requested_by_customer",
                                                    "Kunde wünscht Rückerstattung", "顧客の要望"]))
        case "token": return .string(random.uuid())
        case "country_id": return .string("x\(random.int(1...249))")
        default: return .string(random.chance(0.5) ? random.uuid() : "x\(random.int(1...999))")
        }
    }

    static let providerErrors = [
        "Your card was declined.", "Stripe API timeout after 30s", "No such customer: 'cus_Q1w2E3r4'",
        "Invalid currency: GBP != EUR", "Rate limit exceeded \u{1B}[2J (retry later)",
    ]

    // MARK: Field changes

    private mutating func fieldChanges(extra: JSONValue, byAdmin: Bool) -> [GeneratedRecord] {
        let onCustomer = random.chance(0.55)
        let customerIndex = random.int(0..<directory.customers.count)
        let subscriptionIndex = random.int(0..<directory.subscriptions.count)
        let subscription = directory.subscriptions[subscriptionIndex]
        var records: [GeneratedRecord] = []
        if byAdmin {
            let message = onCustomer ? "Received request to update customer" : "Received request to update subscription"
            let key = onCustomer ? "customer_id" : "subscription_id"
            records.append(GeneratedRecord(
                time: now, channel: "controller", level: .info, message: message,
                context: .object([(key, .string(onCustomer ? directory.customers[customerIndex].id : subscription.id))]),
                extra: extra))
        }
        let fields = onCustomer ? Self.customerFields : Self.subscriptionFields
        var chosen = Set<Int>()
        for _ in 0..<random.int(1...4) { chosen.insert(random.int(0..<fields.count)) }
        var changes: [(field: String, old: String, new: String)] = []
        // The city and the address it is part of change together, so the address array always holds the city
        // its own field says: a city change brings the address's change (one a request, from the address
        // before the city moved).
        var addressBefore: String?
        for index in chosen.sorted() {
            let field = fields[index]
            if onCustomer, field == "billingAddress.city" { addressBefore = addressText(customerIndex) }
            var (old, new) = onCustomer ? customerChange(field, customerIndex)
                : subscriptionChange(field, subscriptionIndex)
            if field == "billingAddress", let before = addressBefore {
                old = before
                addressBefore = nil
            }
            changes.append((field, old, new))
        }
        if let before = addressBefore { changes.append(("billingAddress", before, addressText(customerIndex))) }
        let idKey = onCustomer ? "customer_id" : "subscription_id"
        let entity = onCustomer ? "Customer" : "Subscription"
        for change in changes {
            records.append(GeneratedRecord(
                time: now, channel: "audit", level: .info, message: FieldChange.message(entity: entity),
                context: .object([(idKey, .string(onCustomer ? directory.customers[customerIndex].id : subscription.id)),
                                  ("field", .string(change.field)), ("old_value", .string(change.old)),
                                  ("new_value", .string(change.new))]),
                extra: extra))
        }
        return records
    }

    /// A customer's address array as it is now (made on first use), as BillaBear writes it.
    private mutating func addressText(_ index: Int) -> String {
        if customerAddresses[index] == nil { customerAddresses[index] = randomArray() }
        return PHP.varExport(customerAddresses[index]!)
    }

    static let customerFields = ["billingEmail", "name", "locale", "creditLimit", "taxNumber", "billingAddress.city",
                                 "billingAddress", "brand", "disabled", "invoiceFormat", "metadata"]
    static let subscriptionFields = ["seats", "validUntil", "status", "price", "hasTrial", "trialLengthDays",
                                     "planName", "paymentSchedule", "metadata", "amount"]

    /// A change of a customer's field from the value it has now (the directory's, or the last change's).
    private mutating func customerChange(_ field: String, _ index: Int) -> (String, String) {
        let customer = directory.customers[index]
        if customerAddresses[index] == nil { customerAddresses[index] = randomArray() }
        var address = customerAddresses[index]!
        let old: String
        let new: String
        switch field {
        case "billingAddress.city":
            // The city inside the address: the array and its city field never disagree.
            var city: String? = nil
            for (key, value) in address where key == "city" { if case .string(let text) = value { city = text } }
            old = city.map { PHP.quote($0) } ?? "NULL"
            let cities: [String] = ["Berlin", "Köln", "O'Fallon", "東京", "München", "Paris", "Zürich"]
            let next: String = random.pick(cities.filter { $0 != city })
            new = PHP.quote(next)
            address = address.map { $0.0 == "city" ? ("city", .string(next)) : $0 }
        case "billingAddress":
            // Street, postcode or tags change; the city keeps the value its own changes gave it.
            old = PHP.varExport(address)
            let city = address.first { $0.0 == "city" }!
            var next = randomArray().filter { $0.0 != "city" }
            next.insert(city, at: 1)
            new = PHP.varExport(next)
            address = next
        default:
            var known = customerValues[index] ?? [:]
            let start = known[field] ?? initialCustomerValue(field, customer)
            var next = fieldValues(for: field, current: start, customerEmail: customer.email, customerName: customer.name).1
            for _ in 0..<3 where next == start && field != "invoiceFormat" {
                next = fieldValues(for: field, current: start, customerEmail: customer.email, customerName: customer.name).1
            }
            old = start
            new = next
            known[field] = next
            customerValues[index] = known
        }
        customerAddresses[index] = address
        return (old, new)
    }

    /// A change of a subscription's field from the value it has now.
    private mutating func subscriptionChange(_ field: String, _ index: Int) -> (String, String) {
        var known = subscriptionValues[index] ?? [:]
        let start = known[field] ?? (field == "planName" ? PHP.quote(directory.subscriptions[index].plan)
            : fieldValues(for: field, current: "NULL", customerEmail: "", customerName: "").0)
        var next = fieldValues(for: field, current: start, customerEmail: "", customerName: "").1
        for _ in 0..<3 where next == start && field != "status" && field != "paymentSchedule" {
            next = fieldValues(for: field, current: start, customerEmail: "", customerName: "").1
        }
        known[field] = next
        subscriptionValues[index] = known
        return (start, next)
    }

    private mutating func initialCustomerValue(_ field: String, _ customer: DemoDirectory.Customer) -> String {
        switch field {
        case "billingEmail": return PHP.quote(customer.email)
        case "name": return PHP.quote(customer.name)
        default: return fieldValues(for: field, current: "NULL", customerEmail: customer.email, customerName: customer.name).0
        }
    }

    /// A field's (first value, next value): the first for an entity no change has touched yet, the next
    /// from `current`.
    private mutating func fieldValues(for field: String, current: String, customerEmail: String, customerName: String)
        -> (String, String) {
        switch field {
        case "billingEmail":
            let domain = customerEmail.split(separator: "@").last.map(String.init) ?? "example.com"
            return (current, PHP.quote("accounts+\(random.int(1...99))@" + domain))
        case "name":
            return (current, PHP.quote(customerName + (random.chance(0.5) ? " Holding" : " (EU)")))
        case "locale": return (PHP.quote(random.pick(["en", "de", "fr"])), PHP.quote(random.pick(["en_GB", "de_DE", "ja"])))
        case "creditLimit", "seats", "trialLengthDays":
            return (random.chance(0.1) ? "NULL" : String(random.int(0...50)), String(random.int(1...60)))
        case "amount": return ("\(random.int(5...500)).0", "\(random.int(5...500)).5")
        case "taxNumber": return (random.chance(0.3) ? "NULL" : PHP.quote("DE\(random.int(100_000_000...999_999_999))"),
                                  PHP.quote("DE\(random.int(100_000_000...999_999_999))"))
        case "metadata":
            return (PHP.varExport(randomArray()), PHP.varExport(randomArray()))
        case "brand": return (PHP.quote("default"), PHP.quote(random.chance(0.2) ? String(repeating: "very long brand name ", count: 40) : "eu-brand"))
        case "disabled", "hasTrial": let b = random.chance(0.5); return (b ? "true" : "false", b ? "false" : "true")
        case "invoiceFormat": return ("BillaBear\\Enum\\InvoiceFormat", "BillaBear\\Enum\\InvoiceFormat")
        case "status", "paymentSchedule":
            return ("BillaBear\\Entity\\Subscription\\" + (field == "status" ? "SubscriptionStatus" : "PaymentSchedule"),
                    "BillaBear\\Entity\\Subscription\\" + (field == "status" ? "SubscriptionStatus" : "PaymentSchedule"))
        case "validUntil":
            let base = clock + Int64(random.int(1...200)) * 86_400
            return (PHP.atom(Timestamp(seconds: base - base % 86_400)),
                    PHP.atom(Timestamp(seconds: base - base % 86_400 + Int64(random.int(28...365)) * 86_400)))
        case "price": return (random.uuid(), random.uuid())
        case "planName": return (PHP.quote(random.pick(DemoDirectory.plans)), PHP.quote(random.pick(DemoDirectory.plans)))
        default: return ("NULL", PHP.quote("x"))
        }
    }

    private mutating func randomArray() -> [(String, PHP.Value)] {
        var items: [(String, PHP.Value)] = [
            ("street", .string(random.pick(["Hauptstraße 1", "1 Main St", "Rue d'Alésia 12"]))),
            ("city", .string(random.pick(["Berlin", "Paris", "東京"]))),
            ("country", .string(random.pick(["DE", "FR", "JP"]))),
        ]
        if random.chance(0.5) { items.append(("postcode", .string(String(random.int(10_000...99_999))))) }
        if random.chance(0.3) { items.append(("tags", .list([.string("vip"), .string("eu")]))) }
        return items
    }
}

/// PHP's ways of writing values, as BillaBear's audit listener does.
enum PHP {
    indirect enum Value {
        case string(String)
        case list([Value])
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    /// The text of a quoted PHP string (`'a\'b'` → `a'b`); nil for anything else.
    static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped { out.append(character); escaped = false } else if character == "\\" { escaped = true } else { out.append(character) }
        }
        return out
    }

    static func atom(_ time: Timestamp) -> String { CivilTime(seconds: time.seconds).isoText + "+00:00" }

    /// `var_export` of an array: `array (\n  'key' => 'value',\n)`.
    static func varExport(_ items: [(String, Value)], indent: String = "") -> String {
        var out = "array (\n"
        for (key, value) in items {
            let keyText = Int(key) != nil ? key : quote(key)
            switch value {
            case .string(let text): out += "\(indent)  \(keyText) => \(quote(text)),\n"
            case .list(let values):
                let list = values.enumerated().map { (String($0.offset), $0.element) }
                out += "\(indent)  \(keyText) => \n\(indent)  " + varExport(list, indent: indent + "  ") + ",\n"
            }
        }
        return out + indent + ")"
    }
}
