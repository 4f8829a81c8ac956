@testable import AuditStore
import Foundation
import Testing
import TestTools

/// Access records (who looked) through the binary: `verify` walks their chain and names one changed or
/// removed with the sqlite3 tool.
extension ProcessTests {
@Suite struct AccessCommandTests {
    @Test(.requires(.sqlite3)) func verifyNamesAnAccessRecordChangedOrRemovedWithTheSqliteTool() throws {
        let db = try StoreFixtures.records()
        try StoreFixtures.addLooks(db, (1...3).map { (StoreFixtures.look(.view, .customer("cus_\($0)"), minutes: Int64($0)), "ana") })
        try StoreFixtures.expectVerifyCatches(db, whole: "access records: 3 access records, whole",
                                              tampering: "UPDATE access_records SET user = 'someone' WHERE id = 1; DELETE FROM access_records WHERE id = 2",
                                              problems: "access records: 2 access records, 2 problems:\n  access record 1: changed after it was stored\n"
                                                + "  access record 2: removed\n")
    }

    /// A store with looks by two people at two customers, one overall, one export and one reveal.
    static func storeWithLooks() throws -> String {
        let db = try StoreFixtures.records()
        typealias F = StoreFixtures
        try F.addLooks(db, [
            (F.look(.view, .customer("c-1"), minutes: 0, filters: "level:warning \"payment failed\"", words: ["payment failed"]), "ana"),
            (F.look(.expand, .customer("c-1"), minutes: 1, record: "r7kq-2m9x-hd4c-a3fz"), "ana"),
            (F.look(.view, .customer("c-2"), minutes: 2), "bob"),
            (F.look(.view, .overall, minutes: 3, filters: "refund"), "bob"),
            (F.look(.export, .customer("c-1"), minutes: 4, count: 12, file: "/home/bob/c1.csv"), "bob"),
            (F.look(.reveal, .customer("c-1"), minutes: 5, record: "r7kq-2m9x-hd4c-a3fz", reason: "ticket 4411"), "ana"),
        ])
        return db
    }

    @Test func aReviewerListsWhoLookedAtACustomerNewestFirst() throws {
        let db = try Self.storeWithLooks()
        let run = try Binary.run(["access", "--customer", "c-1", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            2025-03-01 10:05:00  ana  reveal  customer c-1  record r7kq-2m9x-hd4c-a3fz  reason: ticket 4411
            2025-03-01 10:04:00  bob  export  customer c-1  12 records  file /home/bob/c1.csv
            2025-03-01 10:01:00  ana  expand  customer c-1  record r7kq-2m9x-hd4c-a3fz
            2025-03-01 10:00:00  ana  view  customer c-1  filters level:warning "payment failed"

            """, "\(run.stdout)")
        let bob = try Binary.run(["access", "--user", "bob", "--since", "2025-03-01T10:03:00Z", "--db", db, "--format", "csv"])
        #expect(bob.stdout.split(separator: "\n").map { $0.split(separator: ",").prefix(4).joined(separator: ",") } == [
            "id,time,user,action", "5,2025-03-01T10:04:00Z,bob,export", "4,2025-03-01T10:03:00Z,bob,view",
        ], "\(bob.stdout)")
        let json = try Binary.run(["access", "--until", "2025-03-01T10:01:00Z", "--db", db, "--format", "json"]).stdout
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.count == 1 && array[0]["user"] as? String == "ana" && array[0]["words"] as? [String] == ["payment failed"])
        #expect(array[0]["scope"] as? String == "customer" && array[0]["scope_id"] as? String == "c-1" && array[0]["action"] as? String == "view")
        // A customer named by anything the store knows it by; two scopes at once, an unknown option: usage errors.
        #expect(try Binary.run(["access", "--customer", "c-2", "--db", db]).stdout.contains("  bob  view  customer c-2"))
        #expect(try Binary.run(["access", "--customer", "c-1", "--admin", "x", "--db", db]).status == 2)
        // A time it cannot read: one line, as the other commands' filters say it (the option named once).
        let since = try Binary.run(["access", "--since", "tomorrowx", "--db", db])
        let export = try Binary.run(["export", "--since", "tomorrowx", "--db", db])
        #expect(since.status == 2 && since.stderr == export.stderr, "\(since.stderr)")
        #expect(since.stderr.hasPrefix("auditlog: since: cannot read \"tomorrowx\" as a time (use ")
            && since.stderr.components(separatedBy: "since").count == 2 && since.stderr.split(separator: "\n").count == 1, "\(since.stderr)")
    }

    /// No looks: the text format prints nothing on stdout (a script counting lines gets 0) and says why on stderr, as
    /// the browser's `A` does; CSV is its header alone and JSON an empty array, with nothing on stderr.
    @Test func noLooksIsSaidOnStderrInText() throws {
        let db = try StoreFixtures.records()
        let text = try Binary.run(["access", "--db", db])
        #expect(text.status == 0 && text.stdout.isEmpty)
        #expect(text.stderr == "No recorded looks (they are recorded on the shared server)\n", "\(text.stderr)")
        let csv = try Binary.run(["access", "--db", db, "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout == AccessEncoding.csvHeader + "\n" && csv.stderr.isEmpty, "\(csv.stdout)\(csv.stderr)")
        let json = try Binary.run(["access", "--db", db, "--format", "json"])
        #expect(json.status == 0 && json.stdout == "[]\n" && json.stderr.isEmpty, "\(json.stdout)\(json.stderr)")
        // Looks, but none by this person: the same line.
        try StoreFixtures.addLooks(db, [(StoreFixtures.look(.view, .overall, minutes: 0), "ana")])
        let none = try Binary.run(["access", "--db", db, "--user", "bob"])
        #expect(none.stdout.isEmpty && none.stderr == text.stderr)
        #expect(try Binary.run(["access", "--db", db, "--user", "ana"]).stderr.isEmpty)
    }

    @Test func anAgentIsRefusedTheAccessRecords() throws {
        let db = try Self.storeWithLooks()
        let run = try Binary.run(["access", "--db", db], environment: ["AUDITLOG_ROLE": "agent"])
        #expect(run.status == 2 && run.stdout.isEmpty)
        #expect(run.stderr.contains("access records are for reviewers: your role is agent") && run.stderr.split(separator: "\n").count == 1,
                "\(run.stderr)")
    }
}
}
