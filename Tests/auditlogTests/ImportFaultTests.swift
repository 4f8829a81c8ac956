import AuditStore
import Foundation
import TestTools
import Testing

/// Imports killed at random moments lose nothing and store nothing twice; a browser following the
/// database while an import runs never shows a locking error and sees the new records.
extension ProcessTests {
@Suite struct ImportFaultTests {
    /// Demo records as Monolog JSON lines, oldest first.
    static func source(records: Int, seed: UInt64) throws -> String {
        var generator = DemoGenerator(options: .init(requests: records, seed: seed, end: Timestamp(seconds: 1_751_241_600)))
        var lines: [String] = []
        while lines.count < records, let request = generator.nextRequest() {
            lines += request.map(\.monologJSONLine)
        }
        let path = Binary.temporaryDirectory() + "/audit.ndjson"
        try (lines.prefix(records).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `auditlog import` running in the background.
    func startImport(db: String, source: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["import", "--db", db, source]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func export(_ db: String) throws -> String {
        let run = try Binary.run(["export", "--db", db, "--format", "ndjson", "--oldest-first"])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// Each import is killed as soon as it has committed records beyond what the store held (midway: a batch
    /// is in, the rest of the source is not, or its indexes are still being built), until one runs to its end.
    @Test(.requires(.sqlite3)) func killedImportsThenOneMoreHoldExactlyTheSource() throws {
        let source = try Self.source(records: 50_000, seed: 11)
        let reference = Binary.temporaryDirectory() + "/reference.db"
        #expect(try Binary.run(["import", "--db", reference, source]).status == 0)

        let db = Binary.temporaryDirectory() + "/killed.db"
        // nil while the file cannot be read (not there yet, or busy for a moment).
        func stored() -> Int? { Int((try? Binary.sqliteValue(db, "SELECT count(*) FROM records")) ?? "") }
        var kills: [(before: Int, atKill: Int)] = []
        for _ in 0..<4 {
            let before = stored() ?? 0
            let process = try startImport(db: db, source: source)
            let deadline = Date().addingTimeInterval(120)
            var now = before
            while process.isRunning, now <= before, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
                now = stored() ?? before
            }
            guard process.isRunning else { break } // it ran to its end before a kill: nothing left to kill
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "the kill landed while it ran")
            kills.append((before, now))
        }
        #expect(!kills.isEmpty)
        for kill in kills { #expect(kill.atKill > kill.before, "killed after committing records: \(kills)") }
        let last = try Binary.run(["import", "--db", db, source])
        #expect(last.status == 0, "\(last.stderr)")
        let stored = try export(db)
        #expect(stored.split(separator: "\n").count == 50_000)
        #expect(stored == (try export(reference))) // the same records, each once
    }

    /// A large import into an empty store drops the filter indexes, loads, then builds them. Killed while
    /// they are dropped (the marker is committed, records are in), the next import builds them and stores
    /// the rest: the records are the source's, each once, and every view has its index again.
    @Test(.requires(.sqlite3)) func aBulkLoadKilledWithItsIndexesDroppedIsFinishedByTheNextImport() throws {
        let source = try Self.source(records: 60_000, seed: 13)
        let reference = Binary.temporaryDirectory() + "/reference.db"
        #expect(try Binary.run(["import", "--db", reference, source]).status == 0)

        let db = Binary.temporaryDirectory() + "/killed.db"
        let process = try startImport(db: db, source: source)
        let state = "SELECT (SELECT count(*) FROM store_state WHERE key = 'indexes_deferred') || ',' || (SELECT count(*) FROM records)"
        var seen = ""
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            seen = (try? Binary.sqliteValue(db, state)) ?? ""
            let parts = seen.split(separator: ",").compactMap { Int($0) }
            if parts.count == 2, parts[0] == 1, parts[1] > 0 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let atKill = try Binary.sqliteValue(db, state).split(separator: ",").compactMap { Int($0) }
        #expect(atKill.first == 1, "killed while the indexes were deferred (last seen \(seen))")
        #expect((atKill.last ?? 0) > 0 && (atKill.last ?? 0) < 60_000, "killed midway: \(atKill)")
        let indexesAtKill = try Binary.sqliteValue(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'records_by_%'")
        #expect(indexesAtKill == "1", "only the time index was kept")

        let again = try Binary.run(["import", "--db", db, source])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Binary.sqliteValue(db, state).hasPrefix("0,60000"))
        let indexes = "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'records_by_%'"
        #expect(try Binary.sqliteValue(db, indexes) == (try Binary.sqliteValue(reference, indexes)), "every index built again")
        #expect(try export(db) == (try export(reference)))
        let counts = "SELECT group_concat(id || ':' || record_count, ' ') FROM (SELECT * FROM customers ORDER BY id)"
        #expect(try Binary.sqliteValue(db, counts) == (try Binary.sqliteValue(reference, counts)))
        let customer = try Binary.sqliteValue(reference, "SELECT id FROM customers ORDER BY record_count DESC LIMIT 1")
        let view = ["export", "--format", "ndjson", "--customer", customer]
        #expect(try Binary.run(view + ["--db", db]).stdout == (try Binary.run(view + ["--db", reference])).stdout)
    }

    @Test(.requires(.tmux)) func aFollowingBrowserSeesAnImportWithoutLockingErrors() throws {
        let source = try Self.source(records: 40_000, seed: 12)
        let dir = Binary.temporaryDirectory()
        let first = dir + "/first.ndjson"
        let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(2_000).joined(separator: "\n") + "\n").write(toFile: first, atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        #expect(try Binary.run(["import", "--db", db, first]).status == 0)

        let t = try Tmux(command: "\(Binary.path) --db \(db)")
        t.waitFor("row 1 of")
        try t.keys("F", until: .shows("following"))
        let importer = try startImport(db: db, source: source)
        var screens: [String] = []
        let deadline = Date().addingTimeInterval(300)
        while importer.isRunning, Date() < deadline {
            screens.append(t.screen)
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(!importer.isRunning, "the import ended within 300 s")
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        let banner = t.waitFor("new records")
        screens.append(banner)
        for screen in screens {
            #expect(!screen.lowercased().contains("locked") && !screen.lowercased().contains("busy"), "\(screen)")
        }
        #expect(banner.contains("1 000+ new records"), "\(banner)")
        try t.keys("g")
        #expect(t.waitFor("row 1 of 40 000").contains("row 1 of 40 000"))
    }
}
}
