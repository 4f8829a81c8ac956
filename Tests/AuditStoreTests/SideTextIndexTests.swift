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

    @Test func aBulkLoadAdoptsTheSearchIndexBuiltBesideIt() throws {
        let first = writeFile(DeferredIndexTests.demoLog(requests: 1_500))
        let later = writeFile(DeferredIndexTests.demoLog(requests: 300, seed: 9))
        let reference = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = .never
        try reference.importSource(path: first, options: options)

        let store = try temporaryStore()
        options.bulkLoad = .always
        options.indexSearchText = false
        let summary = try store.importSource(path: first, options: options)
        let side = try #require(store.sideTextIndex, "a bulk load into an empty store builds its search index beside it")
        #expect(side.upTo == Int64(summary.imported))
        var reported: [(Int, Int64)] = []
        #expect(try store.indexPendingText(progress: { reported.append(($0, $1)) }) == summary.imported)
        // The import's progress line: what the side build has done while it is waited for, then all of it.
        #expect(reported.last.map { [Int64($0.0), $0.1] } == [Int64(summary.imported), 0])
        #expect(reported.allSatisfy { Int64($0.0) + $0.1 == Int64(summary.imported) })
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
        options.bulkLoad = .never
        options.indexSearchText = true
        try store.importSource(path: later, options: options)
        try reference.importSource(path: later, options: options)
        #expect(store.sideTextIndex == nil)
        try Self.integrityChecked(store)
        #expect(try Self.searches(store, extra: id) == Self.searches(reference, extra: id))
    }

    /// Another writer indexed text while the side index was built (a follower beside the import): the side
    /// index is dropped and the rest indexed as usual, nothing twice, nothing missing.
    @Test func anIndexWrittenMeanwhileIsKeptAndTheSideOneDropped() throws {
        let log = writeFile(DeferredIndexTests.demoLog(requests: 800))
        let reference = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = .never
        try reference.importSource(path: log, options: options)

        let store = try temporaryStore()
        options.bulkLoad = .always
        options.indexSearchText = false
        try store.importSource(path: log, options: options)
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
