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

    public init(options: Options) {
        self.options = options
        random = SeededRandom(seed: options.seed)
        let customers = max(20, min(5_000, options.requests / 30))
        directory = DemoDirectory(random: &random, customerCount: customers)
        clock = options.end.seconds - Int64(options.days) * 86_400
    }

    /// Writes the directory (admins, customers, subscriptions with plans and owners).
    public func writeDirectory(to store: AuditStore) throws {
        try store.inTransaction {
            for admin in directory.admins { try store.upsertAdmin(id: admin.id, email: admin.email, name: nil) }
            for customer in directory.customers {
                try store.upsertCustomer(id: customer.id, email: customer.email, name: customer.name)
            }
            for subscription in directory.subscriptions {
                try store.upsertSubscription(id: subscription.id,
                                             customerID: directory.customers[subscription.customer].id,
                                             plan: subscription.plan)
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
        let customer = random.pick(directory.customers)
        for key in entry.contextKeys {
            context.append((key, contextValue(key, customerID: customer.id)))
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

    private mutating func contextValue(_ key: String, customerID: String) -> JSONValue {
        switch key {
        case "customer_id": return .string(customerID)
        case "subscription_id":
            return .string(random.pick(directory.subscriptions).id)
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
        let customer = directory.customers[customerIndex]
        let subscription = random.pick(directory.subscriptions)
        var records: [GeneratedRecord] = []
        if byAdmin {
            let message = onCustomer ? "Received request to update customer" : "Received request to update subscription"
            let key = onCustomer ? "customer_id" : "subscription_id"
            records.append(GeneratedRecord(
                time: now, channel: "controller", level: .info, message: message,
                context: .object([(key, .string(onCustomer ? customer.id : subscription.id))]), extra: extra))
        }
        let fields = onCustomer ? Self.customerFields : Self.subscriptionFields
        var chosen = Set<Int>()
        for _ in 0..<random.int(1...4) { chosen.insert(random.int(0..<fields.count)) }
        for index in chosen.sorted() {
            let field = fields[index]
            let (old, new) = values(for: field, customer: customer)
            let idKey = onCustomer ? "customer_id" : "subscription_id"
            let entity = onCustomer ? "Customer" : "Subscription"
            records.append(GeneratedRecord(
                time: now, channel: "audit", level: .info, message: "A field on the \(entity) entity has been updated",
                context: .object([(idKey, .string(onCustomer ? customer.id : subscription.id)),
                                  ("field", .string(field)), ("old_value", .string(old)), ("new_value", .string(new))]),
                extra: extra))
        }
        return records
    }

    static let customerFields = ["billingEmail", "name", "locale", "creditLimit", "taxNumber", "billingAddress.city",
                                 "billingAddress", "brand", "disabled", "invoiceFormat", "metadata"]
    static let subscriptionFields = ["seats", "validUntil", "status", "price", "hasTrial", "trialLengthDays",
                                     "planName", "paymentSchedule", "metadata", "amount"]

    private mutating func values(for field: String, customer: DemoDirectory.Customer) -> (String, String) {
        switch field {
        case "billingEmail":
            return (PHP.quote(customer.email), PHP.quote("accounts+\(random.int(1...99))@" + customer.email.split(separator: "@").last!))
        case "name": return (PHP.quote(customer.name), PHP.quote(customer.name + (random.chance(0.5) ? " Holding" : " (EU)")))
        case "locale": return (PHP.quote(random.pick(["en", "de", "fr"])), PHP.quote(random.pick(["en_GB", "de_DE", "ja"])))
        case "creditLimit", "seats", "trialLengthDays":
            return (random.chance(0.1) ? "NULL" : String(random.int(0...50)), String(random.int(1...60)))
        case "amount": return ("\(random.int(5...500)).0", "\(random.int(5...500)).5")
        case "taxNumber": return (random.chance(0.3) ? "NULL" : PHP.quote("DE\(random.int(100_000_000...999_999_999))"),
                                  PHP.quote("DE\(random.int(100_000_000...999_999_999))"))
        case "billingAddress.city":
            return (PHP.quote(random.pick(["Berlin", "Köln", "O'Fallon", "東京"])), PHP.quote(random.pick(["München", "Paris", "Zürich"])))
        case "billingAddress", "metadata":
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
