import Foundation
import Testing
@testable import AuditStore

/// A bulk load into an empty store builds the search index in a file beside it, on a thread of its own, and
/// the store adopts it whole: every search finds what it finds in a store indexed record by record, before
/// and after more records come, and the index itself is sound.
@Suite struct SideTextIndexTests {
    static let words: [[String]] = [["refund"], ["Subscription", "amount"], ["nothing-has-this"], ["@"], ["ad"]]

    static func searches(_ store: AuditStore, extra: [[String]] = []) throws -> [[Int64]] {
        try (words + extra).map { try store.allPages(RecordQuery(words: $0), size: 200).map(\.id) }
    }

    static func integrityChecked(_ store: AuditStore) throws {
        try store.write { db in try db.execute("INSERT INTO records_text(records_text) VALUES ('integrity-check')") }
    }

    /// An import that stores records one by one, their search text with them.
    static var rowByRow: ImportOptions {
        var options = ImportOptions()
        options.bulkLoad = .never
        return options
    }

    /// `log` bulk-loaded into a new store, its search text left to the index built beside it (not adopted yet), and
    /// imported row by row into a reference store; the records the bulk load imported.
    static func bulkLoadedBesideReference(_ log: String) throws -> (store: AuditStore, reference: AuditStore, imported: Int) {
        let reference = try temporaryStore()
        try reference.importSource(path: log, options: rowByRow)
        let store = try temporaryStore()
        var bulk = ImportOptions()
        bulk.bulkLoad = .always
        bulk.indexSearchText = false
        return (store, reference, try store.importSource(path: log, options: bulk).imported)
    }

    @Test func aBulkLoadAdoptsTheSearchIndexBuiltBesideIt() throws {
        let first = writeFile(DeferredIndexTests.demoLog(requests: 1_500))
        let later = writeFile(DeferredIndexTests.demoLog(requests: 300, seed: 9))
        let (store, reference, imported) = try Self.bulkLoadedBesideReference(first)
        let side = try #require(store.sideTextIndex, "a bulk load into an empty store builds its search index beside it")
        #expect(side.upTo == Int64(imported))
        var reported: [(Int, Int64)] = []
        #expect(try store.indexPendingText(progress: { reported.append(($0, $1)) }) == imported)
        // The import's progress line: what the side build has done while it is waited for, then all of it.
        #expect(reported.last.map { [Int64($0.0), $0.1] } == [Int64(imported), 0])
        #expect(reported.allSatisfy { Int64($0.0) + $0.1 == Int64(imported) })
        #expect(side.failure == nil)
        #expect(store.sideTextIndex == nil)
        #expect(!FileManager.default.fileExists(atPath: SideTextIndex.sidePath(of: store.path)))
        #expect(try store.textBacklog().pending == 0)
        try Self.integrityChecked(store)
        let someone = try #require(reference.entities(.customer, limit: 3).last)
        let id = [[String(someone.id.prefix(8))]]
        #expect(try Self.searches(store, extra: id) == Self.searches(reference, extra: id))
        #expect(try Self.searches(store)[0].count > 0)

        // More records later, indexed into the adopted index as into any.
        try store.importSource(path: later, options: Self.rowByRow)
        try reference.importSource(path: later, options: Self.rowByRow)
        #expect(store.sideTextIndex == nil)
        try Self.integrityChecked(store)
        #expect(try Self.searches(store, extra: id) == Self.searches(reference, extra: id))
    }

    /// Another writer indexed text while the side index was built (a follower beside the import): the side
    /// index is dropped and the rest indexed as usual, nothing twice, nothing missing.
    @Test func anIndexWrittenMeanwhileIsKeptAndTheSideOneDropped() throws {
        let log = writeFile(DeferredIndexTests.demoLog(requests: 800))
        let (store, reference, _) = try Self.bulkLoadedBesideReference(log)
        #expect(store.sideTextIndex != nil)
        let other = try AuditStore(path: store.path, mode: .readWrite)
        try other.write { db in _ = try db.transaction { try other.indexTextBatch(db, limit: 100) } }

        let indexed = try store.indexPendingText()
        #expect(indexed == Int(try store.textBacklog().total) - 100)
        #expect(try store.textBacklog().pending == 0)
        #expect(!FileManager.default.fileExists(atPath: SideTextIndex.sidePath(of: store.path)))
        try Self.integrityChecked(store)
        #expect(try Self.searches(store) == Self.searches(reference))
    }
}
