import AuditStore
import TextCells

/// **First-time sensitive action.** Rule: an admin doing one of `sensitive_action` (BillaBear's messages,
/// matched exactly) in the period when they did not do it in the baseline: one finding per admin and
/// action, with every such record of theirs in the period. Severity high.
struct SensitiveActionDetector: Detector {
    let kind = FindingKind.sensitiveAction
    private struct Key: Hashable {
        var admin: Int32
        var message: Int32
    }
    private var before: Set<Key> = []
    private var period: [Key: [ReviewRecord]] = [:]
    private var order: [Key] = []

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard record.admin >= 0, facts.sensitive else { return }
        let key = Key(admin: record.admin, message: record.message)
        guard facts.inPeriod else {
            before.insert(key)
            return
        }
        guard !before.contains(key) else { return }
        if period[key] == nil { order.append(key) }
        period[key, default: []].append(record)
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        order.compactMap { key in
            guard let records = period[key] else { return nil }
            let gathered = Gathered(records, texts.names)
            guard let start = gathered.start else { return nil }
            let times = gathered.ids.count == 1 ? "" : " (\(gathered.ids.count) times)"
            let reason = "\(context.admin(texts.names.admins[key.admin])): \"\(Sanitizer.line(texts.names.messages[key.message]))\" "
                + "first at \(context.when(start))\(times); not done by them in \(context.baselineText)"
            return gathered.finding(kind, .high, reason)
        }
    }
}
