import AuditStore

/// **Dormant admin.** Rule: an admin with records in the period and none in the baseline, when the
/// baseline holds records at all (a store younger than the period has no baseline to judge by). One finding
/// per admin with all their records in the period. Severity medium.
struct DormantAdminDetector: Detector {
    let kind = FindingKind.dormantAdmin
    private var seenBefore: [Bool] = []
    private var baselineHasRecords = false
    private var period: [Int32: [ReviewRecord]] = [:]
    private var order: [Int32] = []

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        let admin = Int(record.admin)
        guard facts.inPeriod else {
            baselineHasRecords = true
            if admin >= 0 {
                if seenBefore.count <= admin { seenBefore += Array(repeating: false, count: admin + 1 - seenBefore.count) }
                seenBefore[admin] = true
            }
            return
        }
        guard admin >= 0, admin >= seenBefore.count || !seenBefore[admin] else { return }
        if period[record.admin] == nil { order.append(record.admin) }
        period[record.admin, default: []].append(record)
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        guard baselineHasRecords else { return [] }
        return order.compactMap { admin in
            guard let records = period[admin] else { return nil }
            let gathered = Gathered(records, texts.names)
            guard let start = gathered.start else { return nil }
            let reason = "\(context.admin(texts.names.admins[admin])): \(gathered.ids.count) record\(gathered.ids.count == 1 ? "" : "s") "
                + "from \(context.when(start)), none in \(context.baselineText)"
            return gathered.finding(kind, .medium, reason)
        }
    }
}
