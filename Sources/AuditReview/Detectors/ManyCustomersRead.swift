import AuditStore
import TextCells

/// **Many customers read.** Rule: one person (an access record's login: the shared server records every look)
/// looking at the data of at least `many_customers_read.minimum` different customers within
/// `many_customers_read.window` of the period; a look counts when its scope is a customer (a customer's log
/// opened or filtered, a record of theirs expanded, shown or revealed, their state, an export of their
/// records). Overlapping windows are one finding listing every customer looked at in them. Severity medium;
/// high from 3 times the minimum. An agent who answers tickets opens a few customers an hour; one paging
/// through customer after customer is reading the base.
struct ManyCustomersReadDetector: Detector {
    let kind = FindingKind.manyCustomersRead
    /// Each person's looks at a customer, oldest first.
    private var looks: [String: [(time: Timestamp, customer: String)]] = [:]
    private var order: [String] = []

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {}

    mutating func add(look: AccessRecord, _ context: ReviewContext) {
        guard case .customer(let customer) = look.event.scope else { return }
        if looks[look.user] == nil { order.append(look.user) }
        looks[look.user, default: []].append((look.event.time, customer))
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let settings = context.settings
        let window = settings.readWindow * 1_000_000
        var found: [Finding] = []
        for user in order {
            guard let seen = looks[user], Set(seen.map(\.customer)).count >= settings.readMinimum else { continue }
            var inWindow: [String: Int] = [:]
            var first = 0
            var run: (from: Int, to: Int)?
            func close() {
                guard let r = run else { return }
                var customers = OrderedIDs()
                for look in seen[r.from...r.to] { customers.add(look.customer) }
                let start = seen[r.from].time, end = seen[r.to].time
                let reason = "\(Sanitizer.line(user)) looked at \(customers.count) different customers between "
                    + "\(context.when(start)) and \(context.time(end, sameDayAs: start)) (\(settings.readMinimum) or more within "
                    + "\(TimeSpan.text(settings.readWindow)) is many customers read)"
                found.append(Finding(kind: kind, severity: customers.count >= 3 * settings.readMinimum ? .high : .medium,
                                     reason: reason, admins: [], customers: customers.list, subscriptions: [],
                                     start: start, end: end, records: []))
                run = nil
            }
            for end in seen.indices {
                inWindow[seen[end].customer, default: 0] += 1
                while seen[end].time.microseconds - seen[first].time.microseconds >= window {
                    let customer = seen[first].customer
                    inWindow[customer]! -= 1
                    if inWindow[customer] == 0 { inWindow[customer] = nil }
                    first += 1
                }
                guard inWindow.count >= settings.readMinimum else { continue }
                if let r = run, first <= r.to { run = (r.from, end) } else {
                    close()
                    run = (first, end)
                }
            }
            close()
        }
        return found
    }
}
