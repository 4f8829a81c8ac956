import AuditStore
import TextCells

/// **Warnings and errors above normal.** Rule: records at warning level or worse are counted per local
/// hour; the busiest hour of the baseline is normal. An hour of the period holding more than
/// `warnings.factor` times that and at least `warnings.minimum` is unusual; consecutive unusual hours are
/// one finding, with the messages that made it (most first). Severity medium; high when errors or worse
/// are among them.
struct WarningsDetector: Detector {
    let kind = FindingKind.warnings
    private var baselineHours: [Timestamp: Int] = [:]
    private var periodHours: [Timestamp: [ReviewRecord]] = [:]

    mutating func add(_ record: ReviewRecord, _ facts: RecordFacts, _ context: ReviewContext) {
        guard record.level >= 300 else { return }
        let hour = context.clock.bucketStart(record.timestamp, .hour)
        if facts.inPeriod {
            periodHours[hour, default: []].append(record)
        } else {
            baselineHours[hour, default: 0] += 1
        }
    }

    func findings(_ context: ReviewContext, _ texts: ReviewTexts) -> [Finding] {
        let settings = context.settings
        let normal = baselineHours.values.max() ?? 0
        let unusual = periodHours.filter { $0.value.count >= settings.warningMinimum
            && Double($0.value.count) > settings.warningFactor * Double(normal) }.keys.sorted()
        var runs: [[Timestamp]] = []
        for hour in unusual {
            if let last = runs.last?.last, hour.microseconds - last.microseconds <= 3_600_000_000 {
                runs[runs.count - 1].append(hour)
            } else {
                runs.append([hour])
            }
        }
        return runs.map { hours in
            var gathered = Gathered()
            var messages: [String: Int] = [:]
            var worst: Int32 = 0
            for hour in hours {
                for record in periodHours[hour]! {
                    gathered.add(record, texts.names)
                    messages[texts.names.messages.name(record.message) ?? "", default: 0] += 1
                    worst = max(worst, record.level)
                }
            }
            let counted = messages.map { MessageCount(message: $0.key, count: $0.value) }
                .sorted { ($1.count, $0.message) < ($0.count, $1.message) }
            let most = hours.map { periodHours[$0]!.count }.max() ?? 0
            let span = hours.count == 1 ? "in the hour from \(context.when(hours[0]))"
                : "in \(hours.count) hours from \(context.when(hours[0]))"
            let top = counted.first.map { "; most: \"\(Sanitizer.line($0.message))\" \($0.count)×" } ?? ""
            let reason = "\(gathered.ids.count) warnings and errors \(span), up to \(most) in one hour; the busiest hour "
                + "of \(context.baselineText) held \(normal)\(top)"
            return gathered.finding(kind, worst >= 400 ? .high : .medium, reason, messages: counted)
        }
    }
}
