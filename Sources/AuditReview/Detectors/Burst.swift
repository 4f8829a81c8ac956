import AuditStore

/// **Burst.** Rule: for each admin, the most records inside any `burst.window` (records less than the window
/// apart) in the baseline is their normal busiest (an admin with no baseline records is compared with the
/// busiest admin's). In the period, every window holding more than `burst.factor` times that and at least
/// `burst.minimum` records is unusual; overlapping unusual windows are one finding, whose records are all
/// the admin's records in them. Severity medium; high at more than 10 times the normal busiest.
///
/// Judged as the records come (the baseline's all come before the period's, so each admin's normal is
/// known at their first record of the period): only a window's records and an unusual run's are kept.
struct BurstDetector: Detector {
    let kind = FindingKind.burst
    /// An unusual run of windows: its records, and the busiest window in it.
    private struct Run {
        var records: [ReviewRecord]
        var most: Int
        var mostFrom: Timestamp
        var mostTo: Timestamp
    }
    private struct Admin {
        var seen = false
        /// The baseline's last window of times, from `head` on.
        var baseline: [Int64] = []
        var head = 0
        var baselineBusiest = 0
        /// The period's records from number `base` on (those a window or the open run still needs).
        var period: [ReviewRecord] = []
        var base = 0
        var count = 0
        /// The first record of the window ending at the newest.
        var first = 0
        /// The open run: the numbers of its first and last records and of its busiest window's.
        var open: (from: Int, to: Int, most: Int, mostFrom: Int, mostTo: Int)?
        var runs: [Run] = []
    }
    private var admins: [Admin] = []
    private var order: [Int32] = []
    /// The busiest admin's busiest window of the baseline.
    private var busiestAdmin = 0

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard record.admin >= 0 else { return }
        let admin = Int(record.admin)
        if admins.count <= admin { admins += Array(repeating: Admin(), count: admin + 1 - admins.count) }
        if !admins[admin].seen {
            admins[admin].seen = true
            order.append(record.admin)
        }
        let window = context.settings.burstWindow * 1_000_000
        if facts.inPeriod {
            Self.period(record, &admins[admin], context.settings, busiestAdmin: busiestAdmin)
        } else {
            // The baseline's busiest window, kept as a sliding window of times.
            let busiest = Self.baseline(record.time, &admins[admin], window: window)
            busiestAdmin = max(busiestAdmin, busiest)
        }
    }

    private static func baseline(_ time: Int64, _ times: inout Admin, window: Int64) -> Int {
        times.baseline.append(time)
        while times.baseline[times.head] <= time - window { times.head += 1 }
        times.baselineBusiest = max(times.baselineBusiest, times.baseline.count - times.head)
        if times.head > 4_096 {
            times.baseline.removeFirst(times.head)
            times.head = 0
        }
        return times.baselineBusiest
    }

    private static func normal(_ times: Admin, busiestAdmin: Int) -> Int {
        times.baselineBusiest > 0 ? times.baselineBusiest : busiestAdmin
    }

    /// The window ending at this record of the period, and the run it opens, goes on or closes.
    private static func period(_ record: ReviewRecord, _ times: inout Admin, _ settings: ReviewSettings, busiestAdmin: Int) {
        let window = settings.burstWindow * 1_000_000
        let normal = Self.normal(times, busiestAdmin: busiestAdmin)
        times.period.append(record)
        let end = times.count
        times.count += 1
        while record.time - times.period[times.first - times.base].time >= window { times.first += 1 }
        let count = end - times.first + 1
        if count >= settings.burstMinimum, Double(count) > settings.burstFactor * Double(normal) {
            let first = times.first
            if let r = times.open, first <= r.to {
                times.open = (r.from, end, max(r.most, count), count > r.most ? first : r.mostFrom,
                              count > r.most ? end : r.mostTo)
            } else {
                Self.close(&times)
                times.open = (first, end, count, first, end)
            }
        }
        // Forget the records no window or run needs any more.
        let keep = min(times.first, times.open?.from ?? times.first)
        if keep - times.base >= 256, (keep - times.base) * 2 >= times.period.count {
            times.period.removeFirst(keep - times.base)
            times.base = keep
        }
    }

    private static func close(_ times: inout Admin) {
        guard let r = times.open else { return }
        let records = Array(times.period[(r.from - times.base)...(r.to - times.base)])
        times.runs.append(Run(records: records, most: r.most, mostFrom: times.period[r.mostFrom - times.base].timestamp,
                              mostTo: times.period[r.mostTo - times.base].timestamp))
        times.open = nil
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let settings = context.settings
        var found: [Finding] = []
        for admin in order {
            var times = admins[Int(admin)]
            Self.close(&times)
            let own = times.baselineBusiest > 0
            let normal = Self.normal(times, busiestAdmin: busiestAdmin)
            for run in times.runs {
                let gathered = Gathered(run.records, texts.names)
                let busiest = "their busiest \(TimeSpan.text(settings.burstWindow)) in \(context.baselineText) held \(normal)"
                let compared = own ? busiest : "they have no records in \(context.baselineText); the busiest admin's "
                    + "busiest \(TimeSpan.text(settings.burstWindow)) held \(normal)"
                let reason = "\(context.admin(texts.names.admins[admin])): \(run.most) records between \(context.when(run.mostFrom)) and "
                    + "\(context.time(run.mostTo, sameDayAs: run.mostFrom)); \(compared)"
                found.append(gathered.finding(kind, Double(run.most) > 10 * Double(max(normal, 1)) ? .high : .medium, reason))
            }
        }
        return found
    }
}
