import Foundation
import Testing
@testable import AuditStore

/// Access records (who looked): a drop file's JSON read back exactly (and refused when it is not one), stored
/// with the user the ingester names, listed newest first by scope, user and time, and chained: a look changed,
/// removed or inserted behind the tool's back is named by `verifyAccessChain`.
@Suite struct AccessStoreTests {
    static let time = Timestamp(microseconds: 1_750_000_000_000_000)

    static func look(_ action: AccessAction, _ scope: AccessScope, minutes: Int64 = 0, filters: String = "",
                     words: [String] = [], count: Int? = nil, file: String? = nil, record: String? = nil,
                     reason: String? = nil) -> AccessEvent {
        AccessEvent(action: action, time: Timestamp(microseconds: time.microseconds + minutes * 60_000_000), scope: scope,
                    filters: filters, words: words, count: count, file: file, record: record, reason: reason)
    }

    @Test func aDropFileSaysEveryFieldAndNoUser() throws {
        let event = Self.look(.export, .customer("cus_1"), filters: "level:warning \"two words\" since:2025-06-01",
                              words: ["two words"], count: 12, file: "/home/ana/out \"x\".csv")
        let text = AccessEncoding.dropFile(event)
        #expect(!text.contains("user") && !text.contains(NoteAuthor.current()), "the owner says who, never the file")
        #expect(try AccessEncoding.event(from: JSONParser.parse(text)) == event)
        let reveal = Self.look(.reveal, .overall, record: "r7kq-2m9x-hd4c-a3fz", reason: "ticket 4411\nline two")
        #expect(try AccessEncoding.event(from: JSONParser.parse(AccessEncoding.dropFile(reveal))) == reveal)
    }

    @Test func aFileThatIsNotALookIsRefusedWithItsReason() throws {
        func refusal(_ text: String) -> String? {
            do {
                _ = try AccessEncoding.event(from: JSONParser.parse(text))
                return nil
            } catch { return "\(error)" }
        }
        let good = #""action":"view","time_us":5,"scope":"customer","scope_id":"c""#
        #expect(refusal("{\"kind\":\"access\",\(good)}") == nil)
        #expect(refusal("{\"kind\":\"note\",\(good)}")?.contains("not an access record") == true)
        #expect(refusal(#"{"kind":"access","action":"delete","time_us":5,"scope":"overall"}"#)?.contains("unknown action") == true)
        #expect(refusal(#"{"kind":"access","action":"view","time_us":"5","scope":"overall"}"#)?.contains("time_us") == true)
        #expect(refusal(#"{"kind":"access","action":"view","time_us":5,"scope":"customer"}"#)?.contains("scope") == true)
        #expect(refusal(#"{"kind":"access","action":"view","time_us":5,"scope":"planet","scope_id":"x"}"#)?.contains("scope") == true)
        #expect(refusal(#"{"kind":"access","action":"view","time_us":5,"scope":"overall","count":-1}"#)?.contains("count") == true)
        let long = String(repeating: "x", count: AccessEncoding.maximumText + 1)
        #expect(refusal(#"{"kind":"access","action":"view","time_us":5,"scope":"overall","filters":"\#(long)"}"#)?.contains("longer") == true)
    }

    @Test func looksAreListedNewestFirstByScopeUserAndTime() throws {
        let store = try temporaryStore()
        try store.addAccess(Self.look(.view, .customer("cus_1"), minutes: 0, filters: "level:warning"), user: "ana")
        try store.addAccess(Self.look(.expand, .customer("cus_1"), minutes: 5, record: "r7kq-2m9x-hd4c-a3fz"), user: "bob")
        try store.addAccess(Self.look(.view, .customer("cus_2"), minutes: 10), user: "ana")
        try store.addAccess(Self.look(.view, .overall, minutes: 15, words: ["refund"]), user: "ana")
        try store.addAccess(Self.look(.export, .admin("ops@acme.example"), minutes: 20, count: 3, file: "/tmp/x.csv"), user: "bob")
        func minutes(_ filter: AccessFilter) throws -> [Int64] {
            try store.accessRecords(filter).map { ($0.event.time.microseconds - Self.time.microseconds) / 60_000_000 }
        }
        #expect(try minutes(AccessFilter()) == [20, 15, 10, 5, 0])
        #expect(try minutes(AccessFilter(scope: .customer("cus_1"))) == [5, 0])
        #expect(try minutes(AccessFilter(scope: .overall)) == [15])
        #expect(try minutes(AccessFilter(user: "bob")) == [20, 5])
        #expect(try minutes(AccessFilter(scope: .customer("cus_1"), user: "ana")) == [0])
        let since = Timestamp(microseconds: Self.time.microseconds + 5 * 60_000_000)
        let until = Timestamp(microseconds: Self.time.microseconds + 15 * 60_000_000)
        #expect(try minutes(AccessFilter(since: since, until: until)) == [10, 5], "since inclusive, until exclusive")
        let stored = try #require(try store.accessRecords(AccessFilter(user: "bob")).first)
        #expect(stored.event == Self.look(.export, .admin("ops@acme.example"), minutes: 20, count: 3, file: "/tmp/x.csv"))
        let reader = try AuditStore(path: store.path, mode: .readOnly)
        #expect(try reader.accessRecords(AccessFilter(scope: .overall)).first?.event.words == ["refund"])
    }

    @Test func aLookChangedRemovedOrInsertedByHandIsNamed() throws {
        func tampered(_ sql: String) throws -> ChainReport {
            let store = try temporaryStore()
            for minute in 1...4 {
                try store.addAccess(Self.look(.view, .customer("cus_\(minute)"), minutes: Int64(minute), filters: "x"), user: "ana")
            }
            #expect(try store.verifyAccessChain().isWhole)
            try store.write { db in try db.execute(sql) }
            #expect(try store.verifyChain().isWhole && store.verifyNoteChain().isWhole, "the records' and notes' chains are not the looks'")
            return try store.verifyAccessChain()
        }
        #expect(try tampered("UPDATE access_records SET user = 'mallory' WHERE id = 2").problems == [.altered(id: 2)])
        #expect(try tampered("UPDATE access_records SET scope_id = 'cus_9' WHERE id = 3").problems == [.altered(id: 3)])
        #expect(try tampered("UPDATE access_records SET filters = '' WHERE id = 1").problems == [.altered(id: 1)])
        #expect(try tampered("UPDATE access_records SET count = 1 WHERE id = 4").problems == [.altered(id: 4)])
        #expect(try tampered("UPDATE access_records SET time_us = time_us + 1 WHERE id = 4").problems == [.altered(id: 4)])
        #expect(try tampered("DELETE FROM access_records WHERE id = 2").problems == [.removed(ids: 2...2)])
        #expect(try tampered("DELETE FROM access_records WHERE id = 4").problems == [.removed(ids: 4...4)], "the newest too")
        #expect(try tampered("DELETE FROM access_records WHERE id IN (2, 3); DELETE FROM access_links WHERE id IN (2, 3)")
            .problems == [.removed(ids: 2...3)])
        #expect(try tampered("""
            INSERT INTO access_records(user, time_us, action, scope, scope_id, filters, words)
            SELECT 'ana', time_us, action, scope, scope_id, filters, words FROM access_records WHERE id = 1
            """).problems == [.unlinked(id: 5)])
        let whole = try temporaryStore()
        try whole.addAccess(Self.look(.state, .subscription("sub_1"), record: "abcd-efgh-jkmn-pqrs"), user: "ana")
        let report = try whole.verifyAccessChain()
        #expect(report.isWhole && report.records == 1 && report.head != nil)
    }

    @Test func aStoreOfTheLastSchemaGetsAccessRecordsFromItsFirstWriter() throws {
        let store = try temporaryStore()
        try store.importText(HashChainTests.lines.prefix(20).joined(separator: "\n") + "\n")
        try store.addNote(onRecord: 2, text: "before")
        let head = try #require(try store.chainHead())
        try store.write { db in
            try db.execute("DROP TABLE access_records; DROP TABLE access_links; PRAGMA user_version = \(Schema.accessVersion - 1)")
        }
        #expect(throws: StoreError.self) { try AuditStore(path: store.path, mode: .readOnly) }
        let upgraded = try AuditStore(path: store.path, mode: .readWrite)
        #expect(try upgraded.write { db in try db.scalarInt("PRAGMA user_version") } == Schema.currentVersion)
        #expect(try upgraded.chainHead()?.link == head.link && upgraded.verifyChain().isWhole && upgraded.verifyNoteChain().isWhole)
        try upgraded.addAccess(Self.look(.view, .overall), user: "ana")
        let reader = try AuditStore(path: store.path, mode: .readOnly)
        #expect(try reader.accessRecords(AccessFilter()).map(\.user) == ["ana"])
        #expect(try reader.verifyAccessChain().isWhole)
    }

    @Test func aLookThroughTheDropDirectoryIsStoredWithItsOwnersLogin() throws {
        let store = try temporaryStore()
        let drop = temporaryDirectory()
        let recorder = DropAccessRecorder(directory: drop)
        let before = SystemClock.nowMicroseconds()
        let look = Self.look(.export, .customer("cus_1"), filters: "level:warning", words: ["refund"], count: 3, file: "/home/ana/x.csv")
        try recorder.record(look)
        let names = try FileManager.default.contentsOfDirectory(atPath: drop)
        #expect(names.count == 1 && names[0].hasPrefix("access-"))
        let text = try String(contentsOfFile: drop + "/" + names[0], encoding: .utf8)
        #expect(!text.contains("\"user\"") && !text.contains(NoteAuthor.current()), "the file names no user")
        // A file that is not a look is refused and counted; nothing of it is stored.
        try DropFile.write(kind: "access", fields: [("action", .string("delete")), ("time_us", .number("1")), ("scope", .string("overall"))], into: drop)
        let outcomes = try store.ingestDrops(from: drop)
        #expect(outcomes.count == 2)
        let stored = try store.accessRecords(AccessFilter())
        #expect(stored.count == 1)
        #expect(stored.first?.user == NoteAuthor.login(of: getuid()), "the owner's login")
        #expect(stored.first.map { $0.event.time.microseconds >= before - 1_000_000 && $0.event.time.microseconds <= SystemClock.nowMicroseconds() } == true,
                "the kernel's time of the file")
        var expected = look
        expected.time = stored.first?.event.time ?? look.time
        #expect(stored.first?.event == expected)
        #expect(try store.dropCounts().taken == 1 && store.dropCounts().refusedTotal == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop).isEmpty)
        #expect(try store.verifyAccessChain().isWhole)
        // No directory to write into: the look cannot be recorded.
        #expect(throws: StoreError.self) { try DropAccessRecorder(directory: drop + "/missing").record(look) }
    }
}
