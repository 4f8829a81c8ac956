@testable import AuditStore
import Foundation
import Testing

/// The records table is declared once (`RecordColumn`, `RecordIndex`): what the migrations make is what the
/// declaration says, and a query whose index is dropped under it is recognised by SQLite's result code.
@Suite struct SchemaDeclarationTests {
    @Test func theMigrationsMakeTheDeclaredColumnsAndIndexes() throws {
        let store = try temporaryStore()
        let (columns, indexes) = try store.write { db in
            (try db.texts("SELECT name FROM pragma_table_info('records') ORDER BY cid"),
             try db.texts("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL ORDER BY name"))
        }
        #expect(columns == RecordColumn.allCases.map(\.rawValue))
        #expect(indexes == RecordIndex.allCases.map(\.name).sorted())
    }

    @Test func aChangeStoresItsEntityOnceAndEveryReaderUsesIt() throws {
        let store = try temporaryStore()
        try store.importText([
            monologLine("2025-02-01T08:00:00+00:00", "A field on the Subscription entity has been updated", channel: "audit",
                        context: #"{"subscription_id":"s-1","field":"seats","old_value":"1","new_value":"2"}"#),
            monologLine("2025-02-01T08:00:01+00:00", "Seats changed", channel: "audit",
                        context: #"{"subscription_id":"s-1","field":"seats","old_value":"2","new_value":"3"}"#),
        ].joined(separator: "\n"))
        let records = try store.page(of: RecordQuery(field: "seats"), from: .newest, limit: 5)
        #expect(records.map(\.change?.entity) == [nil, "Subscription"], "a message that names none gives none")
        #expect(try store.count(of: RecordQuery(field: "subscription.seats")) == 1)
        #expect(try store.state(of: .subscription, "s-1", at: Timestamp(microseconds: Int64.max / 2)).fields.map(\.value) == ["2"])
    }

    /// A statement naming an index that another connection dropped (a bulk load beginning between a plan and
    /// its run) fails with SQLITE_ERROR after the schema moved: run again once, not matched by its wording.
    @Test func aDroppedIndexIsRecognisedByItsResultCode() throws {
        let path = temporaryDirectory() + "/t.db"
        let writer = try Connection(path: path, readOnly: false)
        try writer.execute("CREATE TABLE t(a); CREATE INDEX t_by_a ON t(a); INSERT INTO t VALUES (1), (2)")
        let reader = try Connection(path: path, readOnly: false)
        _ = try reader.scalarInt("SELECT count(*) FROM t INDEXED BY t_by_a WHERE a > 0")
        var runs = 0, changed = false
        let count = try reader.retryingSchemaChange({
            runs += 1
            if runs == 1 { try writer.execute("DROP INDEX t_by_a") }
            return try reader.scalarInt(runs == 1 ? "SELECT count(*) FROM t INDEXED BY t_by_a WHERE a > 0" : "SELECT count(*) FROM t")
        }, onChange: { changed = true })
        #expect(count == 2 && runs == 2 && changed)
        // Any other error is the caller's, at once.
        #expect(throws: StoreError.self) { try reader.retryingSchemaChange({ try reader.execute("SELECT * FROM nowhere") }) }
    }
}
