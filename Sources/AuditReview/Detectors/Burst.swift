import AuditStore

/// **Burst.** Rule: for each admin, the most records inside any `burst.window` (records less than the window
/// apart) in the baseline is their normal busiest (an admin with no baseline records is compared with the
/// busiest admin's). In the period, every window holding more than `burst.factor` times that and at least
/// `burst.minimum` records is unusual; overlapping unusual windows are one finding, whose records are all
/// the admin's records in them. Severity medium; high at more than 10 times the normal busiest.
struct BurstDetector: Detector {
    let kind = FindingKind.burst
    private struct Times {
        /// The baseline's last window of times, from `head` on.
        var baseline: [Int64] = []
        var head = 0
        var baselineBusiest = 0
        var period: [ReviewRow] = []
    }
    private var admins: [String: Times] = [:]
    private var order: [String] = []

    mutating func add(_ row: ReviewRow, _ context: ReviewContext) {
        guard let admin = row.adminID else { return }
        if admins[admin] == nil { order.append(admin) }
        let window = context.settings.burstWindow * 1_000_000
        if context.inPeriod(row) {
            var slim = row
            slim.change = nil
            slim.message = nil
            admins[admin, default: Times()].period.append(slim)
        } else {
            // The baseline's busiest window, kept as a sliding window of times.
            var times = admins[admin, default: Times()]
            admins[admin] = nil // no copy while it changes
            times.baseline.append(row.time.microseconds)
            while times.baseline[times.head] <= row.time.microseconds - window { times.head += 1 }
            times.baselineBusiest = max(times.baselineBusiest, times.baseline.count - times.head)
            if times.head > 4_096 {
                times.baseline.removeFirst(times.head)
                times.head = 0
            }
            admins[admin] = times
        }
    }

    func findings(_ context: ReviewContext) -> [Finding] {
        let settings = context.settings
        let window = settings.burstWindow * 1_000_000
        let busiestAdmin = admins.values.map(\.baselineBusiest).max() ?? 0
        var found: [Finding] = []
        for admin in order {
            guard let times = admins[admin], times.period.count >= settings.burstMinimum else { continue }
            let own = times.baselineBusiest > 0
            let normal = own ? times.baselineBusiest : busiestAdmin
            let rows = times.period
            // Windows ending at each record: [first, end] with times less than the window apart.
            var first = 0
            var run: (from: Int, to: Int, most: Int, mostFrom: Int, mostTo: Int)?
            func close() {
                guard let r = run else { return }
                var gathered = Gathered()
                for row in rows[r.from...r.to] { gathered.add(row) }
                let busiest = "their busiest \(TimeSpan.text(settings.burstWindow)) in \(context.baselineText) held \(normal)"
                let compared = own ? busiest : "they have no records in \(context.baselineText); the busiest admin's "
                    + "busiest \(TimeSpan.text(settings.burstWindow)) held \(normal)"
                let reason = "\(context.admin(admin)): \(r.most) records between \(context.when(rows[r.mostFrom].time)) and "
                    + "\(context.time(rows[r.mostTo].time, sameDayAs: rows[r.mostFrom].time)); \(compared)"
                found.append(gathered.finding(kind, Double(r.most) > 10 * Double(max(normal, 1)) ? .high : .medium, reason))
                run = nil
            }
            for end in rows.indices {
                while rows[end].time.microseconds - rows[first].time.microseconds >= window { first += 1 }
                let count = end - first + 1
                guard count >= settings.burstMinimum, Double(count) > settings.burstFactor * Double(normal) else { continue }
                if let r = run, first <= r.to {
                    run = (r.from, end, max(r.most, count), count > r.most ? first : r.mostFrom, count > r.most ? end : r.mostTo)
                } else {
                    close()
                    run = (first, end, count, first, end)
                }
            }
            close()
        }
        return found
    }
}
