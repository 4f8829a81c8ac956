import AuditStore

/// **Dormant admin.** Rule: an admin with records in the period and none in the baseline, when the
/// baseline holds records at all (a store younger than the period has no baseline to judge by). One finding
/// per admin with all their records in the period. Severity medium.
struct DormantAdminDetector: Detector {
    let kind = FindingKind.dormantAdmin
    private var seenBefore: Set<String> = []
    private var baselineHasRecords = false
    private var period: [String: Gathered] = [:]
    private var order: [String] = []

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard context.inPeriod(row) else {
            baselineHasRecords = true
            if let admin = row.adminID { seenBefore.insert(admin) }
            return
        }
        guard let admin = row.adminID, !seenBefore.contains(admin) else { return }
        if period[admin] == nil { order.append(admin) }
        period[admin, default: Gathered()].add(row)
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        guard baselineHasRecords else { return [] }
        return order.compactMap { admin in
            guard let gathered = period[admin], let start = gathered.start else { return nil }
            let reason = "\(context.admin(admin)): \(gathered.ids.count) record\(gathered.ids.count == 1 ? "" : "s") "
                + "from \(context.when(start)), none in \(context.baselineText)"
            return gathered.finding(kind, .medium, reason)
        }
    }
}
