@testable import AuditStore
import Foundation
import Testing
import TestTools

/// Access records (who looked) through the binary: `verify` walks their chain and names one changed or
/// removed with the sqlite3 tool.
extension ProcessTests {
@Suite struct AccessCommandTests {
    static let base = Timestamp(microseconds: 1_740_823_200_000_000) // 2025-03-01 10:00 UTC

    static func look(_ action: AccessAction, _ scope: AccessScope, minutes: Int64, filters: String = "",
                     count: Int? = nil, file: String? = nil, record: String? = nil, reason: String? = nil) -> AccessEvent {
        AccessEvent(action: action, time: Timestamp(microseconds: base.microseconds + minutes * 60_000_000), scope: scope,
                    filters: filters, count: count, file: file, record: record, reason: reason)
    }

    @Test(.requires(.sqlite3)) func verifyNamesAnAccessRecordChangedOrRemovedWithTheSqliteTool() throws {
        let db = try NoteCommandTests.store()
        let store = try AuditStore(path: db, mode: .readWrite)
        for minute in 1...3 { try store.addAccess(Self.look(.view, .customer("cus_\(minute)"), minutes: Int64(minute)), user: "ana") }
        let whole = try Binary.run(["verify", "--db", db])
        #expect(whole.status == 0 && whole.stdout.contains("\naccess records: 3 access records, whole; head "), "\(whole.stdout)")
        try VerifyCommandTests.sqlite(db, "UPDATE access_records SET user = 'someone' WHERE id = 1; DELETE FROM access_records WHERE id = 2")
        let caught = try Binary.run(["verify", "--db", db])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("chain: 30 records, whole"))
        #expect(caught.stdout.contains("access records: 2 access records, 2 problems:\n  access record 1: changed after it was stored\n"
            + "  access record 2: removed\n"), "\(caught.stdout)")
    }
}
}
