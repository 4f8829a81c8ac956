import AuditStore
import TextCells

/// **First-time sensitive action.** Rule: an admin doing one of `sensitive_action` (BillaBear's messages,
/// matched exactly) in the period when they did not do it in the baseline: one finding per admin and
/// action, with every such record of theirs in the period. Severity high.
struct SensitiveActionDetector: Detector {
    let kind = FindingKind.sensitiveAction
    private struct Key: Hashable {
        var admin: String
        var message: String
    }
    private var before: Set<Key> = []
    private var period: [Key: Gathered] = [:]
    private var order: [Key] = []
    private var sensitive: Set<String>?

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard let admin = row.adminID, let message = row.message else { return }
        if sensitive == nil { sensitive = Set(context.settings.sensitiveActions) }
        guard sensitive!.contains(message) else { return }
        let key = Key(admin: admin, message: message)
        guard context.inPeriod(row) else {
            before.insert(key)
            return
        }
        guard !before.contains(key) else { return }
        if period[key] == nil { order.append(key) }
        period[key, default: Gathered()].add(row)
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        order.compactMap { key in
            guard let gathered = period[key], let start = gathered.start else { return nil }
            let times = gathered.ids.count == 1 ? "" : " (\(gathered.ids.count) times)"
            let reason = "\(context.admin(key.admin)): \"\(Sanitizer.line(key.message))\" first at \(context.when(start))"
                + "\(times); not done by them in \(context.baselineText)"
            return gathered.finding(kind, .high, reason)
        }
    }
}
