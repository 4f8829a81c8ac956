import AuditStore

/// **Outside working hours.** Rule: an admin's records in the period before `working_hours`' start, from its
/// end on, or on a `weekend` day (in the review's zone) are grouped per admin per night or day off: an
/// evening and the next morning are one night (the local date of the time less the start hour). A group of
/// at least `outside_hours.minimum` records is one finding. Severity medium; low when the admin worked
/// outside hours on 4 or more nights or days of the baseline (their habit, said in the reason).
struct OutsideHoursDetector: Detector {
    let kind = FindingKind.outsideHours
    private struct Key: Hashable {
        var admin: String
        var night: Timestamp
    }
    private var groups: [Key: Gathered] = [:]
    private var order: [Key] = []
    private var baselineNights: [String: Set<Timestamp>] = [:]

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard let admin = row.adminID, context.settings.isOutside(row.time, clock: context.clock) else { return }
        let shifted = Timestamp(microseconds: row.time.microseconds - Int64(context.settings.hoursStart) * 3_600_000_000)
        let key = Key(admin: admin, night: context.clock.bucketStart(shifted, .day))
        guard context.inPeriod(row) else {
            baselineNights[admin, default: []].insert(key.night)
            return
        }
        if groups[key] == nil { order.append(key) }
        groups[key, default: Gathered()].add(row)
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        let settings = context.settings
        return order.compactMap { key in
            guard let group = groups[key], group.ids.count >= settings.outsideMinimum,
                  let start = group.start, let end = group.end else { return nil }
            let usual = baselineNights[key.admin]?.count ?? 0
            let span = start == end ? "at \(context.when(start))"
                : "between \(context.when(start)) and \(context.time(end, sameDayAs: start))"
            let habit = usual == 0 ? "none in \(context.baselineText)"
                : "outside hours on \(usual) night\(usual == 1 ? "" : "s") or days off in \(context.baselineText)"
            let reason = "\(context.admin(key.admin)): \(group.ids.count) record\(group.ids.count == 1 ? "" : "s") "
                + "outside working hours (\(settings.hoursText), weekend \(settings.weekendText)) \(span); \(habit)"
            return group.finding(kind, usual >= 4 ? .low : .medium, reason)
        }
    }
}
