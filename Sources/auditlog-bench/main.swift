import AuditStore
import Foundation

/// `swift run -c release auditlog-bench [--records N] [--parts data,import] [--dir DIR]`
/// Generates BillaBear-shaped records with the demo generator, writes them as Monolog JSON lines and as a
/// Monolog `prod.log`, and measures importing them through the real `import` path.
struct Bench {
    var records = 100_000
    var parts: Set<String> = ["data", "import"]
    var dir = NSTemporaryDirectory() + "auditlog-bench"

    init(arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--records": records = Int(value.replacingOccurrences(of: "_", with: "")) ?? records; index += 1
            case "--parts": parts = Set(value.split(separator: ",").map(String.init)); index += 1
            case "--dir": dir = value; index += 1
            default:
                print("usage: auditlog-bench [--records N] [--parts data,import] [--dir DIR]")
                exit(2)
            }
            index += 1
        }
    }

    var jsonPath: String { dir + "/audit-\(records).ndjson" }
    var linePath: String { dir + "/prod-\(records).log" }

    func writeData() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let started = Date()
        var generator = DemoGenerator(options: .init(requests: records * 2 / 3, seed: 7,
                                                     end: Timestamp(seconds: 1_767_225_600)))
        FileManager.default.createFile(atPath: jsonPath, contents: nil)
        FileManager.default.createFile(atPath: linePath, contents: nil)
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
        print("data: \(written) records → \(jsonPath), \(linePath) in \(seconds(since: started)) s")
    }

    func measureImport() throws {
        let db = dir + "/import-\(records).db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try AuditStore(path: db, mode: .readWrite)
        let started = Date()
        let summary = try store.importSource(path: jsonPath)
        let elapsed = Date().timeIntervalSince(started)
        let size = (try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
        print("import: \(summary.imported) records in \(String(format: "%.2f", elapsed)) s = "
            + "\(Int(Double(summary.imported) / elapsed)) records/s; database \(size / 1_048_576) MiB "
            + "(\(size / max(1, summary.imported)) bytes/record)")
    }

    func seconds(since start: Date) -> String { String(format: "%.2f", Date().timeIntervalSince(start)) }
}

let bench = Bench(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    if bench.parts.contains("data") || !FileManager.default.fileExists(atPath: bench.jsonPath) { try bench.writeData() }
    if bench.parts.contains("import") { try bench.measureImport() }
} catch {
    print("auditlog-bench: \(error)")
    exit(1)
}
