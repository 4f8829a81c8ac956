import Foundation

/// The practical limit: the `sqlite3` command-line tool inserting the same rows (the columns auditlog
/// stored, the same search text) into the same schema, in one transaction. Staging the rows is not
/// timed; the insert is.
struct SQLiteToolComparison {
    let workload: Workload

    func measure(into results: inout Results) throws {
        let dir = workload.dir
        let staging = dir + "/sqlite3-staging-\(workload.records).db"
        let target = dir + "/sqlite3-target-\(workload.records).db"
        for path in [staging, target] {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        defer { for path in [staging, target] { try? FileManager.default.removeItem(atPath: path) } }
        let columns = "time_us, channel, level, level_name, message, context, extra, customer_id, subscription_id, "
            + "admin_id, request_uid, field, old_value, new_value, owner_customer, fingerprint, occurrence"
        // The search text auditlog indexes: the message, then each leaf value of the context.
        try sqlite3(staging, """
            ATTACH '\(workload.databasePath)' AS source;
            CREATE TABLE staging AS SELECT \(columns), message || coalesce((SELECT char(10) || group_concat(value, char(10))
                FROM json_tree(r.context) WHERE atom IS NOT NULL), '') AS body FROM source.records r ORDER BY id;
            """)
        let schema = try sqlite3(workload.databasePath, ".schema", readOnly: true)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("records_text_") && !$0.hasPrefix("CREATE TABLE sqlite_") }
            .joined(separator: "\n")
        try sqlite3(target, "PRAGMA journal_mode = WAL;\n" + schema)
        let started = monotonicSeconds()
        try sqlite3(target, """
            PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;
            ATTACH '\(staging)' AS staging;
            BEGIN;
            INSERT INTO records(\(columns)) SELECT \(columns) FROM staging.staging;
            INSERT INTO records_text(rowid, body) SELECT rowid, body FROM staging.staging;
            COMMIT;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        let elapsed = monotonicSeconds() - started
        let rate = Double(workload.records) / elapsed
        results["sqlite3.seconds"] = elapsed
        results["sqlite3.rate"] = rate
        print("sqlite3 tool: \(workload.records) rows in " + String(format: "%.1f", elapsed) + " s = \(Int(rate)) rows/s")
    }

    @discardableResult
    private func sqlite3(_ path: String, _ script: String, readOnly: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-bail"] + (readOnly ? ["-readonly"] : []) + [path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("sqlite3 failed on \(path) (exit \(process.terminationStatus))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
