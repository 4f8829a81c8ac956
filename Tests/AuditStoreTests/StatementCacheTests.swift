import Testing
@testable import AuditStore

@Suite struct StatementCacheTests {
    /// A page's limit is bound, not written into its text: every screen height shares one statement.
    @Test func pagesOfEverySizeShareAStatement() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        _ = try store.page(of: RecordQuery(), from: .newest, limit: 5)
        let before = store.write { $0.cachedStatements }
        for limit in 6...80 { _ = try store.page(of: RecordQuery(), from: .newest, limit: limit) }
        #expect(store.write { $0.cachedStatements } == before)
    }

    /// The cache keeps the most recently used statements, never more than its capacity.
    @Test func theCacheIsBounded() throws {
        let store = try temporaryStore()
        for n in 0..<(Connection.statementCapacity * 3) { _ = try store.write { db in try db.scalarInt("SELECT \(n)") } }
        #expect(store.write { $0.cachedStatements } == Connection.statementCapacity)
        #expect(try store.write { db in try db.scalarInt("SELECT 1") } == 1)
    }

    /// SQLite's errors are recognised by their result code, not their wording.
    @Test func errorsCarryTheirResultCode() throws {
        let path = writeFile(String(repeating: "not a database\n", count: 100), name: "text.db")
        #expect {
            _ = try AuditStore(path: path, mode: .readOnly)
        } throws: { error in
            (error as? StoreError)?.description.contains("is not a readable auditlog database") == true
        }
        var caught: StoreError?
        do { _ = try Connection(path: path, readOnly: true).scalarInt("SELECT 1 FROM sqlite_schema") } catch let error as StoreError {
            caught = error
        }
        #expect(caught?.isNotADatabase == true, "\(String(describing: caught))")
    }
}
