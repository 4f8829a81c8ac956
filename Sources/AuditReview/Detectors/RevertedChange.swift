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
        var field: String
        var target: String
    }
    private var last: [Key: ReviewRow] = [:]
    private var found: [(first: ReviewRow, back: ReviewRow, field: String)] = []

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard let change = row.change, let target = MassChangeDetector.target(row),
              row.time.microseconds >= context.since.microseconds - context.settings.revertWindow * 1_000_000
        else { return }
        let key = Key(field: MassChangeDetector.fieldName(change), target: target)
        if let before = last[key], let old = before.change, context.inPeriod(row), old.old != old.new,
           change.old == old.new, change.new == old.old,
           row.time.microseconds - before.time.microseconds <= context.settings.revertWindow * 1_000_000 {
            found.append((before, row, key.field))
            last[key] = nil
            return
        }
        last[key] = row
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        found.map { pair in
            var gathered = Gathered()
            gathered.add(pair.first)
            gathered.add(pair.back)
            let target = MassChangeDetector.target(pair.back)!
            let entity = pair.back.change?.entity == "Subscription" ? "subscription \(Sanitizer.line(context.name(.subscription, target)))"
                : "customer \(context.customer(target))"
            func value(_ text: String?) -> String {
                let line = Sanitizer.line(text ?? "NULL")
                return line.count > 40 ? String(line.prefix(39)) + "…" : line
            }
            let same = pair.first.adminID == pair.back.adminID
            let slip = same && pair.back.time.microseconds - pair.first.time.microseconds <= 600_000_000
            let reason = "\(pair.field) of \(entity) set from \(value(pair.first.change?.old)) to "
                + "\(value(pair.first.change?.new)) by \(context.admin(pair.first.adminID)) \(context.when(pair.first.time)), "
                + "back by \(same ? "the same admin" : context.admin(pair.back.adminID)) "
                + context.time(pair.back.time, sameDayAs: pair.first.time)
            return gathered.finding(kind, slip ? .low : .medium, reason)
        }
    }
}
