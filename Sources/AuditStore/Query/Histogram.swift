/// Records per hour, day, week or month of a view, in local time: how many, and how many of them are
/// warnings or worse. Each bucket is two counts over the view's index bounded by time, so a year by day
/// reads no record twice and holds nothing but the counts.
public enum BucketSize: String, CaseIterable, Sendable {
    case hour, day, week, month
}

public struct HistogramBucket: Equatable, Sendable {
    public var start: Timestamp
    /// The start of the next bucket (exclusive).
    public var end: Timestamp
    public var count: Int
    /// Records of level warning or above.
    public var warnings: Int
}

extension AuditStore {
    /// Most buckets one histogram has: beyond, a larger bucket size is asked for.
    public static let maximumBuckets = 5_000

    /// The view's buckets from its oldest record's to its newest's (empty buckets included).
    public func histogram(of query: RecordQuery, by size: BucketSize, clock: Clock) throws -> [HistogramBucket] {
        guard let oldest = try page(of: query, from: .oldest, limit: 1).first?.time,
              let newest = try page(of: query, from: .newest, limit: 1).first?.time else { return [] }
        var buckets: [HistogramBucket] = []
        var start = clock.bucketStart(oldest, size)
        while start <= newest {
            guard buckets.count < Self.maximumBuckets else {
                throw StoreError("more than \(Self.maximumBuckets) \(size.rawValue)s between the oldest and newest record; "
                    + "choose a larger bucket or a shorter time range")
            }
            let end = clock.bucketStart(start, size, adding: 1)
            var bounded = query
            bounded.since = max(query.since ?? start, start)
            bounded.until = min(query.until ?? end, end)
            let count = try self.count(of: bounded)
            var worse = bounded
            worse.minimumLevel = max(query.minimumLevel ?? .warning, .warning)
            let warnings = count == 0 ? 0 : try self.count(of: worse)
            buckets.append(HistogramBucket(start: start, end: end, count: count, warnings: warnings))
            start = end
        }
        return buckets
    }
}

extension Clock {
    /// The local start of the bucket holding `time`, or of the `adding`th bucket after it. Weeks start on
    /// Monday (ISO 8601).
    public func bucketStart(_ time: Timestamp, _ size: BucketSize, adding: Int = 0) -> Timestamp {
        let local = civil(time)
        switch size {
        case .hour:
            let hour = CivilTime(year: local.year, month: local.month, day: local.day, hour: local.hour)!
            // Hours count in real time (a DST change does not make an hour twice as long).
            return Timestamp(seconds: instant(hour).seconds + Int64(adding) * 3_600)
        case .day:
            return startOfDay(time, addingDays: adding)
        case .week:
            let days = CivilTime(year: local.year, month: local.month, day: local.day)!.epochDays
            let monday = Int((days + 3) - (days + 3).floorDiv(7) * 7) // days since Monday; 1970-01-01 was a Thursday
            return startOfDay(time, addingDays: -monday + 7 * adding)
        case .month:
            let months = local.year * 12 + (local.month - 1) + adding
            return instant(CivilTime(year: months / 12, month: months % 12 + 1, day: 1)!)
        }
    }

    /// How a bucket is labelled: `2025-03-01 10:00`, `2025-03-01`, `2025-W09`, `2025-03`.
    public func bucketLabel(_ start: Timestamp, _ size: BucketSize) -> String {
        let text = localText(start, seconds: false)
        switch size {
        case .hour: return text
        case .day: return String(text.prefix(10))
        case .week: return String(text.prefix(10)) + " (week)"
        case .month: return String(text.prefix(7))
        }
    }
}
