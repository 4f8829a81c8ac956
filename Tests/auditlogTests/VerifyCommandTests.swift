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
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        try Self.log(40).write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", db, dir + "/prod.log"]).status == 0)
        let whole = try Binary.run(["verify", "--db", db])
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
        #expect(whole.stdout.hasPrefix("chain: 40 records, whole; head "))
        let head = String(try #require(whole.stdout.split(separator: " ").last?.split(separator: "\n").first))
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
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        try Self.log(30).write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", db, dir + "/prod.log"]).status == 0)
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
    }
}
}
