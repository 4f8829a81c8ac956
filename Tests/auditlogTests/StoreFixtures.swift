@testable import AuditStore
import Foundation
import TestTools
import Testing

/// The stores the command tests start from: records imported through the binary (`VerifyCommandTests.log`), the
/// references the browser and `show` give them, notes added with `note add`, looks stored as the ingester stores
/// them; and the check that `verify` names the rows of a side chain changed or removed with the sqlite3 tool.
enum StoreFixtures {
    /// `count` records imported through the binary into a new store: its folder, the store and the log.
    static func imported(_ count: Int = 30) throws -> (dir: String, db: String, log: String) {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db", log = dir + "/prod.log"
        try ProcessTests.VerifyCommandTests.log(count).write(toFile: log, atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", db, log]).status == 0)
        return (dir, db, log)
    }

    /// A store of 30 imported records.
    static func records() throws -> String { try imported().db }

    /// The reference of the record with this id (as the browser and `show` give it).
    static func ref(_ db: String, _ id: Int) throws -> String {
        let store = try AuditStore(path: db, mode: .readOnly)
        return try #require(try store.page(of: RecordQuery(ids: [Int64(id)]), from: .newest, limit: 1).first).ref.text
    }

    /// `note add` on the record with this id.
    static func addNote(_ db: String, on id: Int, _ text: String) throws -> Run {
        try Binary.run(["note", "add", try ref(db, id), "--text", text, "--db", db])
    }

    static let lookBase = Timestamp(microseconds: 1_740_823_200_000_000) // 2025-03-01 10:00 UTC

    /// A look `minutes` after `lookBase`.
    static func look(_ action: AccessAction, _ scope: AccessScope, minutes: Int64, filters: String = "", words: [String] = [],
                     count: Int? = nil, file: String? = nil, record: String? = nil, reason: String? = nil) -> AccessEvent {
        AccessEvent(action: action, time: Timestamp(microseconds: lookBase.microseconds + minutes * 60_000_000), scope: scope,
                    filters: filters, words: words, count: count, file: file, record: record, reason: reason)
    }

    /// The looks stored, each with its user, as the ingester stores them.
    static func addLooks(_ db: String, _ looks: [(AccessEvent, user: String)]) throws {
        let store = try AuditStore(path: db, mode: .readWrite)
        for (look, user) in looks { try store.addAccess(look, user: user) }
    }

    /// `verify` finds the side chain whole (`whole`: "notes: 3 notes, whole"); after `tampering` (SQL run by the
    /// sqlite3 tool) it exits 1, the records' chain still whole, and names `problems`.
    static func expectVerifyCatches(_ db: String, whole: String, tampering: String, problems: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Binary.run(["verify", "--db", db])
        #expect(before.status == 0 && before.stdout.contains("\n\(whole); head "), "\(before.stdout)", sourceLocation: sourceLocation)
        try ProcessTests.VerifyCommandTests.sqlite(db, tampering)
        let caught = try Binary.run(["verify", "--db", db])
        #expect(caught.status == 1, sourceLocation: sourceLocation)
        #expect(caught.stdout.contains("chain: 30 records, whole"), sourceLocation: sourceLocation)
        #expect(caught.stdout.contains(problems), "\(caught.stdout)", sourceLocation: sourceLocation)
    }
}
