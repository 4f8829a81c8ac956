import AuditStore
import Foundation
import PseudoTerminal

/// `auditlog review` of the workload's last week against the four weeks before it (the whole store, no
/// filter), timed from the outside with its peak memory (VmHWM, read while it runs) and its user CPU time
/// (less affected than the wall time by others' load on a shared machine), as a weekly timer runs it: the
/// JSON written to a file. The best of `runs` is the figure (the database warm, as after the import); the
/// first is said too (colder), and the load average before the runs.
struct ReviewMeasure {
    let workload: Workload
    let binary: String
    let runs: Int

    func measure(into results: inout Results) throws {
        // The week is the seven days up to the newest record (the generator stops at the count asked for).
        let store = try AuditStore(path: workload.databasePath, mode: .readOnly)
        guard let newest = try store.timeRange(of: RecordQuery())?.newest else { return }
        let until = Timestamp(seconds: newest.seconds + 1)
        let since = Timestamp(seconds: until.seconds - 7 * 86_400)
        try measure(since: since, until: until, baseline: "4w", key: "review", into: &results)
        // The whole store as baseline: every record read, the rate a larger store's five weeks would take.
        try measure(since: since, until: until, baseline: "520w", key: "review.all", into: &results)
    }

    func measure(since: Timestamp, until: Timestamp, baseline: String, key: String, into results: inout Results) throws {
        let out = workload.dir + "/\(key)-\(workload.records).json"
        let arguments = ["review", "--db", workload.databasePath, "--since", since.rfc3339, "--until", until.rfc3339,
                         "--baseline", baseline, "--timezone", "UTC", "--config", "/dev/null", "--format", "json", "-o", out]
        var times: [Double] = []
        var user: [Double] = []
        var peak = 0
        let load = AgentsMeasure.loadAverage()
        var status: Int32 = 0
        for _ in 0..<max(1, runs) {
            let run = try Self.timed(binary: binary, arguments: arguments)
            times.append(run.seconds)
            user.append(run.userSeconds)
            peak = max(peak, run.peakKiB)
            status = run.status
        }
        guard status == 0 || status == 3 else { throw BenchError("auditlog review failed (exit \(status))") }
        let best = times.min() ?? 0
        results["\(key).s"] = best
        results["\(key).first.s"] = times.first ?? 0
        results["\(key).peakKiB"] = Double(peak)
        results["\(key).user.s"] = user.min() ?? 0
        results["\(key).load"] = load
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let findings = text.components(separatedBy: "\"severity\":").count - 1
        let records = text.firstRange(of: "\"records\":").map { text[$0.upperBound...].prefix { $0.isNumber } } ?? ""
        let counted = text.firstRange(of: "\"baseline_records\":").map { text[$0.upperBound...].prefix { $0.isNumber } } ?? ""
        results["\(key).records"] = Double(records) ?? 0
        results["\(key).baselineRecords"] = Double(counted) ?? 0
        print("review: one week (\(records) records) against \(counted) records before (--baseline \(baseline)) in " + String(format: "%.2f", best)
            + " s (first run " + String(format: "%.2f", times.first ?? 0) + " s), user CPU " + String(format: "%.2f", user.min() ?? 0)
            + " s; peak RSS \(peak / 1024) MiB; \(findings) findings; load average " + String(format: "%.2f", load))
    }

    static func timed(binary: String, arguments: [String]) throws
        -> (seconds: Double, userSeconds: Double, peakKiB: Int, status: Int32) {
        func childrenUser() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        }
        let userBefore = childrenUser()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = monotonicSeconds()
        try process.run()
        var peak = 0
        while process.isRunning {
            if let kib = PseudoTerminal.peakResidentKiB(of: process.processIdentifier) { peak = max(peak, kib) }
            usleep(5_000)
        }
        process.waitUntilExit()
        return (monotonicSeconds() - started, childrenUser() - userBefore, peak, process.terminationStatus)
    }
}
