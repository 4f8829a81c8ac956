import Foundation
import Testing
@testable import AuditStore

/// Notes on records: written with the account's login and the clock's time, read with their records,
/// filtered (`has:note`, `note:WORD`), kept across a re-import, never edited (a correction is a new note),
/// and chained: a note changed, removed or inserted by hand is named by `verifyNoteChain`.
@Suite struct NoteStoreTests {
    static func store() throws -> AuditStore {
        let store = try temporaryStore()
        try store.importText(HashChainTests.lines.prefix(60).joined(separator: "\n") + "\n")
        return store
    }

    @Test func aNoteIsWrittenByTheAccountAtTheClocksTimeAndReadWithItsRecord() throws {
        let store = try Self.store()
        let before = SystemClock.nowMicroseconds()
        let note = try store.addNote(onRecord: 7, text: "\nRefund approved by phone, ticket 4411\n\nsecond line  \n\n")
        #expect(note.text == "Refund approved by phone, ticket 4411\n\nsecond line", "blank lines around and trailing spaces dropped, inner kept")
        #expect(note.author == NoteAuthor.login(of: getuid()) && !note.author.isEmpty && !note.author.hasPrefix("uid "))
        #expect(note.time.microseconds >= before && note.time.microseconds <= SystemClock.nowMicroseconds())
        let record = try #require(try store.allPages(RecordQuery(), size: 100).first { $0.id == 7 })
        #expect(record.notes == [note])
        #expect(try store.allPages(RecordQuery(), size: 100).filter { !$0.notes.isEmpty }.map(\.id) == [7])
        // Empty text and a record that is not there are refused, nothing stored.
        #expect(throws: StoreError.self) { try store.addNote(onRecord: 7, text: " \n  ") }
        #expect(throws: StoreError.self) { try store.addNote(onRecord: 9_999, text: "x") }
        #expect(try store.noteCount() == 1)
    }

    @Test func aCorrectionNamesANoteOfTheSameRecord() throws {
        let store = try Self.store()
        let first = try store.addNote(onRecord: 3, text: "customer called")
        let correction = try store.addNote(onRecord: 3, text: "it was the reseller who called", corrects: first.id)
        #expect(correction.corrects == first.id)
        #expect(throws: StoreError.self) { try store.addNote(onRecord: 4, text: "x", corrects: first.id) }
        let record = try #require(try store.page(of: RecordQuery(ids: [3]), from: .newest, limit: 5).first)
        #expect(record.notes.map(\.id) == [first.id, correction.id], "oldest first in the record")
    }

    @Test func notesFilterTheLogAndListNewestFirst() throws {
        let store = try Self.store()
        try store.addNote(onRecord: 10, text: "Chargeback disputed")
        try store.addNote(onRecord: 20, text: "nothing to see")
        try store.addNote(onRecord: 20, text: "CHARGEBACK confirmed")
        let clock = Clock.fixed(now: Timestamp(microseconds: 0))
        func ids(_ text: String) throws -> [Int64] {
            try store.allPages(QueryText.parse(text, clock: clock), size: 7).map(\.id)
        }
        #expect(try ids("has:note") == [20, 10])
        #expect(try ids("note:chargeback") == [20, 10], "any case")
        #expect(try ids("note:confirmed") == [20])
        #expect(try ids("note:nothing note:chargeback").isEmpty, "one note holds every word")
        #expect(try ids("note:100%").isEmpty, "LIKE's wildcards are text")
        #expect(try store.count(of: QueryText.parse("has:note", clock: clock)) == 2)
        #expect(throws: QueryText.Error.self) { try QueryText.parse("has:tag", clock: clock) }
        #expect(QueryText.format(try QueryText.parse("has:note note:\"two words\"", clock: clock), clock: clock)
            == "has:note note:\"two words\"")
        let listed = try store.notes(of: RecordQuery())
        #expect(listed.map(\.note.text) == ["CHARGEBACK confirmed", "nothing to see", "Chargeback disputed"])
        #expect(listed.map(\.record.id) == [20, 20, 10])
        #expect(try store.notes(of: RecordQuery(ids: [10])).map(\.record.id) == [10], "a view's notes only")
    }

    @Test func aNoteStaysWithItsRecordWhenTheLogsAreImportedAgain() throws {
        let store = try Self.store()
        try store.addNote(onRecord: 12, text: "kept")
        let before = try #require(try store.page(of: RecordQuery(ids: [12]), from: .newest, limit: 1).first)
        // The same logs again, and more: nothing new for the noted record, which keeps its note.
        try store.importText(HashChainTests.lines.prefix(80).joined(separator: "\n") + "\n")
        var query = RecordQuery()
        query.hasNote = true
        let noted = try store.allPages(query, size: 50)
        #expect(noted.count == 1 && noted[0].message == before.message && noted[0].time == before.time)
    }

    @Test func aNoteChangedRemovedOrInsertedByHandIsNamed() throws {
        func tampered(_ sql: String) throws -> ChainReport {
            let store = try Self.store()
            for id in 1...4 { try store.addNote(onRecord: Int64(id * 5), text: "note \(id)") }
            #expect(try store.verifyNoteChain().isWhole)
            try store.write { db in try db.execute(sql) }
            #expect(try store.verifyChain().isWhole, "the records' chain is not the notes'")
            return try store.verifyNoteChain()
        }
        #expect(try tampered("UPDATE notes SET text = 'nothing happened' WHERE id = 2").problems == [.altered(id: 2)])
        #expect(try tampered("UPDATE notes SET author = 'mallory' WHERE id = 3").problems == [.altered(id: 3)])
        #expect(try tampered("UPDATE notes SET time_us = time_us - 1 WHERE id = 1").problems == [.altered(id: 1)])
        #expect(try tampered("UPDATE notes SET record_occurrence = 1 WHERE id = 4").problems == [.altered(id: 4)])
        #expect(try tampered("DELETE FROM notes WHERE id = 2").problems == [.removed(ids: 2...2)])
        #expect(try tampered("DELETE FROM notes WHERE id = 4").problems == [.removed(ids: 4...4)], "the newest too")
        #expect(try tampered("DELETE FROM notes WHERE id IN (2, 3); DELETE FROM note_links WHERE id IN (2, 3)")
            .problems == [.removed(ids: 2...3)])
        #expect(try tampered("""
            INSERT INTO notes(record_time_us, record_fingerprint, record_occurrence, author, time_us, text)
            SELECT record_time_us, record_fingerprint, record_occurrence, 'alice', time_us, 'forged' FROM notes WHERE id = 1
            """).problems == [.unlinked(id: 5)])
        let whole = try Self.store()
        try whole.addNote(onRecord: 1, text: "a")
        let report = try whole.verifyNoteChain()
        let head = try whole.noteChainHead()
        #expect(report.isWhole && report.records == 1 && report.head?.link == head?.link && head != nil)
    }

    @Test func aStoreOfTheLastSchemaGetsNotesFromItsFirstWriter() throws {
        let store = try Self.store()
        let head = try #require(try store.chainHead())
        try store.write { db in try db.execute("DROP TABLE notes; DROP TABLE note_links; PRAGMA user_version = \(Schema.notesVersion - 1)") }
        #expect(throws: StoreError.self) { try AuditStore(path: store.path, mode: .readOnly) }
        let upgraded = try AuditStore(path: store.path, mode: .readWrite)
        #expect(try upgraded.write { db in try db.scalarInt("PRAGMA user_version") } == Schema.currentVersion, "upgraded to the newest layout")
        #expect(try upgraded.chainHead()?.link == head.link)
        #expect(try upgraded.verifyChain().isWhole)
        try upgraded.addNote(onRecord: 2, text: "after the upgrade")
        let reader = try AuditStore(path: store.path, mode: .readOnly)
        #expect(try reader.notes(of: RecordQuery()).map(\.note.text) == ["after the upgrade"])
        #expect(try reader.verifyNoteChain().isWhole)
    }
}
