import Foundation
import TestTools
import Testing

/// `auditlog verify`: a store changed with the sqlite3 tool is caught, a head written earlier is proved,
/// and the logs are compared with the store, each problem named by FILE:LINE and record id.
extension ProcessTests {
@Suite struct VerifyCommandTests {
    static func log(_ count: Int, from first: Int = 0) -> String {
        (first..<(first + count)).map { index in
            "[2025-03-01T10:\(String(format: "%02d", index / 60)):\(String(format: "%02d", index % 60))+00:00] audit.INFO: "
                + "A field on the Customer entity has been updated {\"customer_id\":\"c-\(index % 7)\",\"field\":\"name\","
                + "\"old_value\":\"'n\(index)'\",\"new_value\":\"'n\(index + 1)'\"} []"
        }.joined(separator: "\n") + "\n"
    }

    static func sqlite(_ db: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = try Tool.sqlite3.url()
        process.arguments = [db, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(.requires(.sqlite3)) func aChangeMadeWithTheSqliteToolIsCaughtAndAnEarlierHeadIsProved() throws {
        let (dir, db, _) = try StoreFixtures.imported(40)
        let whole = try Binary.run(["verify", "--db", db])
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
        #expect(whole.stdout.hasPrefix("chain: 40 records, whole; head "))
        let head = String(try #require(whole.stdout.split(separator: "\n").first?.split(separator: " ").last))
        #expect(head.count == 64)
        // An export or a report written to a file says the head it was made from; --chain-head puts it inside.
        let export = try Binary.run(["export", "--db", db, "-o", dir + "/x.csv", "--chain-head"])
        #expect(export.stderr == "wrote 40 records to \(dir)/x.csv; chain head \(head) (record 40)\n")
        #expect(try String(contentsOfFile: dir + "/x.csv", encoding: .utf8).hasSuffix("# chain head \(head) (record 40)\n"))
        let report = try Binary.run(["report", "--db", db, "-o", dir + "/r.json"])
        #expect(report.stderr.hasSuffix("chain head \(head) (record 40)\n"))
        #expect(try String(contentsOfFile: dir + "/r.json", encoding: .utf8).contains("\"chain_head\":\"\(head)\""))

        try Self.log(10, from: 40).write(toFile: dir + "/more.log", atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", db, dir + "/more.log"]).status == 0)
        let proved = try Binary.run(["verify", "--db", db, "--head", head, "--utc"])
        #expect(proved.status == 0, "\(proved.stdout)")
        #expect(proved.stdout.contains("head \(head): record 40 (2025-03-01 10:00:39 "))
        #expect(proved.stdout.contains("the 40 records stored up to it are unaltered"))

        try Self.sqlite(db, "UPDATE records SET new_value = '''someone else''' WHERE id = 12")
        let caught = try Binary.run(["verify", "--db", db, "--head", head, "--utc"])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("chain: 50 records, 1 problem:"))
        #expect(caught.stdout.contains("  record 12 (2025-03-01 10:00:11 A field on the Customer entity has been updated): changed after it was stored"))
        #expect(caught.stdout.contains("but records stored before it were changed since"))

        let unknown = try Binary.run(["verify", "--db", db, "--head", String(repeating: "0", count: 64)])
        #expect(unknown.status == 1 && unknown.stdout.contains("no record of this store has it"))
        let bad = try Binary.run(["verify", "--db", db, "--head", "xyz"])
        #expect(bad.status == 2 && bad.stderr.contains("--head takes the chain head as hexadecimal digits"))
    }

    @Test(.requires(.sqlite3)) func theLogsAgainstTheStoreWithFileAndLine() throws {
        let (dir, db, _) = try StoreFixtures.imported(30)
        let same = try Binary.run(["verify", "--db", db, dir + "/prod.log"])
        #expect(same.status == 0, "\(same.stdout)")
        #expect(same.stdout.contains("\(dir)/prod.log: 30 identical, 0 missing from the store, 0 different in the store"))
        #expect(same.stdout.contains("store: 0 records in no given source"))

        try Self.sqlite(db, "DELETE FROM records WHERE id = 7; UPDATE records SET message = 'Refund approved' WHERE id = 9")
        let found = try Binary.run(["verify", "--db", db, dir + "/prod.log", "--utc"])
        #expect(found.status == 1)
        #expect(found.stdout.contains("\(dir)/prod.log: 28 identical, 1 missing from the store, 1 different in the store"))
        #expect(found.stdout.contains("  \(dir)/prod.log:7: missing: 2025-03-01 10:00:06 A field on the Customer entity has been updated"))
        #expect(found.stdout.contains("  \(dir)/prod.log:9: different in the store: record 9 (2025-03-01 10:00:08 Refund approved)"))
        #expect(found.stdout.contains("record 7: removed") && found.stdout.contains("record 9 (2025-03-01 10:00:08 Refund approved): changed"))
        // Which column: the chain covers them together, the log tells them apart.
        #expect(found.stdout.contains("  \(dir)/prod.log:9: different in the store: record 9 (2025-03-01 10:00:08 Refund approved): "
            + "message differs\n"), "\(found.stdout)")
        #expect(found.stdout.contains("changed after it was stored (`auditlog verify LOG` names the column)"))
    }

    /// The newest record and its link deleted with the sqlite3 tool: the chain is whole again, but the head
    /// the import published to the system log (here through AUDITLOG_SYSLOG_FILE, as a syslog daemon writes
    /// it) is no longer in it.
    @Test(.requires(.sqlite3)) func theNewestRecordRemovedWithItsLinkIsCaughtByThePublishedHead() throws {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        let syslog = dir + "/syslog"
        let published = ["AUDITLOG_SYSLOG_FILE": syslog]
        try Self.log(40).write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", "--db", db, dir + "/prod.log"], environment: published)
        #expect(imported.status == 0, "\(imported.stderr)")
        let whole = try Binary.run(["verify", "--db", db], environment: published)
        #expect(whole.status == 0, "\(whole.stdout)")
        let head = String(try #require(whole.stdout.split(separator: "\n").first?.split(separator: " ").last))
        #expect(whole.stdout.hasSuffix("\npublished head: record 40, the newest in \(syslog), is in the chain\n"), "\(whole.stdout)")
        let lines = try String(contentsOfFile: syslog, encoding: .utf8)
        #expect(lines.split(separator: "\n").count == 1, "once, at the end of the import: \(lines)")
        #expect(lines.contains(" auditlog[") && lines.hasSuffix("]: chain head 40 \(head) \(db)\n"), "\(lines)")
        let again = try Binary.run(["import", "--db", db, dir + "/prod.log"], environment: published)
        let after = try String(contentsOfFile: syslog, encoding: .utf8)
        #expect(again.status == 0 && after == lines, "nothing new, nothing published")

        try Self.sqlite(db, "DELETE FROM records WHERE id = 40; DELETE FROM record_links WHERE id = 40")
        // No heads to read (no journal, no file): verify stays quiet, and the chain alone cannot tell.
        let empty = Binary.temporaryDirectory()
        let alone = try Binary.run(["verify", "--db", db], environment: ["AUDITLOG_SYSLOG_FILE": "", "PATH": empty])
        #expect(alone.status == 0 && alone.stdout.hasPrefix("chain: 39 records, whole"), "\(alone.stdout)")
        #expect(alone.stdout.split(separator: "\n").count == 1, "\(alone.stdout)")
        let removed = "published head: record 40, the newest in \(syslog), is not in the store: records were removed from "
            + "the end (its chain now ends at record 39 (2025-03-01 10:00:38 A field on the Customer entity has been "
            + "updated)), or the store was replaced"
        let caught = try Binary.run(["verify", "--db", db, "--utc"], environment: published)
        #expect(caught.status == 1)
        #expect(caught.stdout.contains(removed), "\(caught.stdout)")
        // A copy of the log given with --heads, in syslog form and as `journalctl -o cat` prints it.
        let copied = try Binary.run(["verify", "--db", db, "--heads", syslog, "--utc"])
        #expect(copied.status == 1 && copied.stdout.contains(removed), "\(copied.stdout)")
        let journal = dir + "/journal.txt"
        try "chain head 40 \(head) \(db)\n".write(toFile: journal, atomically: true, encoding: .utf8)
        let fromJournal = try Binary.run(["verify", "--db", db, "--heads", journal])
        #expect(fromJournal.status == 1 && fromJournal.stdout.contains("record 40, the newest in \(journal), is not in the store"))
        let missing = try Binary.run(["verify", "--db", db, "--heads", dir + "/nothing"])
        #expect(missing.status == 1 && missing.stderr == "auditlog: \(dir)/nothing: no such file or directory\n", "\(missing.stderr)")
    }

    /// An export or a report of a changed store says so on stderr, exit status unchanged.
    @Test(.requires(.sqlite3)) func anExportOrReportOfAChangedRecordWarns() throws {
        let (dir, db, _) = try StoreFixtures.imported(30)
        let clean = try Binary.run(["export", "--db", db, "-o", dir + "/clean.csv"])
        #expect(clean.status == 0 && !clean.stderr.contains("warning"), "\(clean.stderr)")
        try Self.sqlite(db, "UPDATE records SET message = 'Refund approved' WHERE id = 9; "
            + "DELETE FROM records WHERE id = 7; DELETE FROM record_links WHERE id = 7")
        let export = try Binary.run(["export", "--db", db, "-o", dir + "/x.csv", "--utc"])
        #expect(export.status == 0)
        let warning = "auditlog: warning: this export holds a record that no longer fits the store's hash chain: "
        #expect(export.stderr.contains(warning + "record 9 (2025-03-01 10:00:08 Refund approved) was changed after it was "
            + "stored\n" + warning + "record 7 was removed before record 8 (2025-03-01 10:00:07 A field on the Customer entity "
            + "has been updated)\nauditlog: warning: `auditlog verify` names every problem in the store\n"), "\(export.stderr)")
        let report = try Binary.run(["report", "--db", db, "-o", dir + "/r.txt"])
        #expect(report.status == 0 && report.stderr.contains("auditlog: warning: this report holds a record"), "\(report.stderr)")
        // A filter that leaves the changed record out: nothing to warn about.
        let other = try Binary.run(["export", "--db", db, "--until", "2025-03-01T10:00:05Z"])
        #expect(other.status == 0 && !other.stderr.contains("warning"), "\(other.stderr)")
    }
}
}
