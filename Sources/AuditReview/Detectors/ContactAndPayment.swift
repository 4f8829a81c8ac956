import AuditStore

/// **Contact and payment details together.** Rule: in the period, one customer's contact e-mail
/// (`contact_payment.contact_fields`) changed and, within `contact_payment.window` of it (before or after),
/// its billing address, tax number or payment method (`contact_payment.payment_fields`, a field with its
/// sub-fields, or one of BillaBear's `contact_payment.payment_actions` for that customer), by whoever did
/// it: the pattern of an account takeover. One finding per customer, with every such record. Severity high.
struct ContactAndPaymentDetector: Detector {
    let kind = FindingKind.contactAndPayment
    private enum Part { case contact, payment }
    private var parts: [String: [(row: ReviewRow, part: Part, what: String)]] = [:]
    private var order: [String] = []

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard context.inPeriod(row), let customer = row.customerID else { return }
        let settings = context.settings
        var found: (Part, String)?
        if let change = row.change, change.entity != "Subscription" {
            if settings.contactFields.contains(change.field) {
                found = (.contact, change.field)
            } else if settings.paymentFields.contains(where: { change.field == $0 || change.field.hasPrefix($0 + ".") }) {
                found = (.payment, change.field)
            }
        } else if let message = row.message, settings.paymentActions.contains(message) {
            found = (.payment, "\"" + message + "\"")
        }
        guard let (part, what) = found else { return }
        if parts[customer] == nil { order.append(customer) }
        var slim = row
        slim.change = nil
        parts[customer, default: []].append((slim, part, what))
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        let window = context.settings.takeoverWindow * 1_000_000
        return order.compactMap { customer in
            guard let all = parts[customer] else { return nil }
            let contacts = all.filter { $0.part == .contact }, payments = all.filter { $0.part == .payment }
            func near(_ a: ReviewRow, _ list: [(row: ReviewRow, part: Part, what: String)]) -> Bool {
                list.contains { abs($0.row.time.microseconds - a.time.microseconds) <= window }
            }
            let kept = all.filter { near($0.row, $0.part == .contact ? payments : contacts) }
            guard let contact = kept.first(where: { $0.part == .contact }),
                  let payment = kept.first(where: { $0.part == .payment }) else { return nil }
            var gathered = Gathered()
            var who = OrderedIDs()
            for item in kept {
                gathered.add(item.row)
                who.add(item.row.adminID ?? "")
            }
            let whats = Array(Set(kept.filter { $0.part == .payment }.map(\.what))).sorted()
            let by = who.list.map { $0.isEmpty ? "(no admin)" : context.admin($0) }.joined(separator: ", ")
            let reason = "customer \(context.customer(customer)): \(contact.what) changed \(context.when(contact.row.time)) "
                + "and \(whats.joined(separator: ", ")) at \(context.when(payment.row.time)) (within \(TimeSpan.text(context.settings.takeoverWindow))), by \(by)"
            return gathered.finding(kind, .high, reason)
        }
    }
}
