import AuditStore
import Foundation

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

    /// Imports the JSON lines through the real import path into a fresh database (the one the browsing
    /// measures then open).
    func measureImport(into results: inout Results) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        let started = monotonicSeconds()
        let summary: ImportSummary
        do {
            let store = try AuditStore(path: databasePath, mode: .readWrite)
            summary = try store.importSource(path: jsonPath)
            try store.checkpoint()
        }
        let elapsed = monotonicSeconds() - started
        let size = (try FileManager.default.attributesOfItem(atPath: databasePath)[.size] as? Int) ?? 0
        results["import.records"] = Double(summary.imported)
        results["import.seconds"] = elapsed
        results["import.rate"] = Double(summary.imported) / elapsed
        results["database.bytes"] = Double(size)
        results["database.bytesPerRecord"] = Double(size) / Double(max(1, summary.imported))
        print("import: \(summary.imported) records in " + String(format: "%.1f", elapsed) + " s = "
            + "\(Int(Double(summary.imported) / elapsed)) records/s; database \(size / 1_048_576) MiB "
            + "(\(size / max(1, summary.imported)) bytes/record)")
    }
}
