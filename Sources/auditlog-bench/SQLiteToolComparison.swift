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
        Self.remove([staging, target])
        defer { Self.remove([staging, target]) }
        try stage(from: workload.databasePath, into: staging)
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
            INSERT INTO records(\(Self.columns)) SELECT \(Self.columns) FROM staging.staging;
            INSERT INTO records_text(rowid, body) SELECT rowid, body FROM staging.staging;
            COMMIT;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        let elapsed = monotonicSeconds() - started
        let rate = Double(workload.records) / elapsed
        results["sqlite3.seconds"] = elapsed
        results["sqlite3.rate"] = rate
        print("sqlite3 tool: \(workload.records) rows in " + String(format: "%.1f", elapsed) + " s = \(Int(rate)) rows/s")
        try measureSteps(staging: staging, schema: schema, into: &results)
    }

    /// The floor of each import figure, step by step, with the cache auditlog's writer has (64 MB): the rows
    /// into a table with no index (the floor of loading), then its filter indexes made from sorted keys (with
    /// the rows: the floor of "browsable"), then the trigram index over the same search text (with both: the
    /// floor of "searchable").
    private func measureSteps(staging: String, schema: String, into results: inout Results) throws {
        let target = workload.dir + "/sqlite3-steps-\(workload.records).db"
        Self.remove([target])
        defer { Self.remove([target]) }
        let lines = schema.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // CREATE INDEX statements of the records table, made after the rows.
        let recordIndexes = lines.filter { $0.hasPrefix("CREATE INDEX") && $0.contains(" ON records") }
        let rest = lines.filter { !($0.hasPrefix("CREATE INDEX") && $0.contains(" ON records")) }.joined(separator: "\n")
        try sqlite3(target, "PRAGMA journal_mode = WAL;\n" + rest) // the table with its unique identity index only
        let settings = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; ATTACH '\(staging)' AS staging;"
        var started = monotonicSeconds()
        try sqlite3(target, settings + """
            BEGIN; INSERT INTO records(\(Self.columns)) SELECT \(Self.columns) FROM staging.staging ORDER BY rowid; COMMIT;
            """)
        let rows = monotonicSeconds() - started
        started = monotonicSeconds()
        try sqlite3(target, settings + "BEGIN;\n" + recordIndexes.joined(separator: "\n") + "\nCOMMIT;")
        let indexes = monotonicSeconds() - started
        started = monotonicSeconds()
        try sqlite3(target, settings + """
            BEGIN; INSERT INTO records_text(rowid, body) SELECT rowid, body FROM staging.staging; COMMIT;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        let text = monotonicSeconds() - started
        results["floor.rows.s"] = rows
        results["floor.indexes.s"] = indexes
        results["floor.text.s"] = text
        print("sqlite3 tool, step by step: rows " + String(format: "%.1f", rows) + " s, \(recordIndexes.count) indexes "
            + String(format: "%.1f", indexes) + " s, trigram index " + String(format: "%.1f", text) + " s")
    }

    /// The floor of appending: the same newer records the append part imports (`prod-append-*.log`, parsed by
    /// auditlog into a staging store first, not timed) inserted by the tool into a copy of the store with
    /// every index in place, in one transaction, with auditlog's writer's cache (64 MB); then their search
    /// text.
    func measureAppendFloor(binary: String, into results: inout Results) throws {
        guard FileManager.default.fileExists(atPath: workload.appendPath) else {
            throw BenchError("no \(workload.appendPath): run the append part first")
        }
        let dir = workload.dir
        let parsed = dir + "/sqlite3-append-parsed.db", staging = dir + "/sqlite3-append-staging.db"
        let target = dir + "/sqlite3-append-\(workload.records).db"
        Self.remove([parsed, staging, target])
        defer { Self.remove([parsed, staging, target]) }
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: binary)
        importer.arguments = ["import", "--db", parsed, workload.appendPath]
        importer.standardOutput = FileHandle.nullDevice
        try importer.run()
        importer.waitUntilExit()
        try stage(from: parsed, into: staging)
        try FileManager.default.copyItem(atPath: workload.databasePath, toPath: target)
        let settings = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; ATTACH '\(staging)' AS staging;"
        // The new rows take ids after the store's; their search text the same ids.
        var started = monotonicSeconds()
        try sqlite3(target, settings + """
            CREATE TEMP TABLE base AS SELECT coalesce(max(id), 0) AS id FROM records;
            BEGIN; INSERT INTO records(id, \(Self.columns)) SELECT rowid + (SELECT id FROM temp.base), \(Self.columns)
                FROM staging.staging ORDER BY rowid; COMMIT;
            """)
        let rows = monotonicSeconds() - started
        started = monotonicSeconds()
        try sqlite3(target, settings + """
            BEGIN; INSERT INTO records_text(rowid, body) SELECT s.rowid + (SELECT max(id) FROM records)
                - (SELECT max(rowid) FROM staging.staging), s.body FROM staging.staging s; COMMIT;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        let text = monotonicSeconds() - started
        let count = Double(workload.appendCount)
        results["floor.append.rate"] = count / rows
        results["floor.append.text.s"] = text
        print("sqlite3 tool, appending \(workload.appendCount) rows to \(workload.records): " + String(format: "%.1f", rows)
            + " s = \(Int(count / rows)) rows/s with every index; their trigram index " + String(format: "%.1f", text) + " s")
    }

    /// The columns auditlog stores for a record, as the tool copies them.
    static let columns = "time_us, channel, level, level_name, message, context, extra, customer_id, subscription_id, "
        + "admin_id, request_uid, field, old_value, new_value, owner_customer, fingerprint, occurrence"

    /// A staging table of `source`'s records (not timed): their columns, and the search text auditlog indexes
    /// (the message, then each leaf value of the context).
    private func stage(from source: String, into staging: String) throws {
        try sqlite3(staging, """
            ATTACH '\(source)' AS source;
            CREATE TABLE staging AS SELECT \(Self.columns), message || coalesce((SELECT char(10) || group_concat(value, char(10))
                FROM json_tree(r.context) WHERE atom IS NOT NULL), '') AS body FROM source.records r ORDER BY id;
            """)
    }

    /// Removes databases with their logs.
    private static func remove(_ paths: [String]) {
        for path in paths {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
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
