import AuditStore

/// **Outside working hours.** Rule: an admin's records in the period before `working_hours`' start, from its
/// end on, or on a `weekend` day (in the review's zone) are grouped per admin per night or day off: an
/// evening and the next morning are one night (the local date of the time less the start hour). A group of
/// at least `outside_hours.minimum` records is one finding. Severity medium; low when the admin worked
/// outside hours on 4 or more nights or days of the baseline (their habit, said in the reason).
struct OutsideHoursDetector: Detector {
    let kind = FindingKind.outsideHours
    private struct Key: Hashable {
        var admin: Int32
        /// The night: the local day number of the time less the start hour.
        var night: Int64
    }
    private var groups: [Key: [ReviewRecord]] = [:]
    private var order: [Key] = []
    private var baselineNights: [Int32: Set<Int64>] = [:]
    private var weekend: [Bool] = []
    private var local = OffsetCache()
    private var shiftedLocal = OffsetCache()

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard record.admin >= 0 else { return }
        let settings = context.settings
        if weekend.isEmpty { weekend = (0..<7).map { settings.weekend.contains($0) } }
        // The local hour and day of the week (0 Monday), as `ReviewSettings.isOutside` reads them.
        let seconds = local.localSeconds(record.timestamp, context.clock)
        let day = floorDiv(seconds, 86_400)
        let hour = Int((seconds - day * 86_400) / 3_600)
        guard weekend[Int(day + 3 - floorDiv(day + 3, 7) * 7)] || hour < settings.hoursStart || hour >= settings.hoursEnd
        else { return }
        let shifted = Timestamp(microseconds: record.time - Int64(settings.hoursStart) * 3_600_000_000)
        let key = Key(admin: record.admin, night: floorDiv(shiftedLocal.localSeconds(shifted, context.clock), 86_400))
        guard facts.inPeriod else {
            baselineNights[record.admin, default: []].insert(key.night)
            return
        }
        if groups[key] == nil { order.append(key) }
        groups[key, default: []].append(record)
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let settings = context.settings
        return order.compactMap { key in
            guard let records = groups[key], records.count >= settings.outsideMinimum else { return nil }
            let group = Gathered(records, texts.names)
            guard let start = group.start, let end = group.end else { return nil }
            let usual = baselineNights[key.admin]?.count ?? 0
            let span = start == end ? "at \(context.when(start))"
                : "between \(context.when(start)) and \(context.time(end, sameDayAs: start))"
            let habit = usual == 0 ? "none in \(context.baselineText)"
                : "outside hours on \(usual) night\(usual == 1 ? "" : "s") or days off in \(context.baselineText)"
            let reason = "\(context.admin(texts.names.admins[key.admin])): \(group.ids.count) record\(group.ids.count == 1 ? "" : "s") "
                + "outside working hours (\(settings.hoursText), weekend \(settings.weekendText)) \(span); \(habit)"
            return group.finding(kind, usual >= 4 ? .low : .medium, reason)
        }
    }
}

/// Division rounding down (towards minus infinity), as local days and hours of times before 1970 need.
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
