import Foundation
import Testing
@testable import AuditStore

/// The hash chain over the stored records: every way of storing links them; a record changed, removed or
/// inserted by hand is named by its id; an earlier head stays provable as the store grows; and the logs
/// read again are compared with the store record by record.
@Suite struct HashChainTests {
    static let log = DeferredIndexTests.demoLog(requests: 120)
    static var lines: [String] { log.split(separator: "\n").map(String.init) }

    static func store(bulk: BulkLoadChoice = .never) throws -> (AuditStore, String) {
        let path = writeFile(log)
        let store = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = bulk
        try store.importSource(path: path, options: options)
        return (store, path)
    }

    /// The notes' and access records' digests are the bytes stores were written with, so their chains still
    /// verify: known answers (SHA-256 of the content written out by hand: integers as 8 bytes big-endian, texts
    /// with their 8-byte length, an absent value as 0 and a present one after 1), with and without optionals.
    @Test func theSideChainsDigestsAreTheBytesStoresWereWrittenWith() {
        let record = RecordIdentity(time: 1_740_823_200_000_000, fingerprint: -5, occurrence: 2)
        let note = { (corrects: Int64?) in
            NoteChain.digest(record: record, author: "ana", time: 1_740_823_260_000_000, text: "Checked\nwith é", corrects: corrects).hex
        }
        #expect(note(nil) == "9ff535fcd9048703c692bff7111dfc882a36b255a9e04b7348ee0e26aa41980f")
        #expect(note(1) == "561f3cb81b8084a8f9b2d58d1f75df95f369715ead6cd6c01365c4b26fbb6077")
        let look = { (scopeID: String?, count: Int64?) in
            AccessSQL.digest(user: Array("ana".utf8), time: 1_740_823_200_000_000, action: Array("view".utf8),
                             scope: Array("customer".utf8), scopeID: scopeID.map { Array($0.utf8) }, filters: [],
                             words: Array("[]".utf8), count: count, file: nil, record: nil, reason: Array("ticket".utf8)).hex
        }
        #expect(look("c-1", nil) == "c92af1f6d8d1bff4c8b089fdd4f314eb054809bad084ffbb9f4dd9997ef8ce31")
        #expect(look(nil, 12) == "35e8611afd516faf660f6d426297e98e6beacf8301484781379b342c4557b4f8")
    }

    @Test(arguments: [BulkLoadChoice.never, .always])
    func everyImportedRecordIsLinkedAndTheChainIsWhole(bulk: BulkLoadChoice) throws {
        let (store, _) = try Self.store(bulk: bulk)
        let report = try store.verifyChain()
        #expect(report.records == (try store.recordCount()) && report.records > 150)
        #expect(report.isWhole, "\(report.problems)")
        let head = try #require(try store.chainHead())
        let newest = try store.write { db in try db.scalarInt("SELECT max(id) FROM records") }
        #expect(report.head?.link == head.link && head.id == newest)
        // The head is the link of the newest record, 64 hex digits.
        #expect(head.link.count == 64 && head.link.allSatisfy(\.isHexDigit))
    }

    @Test func anEarlierHeadStaysProvableAsTheStoreGrowsAndTwoWritersShareTheChain() throws {
        let lines = Self.lines
        let path = temporaryDirectory() + "/audit.db"
        let first = try AuditStore(path: path, mode: .readWrite)
        try first.importText(lines.prefix(100).joined(separator: "\n") + "\n")
        let earlier = try #require(try first.chainHead())
        // Another process appends: its writer reads the head the first one left.
        let second = try AuditStore(path: path, mode: .readWrite)
        try second.importText(lines.dropFirst(100).prefix(50).joined(separator: "\n") + "\n")
        try first.importText(lines.dropFirst(150).joined(separator: "\n") + "\n")
        let report = try first.verifyChain(head: earlier.link)
        #expect(report.isWhole, "\(report.problems)")
        #expect(report.headRecord == earlier.id && report.headHolds)
        #expect(report.head!.link != earlier.link)
        // Its first 16 digits are enough; a head this store never had is not found.
        #expect(try first.verifyChain(head: String(earlier.link.prefix(16))).headRecord == earlier.id)
        #expect(try first.verifyChain(head: String(repeating: "ab", count: 32)).headRecord == nil)
    }

    @Test func changesByHandAreNamedByTheirIds() throws {
        func tampered(_ sql: String) throws -> ChainReport {
            let (store, _) = try Self.store()
            try store.write { db in try db.execute(sql) }
            return try store.verifyChain()
        }
        #expect(try tampered("UPDATE records SET message = 'Refund approved' WHERE id = 40").problems == [.altered(id: 40)])
        #expect(try tampered("UPDATE records SET admin_id = 'someone-else' WHERE id = 41").problems == [.altered(id: 41)])
        #expect(try tampered("UPDATE records SET time_us = time_us + 1 WHERE id = 42").problems == [.altered(id: 42)])
        #expect(try tampered("DELETE FROM records WHERE id = 50").problems == [.removed(ids: 50...50)])
        #expect(try tampered("DELETE FROM records WHERE id IN (60, 61); DELETE FROM record_links WHERE id IN (60, 61)")
            .problems == [.removed(ids: 60...61)])
        let inserted = try tampered("""
            INSERT INTO records(time_us, channel, level, level_name, message, context, extra, fingerprint, occurrence)
            SELECT time_us, channel, level, level_name, 'Refund approved', context, extra, fingerprint + 1, 0 FROM records WHERE id = 5
            """)
        #expect(inserted.problems.count == 1)
        if case .unlinked(let id)? = inserted.problems.first { #expect(id > 150) } else { Issue.record("\(inserted.problems)") }
        // A link rewritten by hand to cover a changed record breaks at the next record.
        let relinked = try tampered("UPDATE record_links SET link = zeroblob(32) WHERE id = 70")
        #expect(relinked.problems == [.altered(id: 70), .altered(id: 71)])
        // After a record inserted by hand, imports go on linking to the last record auditlog stored.
        let (store, _) = try Self.store()
        try store.write { db in try db.execute("""
            INSERT INTO records(time_us, channel, level, level_name, message, context, extra, fingerprint, occurrence)
            VALUES (1, 'audit', 200, 'INFO', 'forged', '{}', '{}', 7, 0)
            """) }
        try store.importText(monologLine("2026-01-02T10:00:00+00:00", "Received request to update customer"))
        let report = try store.verifyChain()
        #expect(report.problems.count == 1 && report.problemCount == 1)
    }

    @Test func aStoreFromBeforeTheChainIsLinkedWhenItIsUpgraded() throws {
        let (store, _) = try Self.store()
        let head = try #require(try store.chainHead())
        try store.write { db in try db.execute("DROP TABLE record_links; DROP INDEX records_by_warning; PRAGMA user_version = 2") }
        let count = try store.recordCount()
        #expect(AuditStore.recordsToLinkOnUpgrade(path: store.path) == count, "the commands say so before a long upgrade")
        let upgraded = try AuditStore(path: store.path, mode: .readWrite)
        #expect(AuditStore.recordsToLinkOnUpgrade(path: store.path) == 0)
        let report = try upgraded.verifyChain()
        #expect(report.isWhole && report.records > 150)
        #expect(report.head?.link == head.link, "the same records in the same order make the same chain")
    }

    @Test func theLogsComparedWithTheStore() throws {
        let (store, path) = try Self.store()
        let lines = Self.lines
        // A record removed from the store, one changed in it, one stored from elsewhere.
        let removedLine = 30, changedLine = 31
        // One record per line, stored in order: line N is record N.
        try store.write { db in try db.execute("DELETE FROM records WHERE id = \(removedLine)") }
        try store.write { db in try db.execute("UPDATE records SET old_value = 'tampered' WHERE id = \(changedLine)") }
        try store.importText(monologLine("2026-01-02T10:00:00+00:00", "Received request to update customer"))

        let comparison = try store.compare(sources: [path])
        let source = try #require(comparison.sources.first)
        #expect(source.missing == 1 && source.missingExamples.map(\.line) == [removedLine])
        #expect(source.different == 1 && source.differentExamples.map(\.line) == [changedLine])
        #expect(source.differentExamples.first?.id == Int64(changedLine))
        #expect(source.identical == lines.count - 2)
        #expect(comparison.onlyInStore == 1 && comparison.onlyInStoreExamples.first?.message == "Received request to update customer")
        #expect(!comparison.storeHoldsTheSources)
        // The untouched store holds its log exactly.
        let (clean, cleanPath) = try Self.store()
        let whole = try clean.compare(sources: [cleanPath])
        #expect(whole.storeHoldsTheSources && whole.onlyInStore == 0 && whole.sources[0].identical == lines.count)
    }
}
