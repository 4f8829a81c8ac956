import AuditStore
import Foundation

extension BrowsingMeasures {
    /// How long the histogram's first screen takes to fill in behind it (the browser counts on a
    /// background connection; this counts the same buckets the same way, timed): the Overall view at
    /// 80×24, by the size that fits, first every bucket's count, then its warnings. Cold or warm as the
    /// database is after the key measures.
    func measureHistogramFill(into results: inout Results) throws {
        let store = try AuditStore(path: workload.databasePath, mode: .readOnly)
        let query = RecordQuery()
        let clock = Clock.fixed(now: Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
        let rows = 24 - 3 // the body at 80×24: less the tabs, the title and the status bar
        guard let (oldest, newest) = try store.timeRange(of: query) else { return }
        let size = clock.bucketSizeToFit(from: oldest, to: newest, rows: rows)
        let shown = Array(try clock.buckets(from: oldest, to: newest, by: size).reversed().prefix(rows))
        var started = monotonicSeconds()
        for span in shown { _ = try store.count(of: query, in: span, warnings: false) }
        let counts = monotonicSeconds() - started
        started = monotonicSeconds()
        for span in shown { _ = try store.count(of: query, in: span, warnings: true) }
        let warnings = monotonicSeconds() - started
        results["histogram.fill.counts.ms"] = counts * 1000
        results["histogram.fill.warnings.ms"] = warnings * 1000
        print("histogram fill-in (Overall, \(shown.count) \(size.rawValue)s on screen): counts "
            + String(format: "%.0f", counts * 1000) + " ms, then warnings " + String(format: "%.0f", warnings * 1000) + " ms")
    }
}
