import AuditStore
import Foundation
import PseudoTerminal

/// The records both tools read: N BillaBear-shaped records from the demo generator, as Monolog JSON
/// lines (what `auditlog import` reads) and as the Monolog `prod.log` lines lnav and less read.
struct Workload {
    let records: Int
    let dir: String

    var jsonPath: String { dir + "/audit-\(records).ndjson" }
    var linePath: String { dir + "/prod-\(records).log" }
    var databasePath: String { dir + "/import-\(records).db" }

    /// The size of `prod.log` (through a symbolic link, when the data is shared between directories).
    var sourceBytes: Double {
        var info = stat()
        return stat(linePath, &info) == 0 ? Double(info.st_size) : 0
    }

    var exists: Bool {
        FileManager.default.fileExists(atPath: jsonPath) && FileManager.default.fileExists(atPath: linePath)
    }

    func write() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let started = monotonicSeconds()
        var generator = DemoGenerator(options: .init(requests: records * 2 / 3 + 10, seed: 7,
                                                     end: Timestamp(seconds: 1_767_225_600)))
        _ = FileManager.default.createFile(atPath: jsonPath, contents: nil)
        _ = FileManager.default.createFile(atPath: linePath, contents: nil)
        let json = try FileHandle(forWritingTo: URL(fileURLWithPath: jsonPath))
        let lines = try FileHandle(forWritingTo: URL(fileURLWithPath: linePath))
        var written = 0
        var jsonBuffer = "", lineBuffer = ""
        while written < records, let request = generator.nextRequest() {
            for record in request where written < records {
                jsonBuffer += record.monologJSONLine + "\n"
                lineBuffer += record.monologLine + "\n"
                written += 1
            }
            if jsonBuffer.utf8.count > 4 << 20 {
                json.write(Data(jsonBuffer.utf8)); lines.write(Data(lineBuffer.utf8))
                jsonBuffer = ""; lineBuffer = ""
            }
        }
        json.write(Data(jsonBuffer.utf8)); lines.write(Data(lineBuffer.utf8))
        try json.close(); try lines.close()
        print("data: \(written) records → \(jsonPath), \(linePath) in "
            + String(format: "%.1f", monotonicSeconds() - started) + " s")
    }

    /// Imports `prod.log` with the real binary into a new, empty database (the one the browsing measures
    /// then open), as a user's first import: the records browsable (the summary line, printed once the
    /// records and their filter indexes are stored), then searchable by index (the command's end).
    func measureImport(binary: String, into results: inout Results) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        results["import.load"] = AgentsMeasure.loadAverage()
        let run = try TimedImport.run(binary: binary, database: databasePath, source: linePath)
        let size = (try FileManager.default.attributesOfItem(atPath: databasePath)[.size] as? Int) ?? 0
        results["import.records"] = Double(records)
        results["import.browsable.s"] = run.browsable
        results["import.searchable.s"] = run.total
        results["import.rate"] = Double(records) / run.browsable
        results["import.peakKiB"] = Double(run.peakKiB)
        results["import.browsablePeakKiB"] = Double(run.browsablePeakKiB)
        results["import.userCPU.s"] = run.userCPU
        results["import.systemCPU.s"] = run.systemCPU
        results["import.loadAfter"] = run.loadAfter
        results["database.bytes"] = Double(size)
        results["database.bytesPerRecord"] = Double(size) / Double(max(1, records))
        print("import: \(records) records browsable in " + String(format: "%.1f", run.browsable) + " s = "
            + "\(Int(Double(records) / run.browsable)) records/s, searchable by index after "
            + String(format: "%.1f", run.total) + " s; peak RSS \(run.peakKiB / 1024) MiB (\(run.browsablePeakKiB / 1024) MiB when browsable); "
            + "database \(size / 1_048_576) MiB; CPU " + String(format: "%.1f s user, %.1f s system", run.userCPU, run.systemCPU)
            + "; load average " + String(format: "%.2f → %.2f", results["import.load"] ?? .nan, run.loadAfter))
    }

    /// Newer records to append to the imported database: as many as it holds, at most a million.
    var appendCount: Int { min(records, 1_000_000) }
    var appendPath: String { dir + "/prod-append-\(appendCount).log" }

    /// Appends `appendCount` newer records to a copy of the imported database, with the real binary.
    func measureAppend(binary: String, into results: inout Results) throws {
        if !FileManager.default.fileExists(atPath: appendPath) {
            var generator = DemoGenerator(options: .init(requests: appendCount * 2 / 3 + 10, seed: 8,
                                                         end: Timestamp(seconds: 1_767_225_600 + 40 * 86_400), days: 30))
            _ = FileManager.default.createFile(atPath: appendPath, contents: nil)
            let lines = try FileHandle(forWritingTo: URL(fileURLWithPath: appendPath))
            var written = 0
            var buffer = ""
            while written < appendCount, let request = generator.nextRequest() {
                for record in request where written < appendCount {
                    buffer += record.monologLine + "\n"
                    written += 1
                }
                if buffer.utf8.count > 4 << 20 { lines.write(Data(buffer.utf8)); buffer = "" }
            }
            lines.write(Data(buffer.utf8))
            try lines.close()
        }
        let copy = dir + "/append-\(records).db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        try FileManager.default.copyItem(atPath: databasePath, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        results["append.load"] = AgentsMeasure.loadAverage()
        let run = try TimedImport.run(binary: binary, database: copy, source: appendPath)
        results["append.records"] = Double(appendCount)
        results["append.rate"] = Double(appendCount) / run.browsable
        results["append.searchable.s"] = run.total
        results["append.peakKiB"] = Double(run.peakKiB)
        results["append.userCPU.s"] = run.userCPU
        results["append.systemCPU.s"] = run.systemCPU
        results["append.loadAfter"] = run.loadAfter
        print("append: \(appendCount) records to \(records) browsable in " + String(format: "%.1f", run.browsable)
            + " s = \(Int(Double(appendCount) / run.browsable)) records/s, searchable after "
            + String(format: "%.1f", run.total) + " s; peak RSS \(run.peakKiB / 1024) MiB; CPU "
            + String(format: "%.1f s user, %.1f s system; load average %.2f → %.2f", run.userCPU, run.systemCPU,
                     results["append.load"] ?? .nan, run.loadAfter))
    }
}

/// `auditlog import --db DB FILE` timed from the outside: when its summary line comes (the records are
/// browsable), when it ends (searchable by index), and its peak memory (VmHWM, read while it runs).
enum TimedImport {
    struct Run {
        var browsable: Double
        var total: Double
        var peakKiB: Int
        /// The peak when the records were browsable (before the search index): which step holds memory.
        var browsablePeakKiB: Int
        /// CPU seconds the import used, in user space and in the kernel (its threads together): on a shared
        /// machine the wall time says how busy the others were, these say what the import itself cost.
        var userCPU: Double
        var systemCPU: Double
        /// The load average (1 min) when it ended.
        var loadAfter: Double
    }

    /// CPU time of the children waited for so far (user, system).
    static func childrenCPU() -> (Double, Double) {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    static func run(binary: String, database: String, source: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["import", "--db", database, source]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let cpuBefore = childrenCPU()
        let started = monotonicSeconds()
        try process.run()
        let summaryAt = Locked<Double?>(nil)
        let reader = Thread {
            var text = ""
            while true {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return }
                text += String(decoding: data, as: UTF8.self)
                if text.contains(" imported"), summaryAt.withLock({ $0 == nil }) {
                    summaryAt.withLock { $0 = monotonicSeconds() - started }
                }
            }
        }
        reader.start()
        var peak = 0
        var browsablePeak: Int?
        while process.isRunning {
            if browsablePeak == nil, summaryAt.withLock({ $0 }) != nil { browsablePeak = peak }
            if let kib = PseudoTerminal.peakResidentKiB(of: process.processIdentifier) { peak = max(peak, kib) }
            usleep(20_000)
        }
        process.waitUntilExit()
        let total = monotonicSeconds() - started
        guard process.terminationStatus == 0 else { throw BenchError("auditlog import \(source) failed") }
        while summaryAt.withLock({ $0 }) == nil, monotonicSeconds() - started < total + 5 { usleep(10_000) }
        let cpuAfter = childrenCPU()
        return Run(browsable: summaryAt.withLock { $0 } ?? total, total: total, peakKiB: peak, browsablePeakKiB: browsablePeak ?? peak,
                   userCPU: cpuAfter.0 - cpuBefore.0, systemCPU: cpuAfter.1 - cpuBefore.1,
                   loadAfter: AgentsMeasure.loadAverage())
    }
}
