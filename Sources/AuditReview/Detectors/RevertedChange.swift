import AuditStore
import TextCells

/// **Reverted change.** Rule: a field of one customer or subscription set from A to B and, as the very next
/// change of that field, back from B to A within `reverted_change.window`, by the same or another admin; the
/// change back is in the period. A change that records no values (old equal to new: BillaBear logs some
/// values by their class name) never counts. Severity medium; low when one admin undid their own change
/// within 10 minutes (a slip put right).
struct RevertedChangeDetector: Detector {
    let kind = FindingKind.revertedChange
    private struct Key: Hashable {
        /// `ReviewLookup.fieldNames`.
        var field: Int32
        /// `RecordFacts.target`.
        var target: Int32
    }
    /// The last change of each field, forgotten once too old to be changed back (`sweepAt`).
    private var last: [Key: ReviewRecord] = [:]
    private var sweepAt = 4_096
    private var found: [(first: ReviewRecord, back: ReviewRecord, key: Key)] = []

    /// From when the old and new values must be read (a change back in the period, the window before it).
    static func valuesSince(_ context: ReviewContext) -> Timestamp {
        Timestamp(microseconds: context.since.microseconds - context.settings.revertWindow * 1_000_000)
    }

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard facts.fieldName >= 0, facts.target >= 0, record.time >= Self.valuesSince(context).microseconds else { return }
        let window = context.settings.revertWindow * 1_000_000
        if last.count >= sweepAt {
            // A change older than the window before this one can pair with no later one: a later change
            // of its field just takes its place, as it would have.
            last = last.filter { $0.value.time >= record.time - window }
            sweepAt = max(4_096, last.count * 2)
        }
        let key = Key(field: facts.fieldName, target: facts.target)
        if let before = last[key], facts.inPeriod, before.old != before.new,
           record.old == before.new, record.new == before.old,
           record.time - before.time <= window {
            found.append((before, record, key))
            last[key] = nil
            return
        }
        last[key] = record
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        found.map { pair in
            var gathered = Gathered()
            gathered.add(pair.first, texts.names)
            gathered.add(pair.back, texts.names)
            let target = texts.names.parties[pair.key.target]
            let entity = texts.lookup.isSubscription(entity: pair.back.entity)
                ? "subscription \(Sanitizer.line(context.name(.subscription, target)))" : "customer \(context.customer(target))"
            func value(_ id: Int32) -> String {
                let line = Sanitizer.line(texts.names.values.name(id) ?? "NULL")
                return line.count > 40 ? String(line.prefix(39)) + "…" : line
            }
            let first = pair.first.timestamp, back = pair.back.timestamp
            let same = pair.first.admin == pair.back.admin
            let slip = same && pair.back.time - pair.first.time <= 600_000_000
            let reason = "\(texts.lookup.fieldNames[pair.key.field]) of \(entity) set from \(value(pair.first.old)) to "
                + "\(value(pair.first.new)) by \(context.admin(texts.names.admins.name(pair.first.admin))) \(context.when(first)), "
                + "back by \(same ? "the same admin" : context.admin(texts.names.admins.name(pair.back.admin))) "
                + context.time(back, sameDayAs: first)
            return gathered.finding(kind, slip ? .low : .medium, reason)
        }
    }
}
