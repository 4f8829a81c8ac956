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

/// One bucket's span (its records are those from `start` up to, not including, `end`).
public struct BucketSpan: Hashable, Sendable {
    public var start: Timestamp
    public var end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }
}

/// What a view holds in one bucket: `count` first (an index range, fast), `warnings` (records of level
/// warning or above: each record read) when asked for too.
public struct BucketCount: Equatable, Sendable {
    public var span: BucketSpan
    public var count: Int
    public var warnings: Int?

    public init(span: BucketSpan, count: Int, warnings: Int?) {
        self.span = span
        self.count = count
        self.warnings = warnings
    }
}

extension AuditSource {
    /// The view's oldest and newest record times; nil when it holds none.
    public func timeRange(of query: RecordQuery) throws -> (oldest: Timestamp, newest: Timestamp)? {
        guard let oldest = try page(of: query, from: .oldest, limit: 1).first?.time,
              let newest = try page(of: query, from: .newest, limit: 1).first?.time else { return nil }
        return (oldest, newest)
    }

    /// How many of the view's records fall in the bucket, and (with `warnings`) how many of them are
    /// warnings or worse.
    public func count(of query: RecordQuery, in span: BucketSpan, warnings: Bool) throws -> BucketCount {
        var bounded = query
        bounded.since = max(query.since ?? span.start, span.start)
        bounded.until = min(query.until ?? span.end, span.end)
        let count = bounded.since! < bounded.until! ? try self.count(of: bounded) : 0
        guard warnings else { return BucketCount(span: span, count: count, warnings: nil) }
        var worse = bounded
        worse.minimumLevel = max(query.minimumLevel ?? .warning, .warning)
        return BucketCount(span: span, count: count, warnings: count == 0 ? 0 : try self.count(of: worse))
    }

    /// The view's buckets from its oldest record's to its newest's (empty buckets included), counted.
    public func histogram(of query: RecordQuery, by size: BucketSize, clock: Clock) throws -> [HistogramBucket] {
        guard let (oldest, newest) = try timeRange(of: query) else { return [] }
        return try clock.buckets(from: oldest, to: newest, by: size).map { span in
            let counted = try count(of: query, in: span, warnings: true)
            return HistogramBucket(start: span.start, end: span.end, count: counted.count, warnings: counted.warnings ?? 0)
        }
    }
}

extension AuditStore {
    /// Most buckets one histogram has: beyond, a larger bucket size is asked for.
    public static let maximumBuckets = 5_000
}

extension Clock {
    /// The buckets from the one holding `oldest` to the one holding `newest`, oldest first.
    public func buckets(from oldest: Timestamp, to newest: Timestamp, by size: BucketSize) throws -> [BucketSpan] {
        var spans: [BucketSpan] = []
        var start = bucketStart(oldest, size)
        while start <= newest {
            guard spans.count < AuditStore.maximumBuckets else {
                throw StoreError("more than \(AuditStore.maximumBuckets) \(size.rawValue)s between the oldest and newest record; "
                    + "choose a larger bucket or a shorter time range")
            }
            let end = bucketStart(start, size, adding: 1)
            spans.append(BucketSpan(start: start, end: end))
            start = end
        }
        return spans
    }

    /// The finest bucket size whose buckets between the two times fit in `rows` (months when none does).
    public func bucketSizeToFit(from oldest: Timestamp, to newest: Timestamp, rows: Int) -> BucketSize {
        for size in BucketSize.allCases {
            // Estimated from the span, then checked: the first size at most `rows` buckets long.
            let seconds: Int64 = switch size {
            case .hour: 3_600
            case .day: 86_400
            case .week: 7 * 86_400
            case .month: 28 * 86_400
            }
            guard (newest.seconds - oldest.seconds) / seconds <= Int64(rows) + 1 else { continue }
            if let spans = try? buckets(from: oldest, to: newest, by: size), spans.count <= rows { return size }
        }
        return .month
    }

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
            return startOfDay(time, addingDays: -hourAndWeekday(time).weekday + 7 * adding) // back to Monday
        case .month:
            let months = local.year * 12 + (local.month - 1) + adding
            return instant(CivilTime(year: months / 12, month: months % 12 + 1, day: 1)!)
        }
    }
}
