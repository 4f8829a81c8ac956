import AuditStore

/// **Mass change.** Rule: one admin changing the same field (`Entity.field`) of at least `mass_change.minimum`
/// different customers (or subscriptions, for a subscription's field) within `mass_change.window` of the
/// period. Overlapping windows are one finding, listing every customer or subscription changed in them.
/// Severity medium; high from 5 times the minimum.
struct MassChangeDetector: Detector {
    let kind = FindingKind.massChange
    private struct Key: Hashable {
        var admin: String
        var field: String
    }
    private var changes: [Key: [ReviewRow]] = [:]
    private var order: [Key] = []

    /// The changed thing: the subscription for a subscription's field, else the customer.
    static func target(_ row: ReviewRow) -> String? {
        row.change?.entity == "Subscription" ? row.subscriptionID : (row.customerID ?? row.subscriptionID)
    }

    static func fieldName(_ change: FieldChange) -> String {
        change.entity.map { $0 + "." + change.field } ?? change.field
    }

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard context.inPeriod(row), let admin = row.adminID, let change = row.change, Self.target(row) != nil else { return }
        let key = Key(admin: admin, field: Self.fieldName(change))
        if changes[key] == nil { order.append(key) }
        var slim = row
        slim.change = FieldChange(field: change.field, old: nil, new: nil, entity: change.entity)
        changes[key, default: []].append(slim)
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        let settings = context.settings
        let window = settings.massWindow * 1_000_000
        var found: [Finding] = []
        for key in order {
            guard let rows = changes[key], rows.count >= settings.massMinimum else { continue }
            var inWindow: [String: Int] = [:]
            var first = 0
            var run: (from: Int, to: Int)?
            func close() {
                guard let r = run else { return }
                var gathered = Gathered()
                var targets = OrderedIDs()
                for row in rows[r.from...r.to] {
                    gathered.add(row)
                    targets.add(Self.target(row))
                }
                let noun = rows[r.from].change?.entity == "Subscription" ? "subscriptions" : "customers"
                let reason = "\(context.admin(key.admin)) changed \(key.field) on \(targets.count) different \(noun) "
                    + "between \(context.when(rows[r.from].time)) and \(context.time(rows[r.to].time, sameDayAs: rows[r.from].time))"
                    + " (\(settings.massMinimum) or more within \(TimeSpan.text(settings.massWindow)) is a mass change)"
                found.append(gathered.finding(kind, targets.count >= 5 * settings.massMinimum ? .high : .medium, reason))
                run = nil
            }
            for end in rows.indices {
                inWindow[Self.target(rows[end])!, default: 0] += 1
                while rows[end].time.microseconds - rows[first].time.microseconds >= window {
                    let target = Self.target(rows[first])!
                    inWindow[target]! -= 1
                    if inWindow[target] == 0 { inWindow[target] = nil }
                    first += 1
                }
                guard inWindow.count >= settings.massMinimum else { continue }
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
