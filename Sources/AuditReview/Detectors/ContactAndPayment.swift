import AuditStore

/// **Contact and payment details together.** Rule: in the period, one customer's contact e-mail
/// (`contact_payment.contact_fields`) changed and, within `contact_payment.window` of it (before or after),
/// its billing address, tax number or payment method (`contact_payment.payment_fields`, a field with its
/// sub-fields, or one of BillaBear's `contact_payment.payment_actions` for that customer), by whoever did
/// it: the pattern of an account takeover. One finding per customer, with every such record. Severity high.
struct ContactAndPaymentDetector: Detector {
    let kind = FindingKind.contactAndPayment
    private enum Part { case contact, payment }
    /// What changed: a field (`ReviewNames.fields`) or an action (`ReviewNames.messages`).
    private enum What: Hashable {
        case field(Int32)
        case action(Int32)
    }
    private struct Item {
        var record: ReviewRecord
        var part: Part
        var what: What
    }
    private var parts: [Int32: [Item]] = [:]
    private var order: [Int32] = []

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard facts.inPeriod, record.customer >= 0 else { return }
        var found: (Part, What)?
        if record.field >= 0, !facts.subscriptionField {
            switch facts.fieldPart {
            case .contact: found = (.contact, .field(record.field))
            case .payment: found = (.payment, .field(record.field))
            case .other: break
            }
        } else if facts.paymentAction {
            found = (.payment, .action(record.message))
        }
        guard let (part, what) = found else { return }
        if parts[record.customer] == nil { order.append(record.customer) }
        parts[record.customer, default: []].append(Item(record: record, part: part, what: what))
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let window = context.settings.takeoverWindow * 1_000_000
        func text(_ what: What) -> String {
            switch what {
            case let .field(field): texts.names.fields[field]
            case let .action(message): "\"" + texts.names.messages[message] + "\""
            }
        }
        return order.compactMap { customer in
            guard let all = parts[customer] else { return nil }
            let contacts = all.filter { $0.part == .contact }, payments = all.filter { $0.part == .payment }
            func near(_ a: ReviewRecord, _ list: [Item]) -> Bool {
                list.contains { abs($0.record.time - a.time) <= window }
            }
            let kept = all.filter { near($0.record, $0.part == .contact ? payments : contacts) }
            guard let contact = kept.first(where: { $0.part == .contact }),
                  let payment = kept.first(where: { $0.part == .payment }) else { return nil }
            var gathered = Gathered()
            var who = OrderedIDs()
            for item in kept {
                gathered.add(item.record, texts.names)
                who.add(texts.names.admins.name(item.record.admin) ?? "")
            }
            let whats = Array(Set(kept.filter { $0.part == .payment }.map { text($0.what) })).sorted()
            let by = who.list.map { $0.isEmpty ? "(no admin)" : context.admin($0) }.joined(separator: ", ")
            let reason = "customer \(context.customer(texts.names.parties[customer])): \(text(contact.what)) changed "
                + "\(context.when(contact.record.timestamp)) and \(whats.joined(separator: ", ")) at "
                + "\(context.when(payment.record.timestamp)) (within \(TimeSpan.text(context.settings.takeoverWindow))), by \(by)"
            return gathered.finding(kind, .high, reason)
        }
    }
}
