import AuditStore

/// **Mass change.** Rule: one admin changing the same field (`Entity.field`) of at least `mass_change.minimum`
/// different customers (or subscriptions, for a subscription's field) within `mass_change.window` of the
/// period. Overlapping windows are one finding, listing every customer or subscription changed in them.
/// Severity medium; high from 5 times the minimum.
struct MassChangeDetector: Detector {
    let kind = FindingKind.massChange
    private struct Key: Hashable {
        var admin: Int32
        /// `ReviewLookup.fieldNames`.
        var field: Int32
    }
    /// The changes, each with the thing it changed (`RecordFacts.target`).
    private var changes: [Key: [(record: ReviewRecord, target: Int32)]] = [:]
    private var order: [Key] = []

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard facts.inPeriod, record.admin >= 0, facts.fieldName >= 0, facts.target >= 0 else { return }
        let key = Key(admin: record.admin, field: facts.fieldName)
        if changes[key] == nil { order.append(key) }
        changes[key, default: []].append((record, facts.target))
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let settings = context.settings
        let window = settings.massWindow * 1_000_000
        var found: [Finding] = []
        for key in order {
            guard let rows = changes[key], rows.count >= settings.massMinimum else { continue }
            var inWindow: [Int32: Int] = [:]
            var first = 0
            var run: (from: Int, to: Int)?
            func close() {
                guard let r = run else { return }
                var gathered = Gathered()
                var targets = OrderedIDs()
                for row in rows[r.from...r.to] {
                    gathered.add(row.record, texts.names)
                    targets.add(texts.names.parties[row.target])
                }
                let noun = texts.lookup.isSubscription(entity: rows[r.from].record.entity) ? "subscriptions" : "customers"
                let from = rows[r.from].record.timestamp, to = rows[r.to].record.timestamp
                let reason = "\(context.admin(texts.names.admins[key.admin])) changed \(texts.lookup.fieldNames[key.field]) on "
                    + "\(targets.count) different \(noun) between \(context.when(from)) and \(context.time(to, sameDayAs: from))"
                    + " (\(settings.massMinimum) or more within \(TimeSpan.text(settings.massWindow)) is a mass change)"
                found.append(gathered.finding(kind, targets.count >= 5 * settings.massMinimum ? .high : .medium, reason))
                run = nil
            }
            for end in rows.indices {
                inWindow[rows[end].target, default: 0] += 1
                while rows[end].record.time - rows[first].record.time >= window {
                    let target = rows[first].target
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
