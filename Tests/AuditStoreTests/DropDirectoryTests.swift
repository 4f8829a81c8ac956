import Foundation
import Testing
@testable import AuditStore

/// The drop directory: a note written by a user who cannot write the store is a file created atomically and named
/// by its content; the ingester takes it with the file's owner as the author, refuses (and counts) a file claiming
/// someone else, and never stores one file twice, even when it finds it again after a crash.
@Suite struct DropDirectoryTests {
    static func setUp() throws -> (store: AuditStore, drop: String) {
        let store = try NoteStoreTests.store()
        let drop = temporaryDirectory()
        return (store, drop)
    }

    static func names(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func aFileIsCreatedAtomicallyUnderItsContentsName() throws {
        let (store, drop) = try Self.setUp()
        let previous = umask(0o077) // a strict umask must not keep the ingester from reading it
        defer { umask(previous) }
        let name = try store.sendNote(onRecord: 5, text: "sent", into: drop)
        #expect(try Self.names(drop) == [name], "only the final file: no .tmp- left")
        #expect(DropFile.kind(ofName: name) == "note" && name.utf8.count == "note-".utf8.count + 64)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: drop + "/" + name)))
        #expect(name == "note-" + SHA256.hash(bytes).hex, "the name is the digest of the bytes")
        var info = stat()
        #expect(stat(drop + "/" + name, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o640 && info.st_uid == getuid())
        let envelope = try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
        #expect(envelope["kind"]?.stringValue == "note" && envelope["text"]?.stringValue == "sent")
        #expect(envelope["author"]?.stringValue == NoteAuthor.current())
        #expect(try store.noteCount() == 0, "sending writes nothing into the store")
        // Two notes of the same text are two files.
        let again = try store.sendNote(onRecord: 5, text: "sent", into: drop)
        #expect(again != name)
        #expect(try Self.names(drop).count == 2)
        // A mistake is said at once, and nothing is written.
        #expect(throws: StoreError.self) { try store.sendNote(onRecord: 9_999, text: "x", into: drop) }
        #expect(throws: StoreError.self) { try store.sendNote(onRecord: 5, text: "  ", into: drop) }
        #expect(throws: StoreError.self) { try store.sendNote(onRecord: 5, text: "x", into: drop + "/missing") }
        #expect(try Self.names(drop).count == 2)
    }

    @Test func theIngesterTakesTheAuthorFromTheFilesOwnerAndRemovesTheFile() throws {
        let (store, drop) = try Self.setUp()
        let before = SystemClock.nowMicroseconds()
        try store.sendNote(onRecord: 9, text: "Refund approved\nticket 12", into: drop)
        let outcomes = try store.ingestDrops(from: drop)
        let taken = outcomes.compactMap { try? $0.result.get() }
        #expect(outcomes.count == 1 && taken.count == 1, "\(outcomes)")
        let notes = try store.notes(of: RecordQuery())
        #expect(notes.count == 1 && notes[0].record.id == 9 && notes[0].note.text == "Refund approved\nticket 12")
        #expect(notes[0].note.author == NoteAuthor.login(of: getuid()), "the owner's login")
        #expect(notes[0].note.time.microseconds >= before - 1_000_000 && notes[0].note.time.microseconds <= SystemClock.nowMicroseconds())
        #expect(try Self.names(drop).isEmpty, "removed once taken")
        #expect(try store.verifyNoteChain().isWhole)
        #expect(try store.dropCounts() == DropCounts(taken: 1, refused: [:]))
    }

    @Test func aFileClaimingAnotherAuthorIsRefusedAndCounted() throws {
        let (store, drop) = try Self.setUp()
        let identity = try #require(try store.identity(ofRecord: 4))
        let ref = RecordRef(fingerprint: UInt64(bitPattern: identity.fingerprint), occurrence: identity.occurrence)
        let forged = NoteDrop.fields(record: identity, ref: ref, author: "somebody-else", text: "I did not write this", corrects: nil)
        try DropFile.write(kind: "note", fields: forged, into: drop)
        try store.sendNote(onRecord: 4, text: "genuine", into: drop)
        let outcomes = try store.ingestDrops(from: drop)
        let refusals = outcomes.compactMap { if case .failure(let refusal) = $0.result { refusal } else { nil } }
        #expect(refusals.count == 1 && refusals[0].reason == .forged)
        #expect(refusals[0].detail == "it claims author somebody-else but its owner is \(NoteAuthor.current())")
        #expect(try store.notes(of: RecordQuery()).map(\.note.text) == ["genuine"])
        #expect(try store.dropCounts() == DropCounts(taken: 1, refused: [.forged: 1]))
        #expect(try Self.names(drop).isEmpty, "a refused file is removed too: it is counted in the store")
    }

    @Test func aFileFoundAgainAfterItsCommitIsNotStoredTwice() throws {
        let (store, drop) = try Self.setUp()
        let name = try store.sendNote(onRecord: 6, text: "once", into: drop)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: drop + "/" + name))
        try store.ingestDrops(from: drop)
        // A crash between the commit and the removal leaves the file: the next round only removes it.
        try bytes.write(to: URL(fileURLWithPath: drop + "/" + name))
        #expect(try store.ingestDrops(from: drop).isEmpty)
        #expect(try store.noteCount() == 1)
        #expect(try Self.names(drop).isEmpty)
        #expect(try store.dropCounts() == DropCounts(taken: 1, refused: [:]))
    }

    @Test func filesThatAreNotGenuineDropFilesAreRefusedAndCounted() throws {
        let (store, drop) = try Self.setUp()
        let name = try store.sendNote(onRecord: 3, text: "original", into: drop)
        // Changed after it was written: its bytes no longer give its name.
        try Data("{\"kind\":\"note\",\"text\":\"changed\"}\n".utf8).write(to: URL(fileURLWithPath: drop + "/" + name))
        // A kind nobody takes; a name that is no drop file's; a link; a FIFO (which must not hang the ingester).
        try DropFile.write(kind: "gossip", fields: [("text", .string("x"))], into: drop)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: drop + "/readme"))
        let target = try store.sendNote(onRecord: 3, text: "linked", into: temporaryDirectory())
        try FileManager.default.createSymbolicLink(atPath: drop + "/" + target, withDestinationPath: "/etc/passwd")
        #expect(mkfifo(drop + "/note-" + String(repeating: "0", count: 64), 0o640) == 0)
        let outcomes = try store.ingestDrops(from: drop)
        let reasons = outcomes.compactMap { if case .failure(let refusal) = $0.result { refusal.reason } else { nil } }
        #expect(reasons.sorted { $0.rawValue < $1.rawValue } == [.kind, .name, .name, .unreadable, .unreadable], "\(outcomes)")
        #expect(try store.noteCount() == 0)
        #expect(try store.dropCounts().refusedTotal == 5)
        #expect(try Self.names(drop).isEmpty)
    }

    @Test func aHalfWrittenFileIsLeftUntilItIsStale() throws {
        let (store, drop) = try Self.setUp()
        let fresh = drop + "/.tmp-0123", stale = drop + "/.tmp-4567"
        try Data("{".utf8).write(to: URL(fileURLWithPath: fresh))
        try Data("{".utf8).write(to: URL(fileURLWithPath: stale))
        var old = [timeval(tv_sec: time(nil) - 7_200, tv_usec: 0), timeval(tv_sec: time(nil) - 7_200, tv_usec: 0)]
        #expect(utimes(stale, &old) == 0)
        #expect(try store.ingestDrops(from: drop).isEmpty, "a file being written is not taken")
        #expect(try Self.names(drop) == [".tmp-0123"])
    }

    @Test func theIngesterRecordsItsDropDirectoryForReadersOfTheStore() throws {
        let (store, drop) = try Self.setUp()
        let reader = try AuditStore(path: store.path, mode: .readOnly)
        #expect(try reader.dropDirectory() == nil)
        try store.recordDropDirectory(drop)
        #expect(try reader.dropDirectory() == drop)
    }

    final class Outcomes: ImportReport {
        var dropped: [DropOutcome] = []
        func dropped(_ outcome: DropOutcome) { dropped.append(outcome) }
    }

    @Test func aFollowingIngesterRecordsItsDropDirectoryAndTakesFilesAtEachPoll() throws {
        let (store, drop) = try Self.setUp()
        try store.sendNote(onRecord: 1, text: "waiting before the ingester started", into: drop)
        let report = Outcomes()
        let session = ImportSession(store: store, options: ImportOptions(), report: report)
        session.dropDirectory = drop
        var polls = 0
        try session.run([], follow: true) { _ in
            polls += 1
            if polls == 1 {
                #expect(report.dropped.count == 1, "taken when the ingester starts")
                _ = try? store.sendNote(onRecord: 2, text: "written while it follows", into: drop)
            }
            return polls == 2
        }
        #expect(report.dropped.count == 2 && report.dropped.allSatisfy { (try? $0.result.get()) != nil })
        #expect(try store.notes(of: RecordQuery()).map(\.note.text) == ["written while it follows", "waiting before the ingester started"])
        #expect(try store.dropDirectory() == drop)
    }

    @Test func aStoreOfSchema11GetsTheDropTablesFromItsFirstWriter() throws {
        let store = try NoteStoreTests.store()
        try store.addNote(onRecord: 2, text: "before")
        try store.write { db in
            try db.execute("DROP TABLE drop_files; DROP TABLE store_settings; PRAGMA user_version = \(Schema.dropVersion - 1)")
        }
        let upgraded = try AuditStore(path: store.path, mode: .readWrite)
        #expect(try upgraded.write { db in try db.scalarInt("PRAGMA user_version") } == Schema.currentVersion)
        let drop = temporaryDirectory()
        try upgraded.recordDropDirectory(drop)
        try upgraded.sendNote(onRecord: 2, text: "after", into: drop)
        try upgraded.ingestDrops(from: drop)
        #expect(try upgraded.notes(of: RecordQuery()).map(\.note.text) == ["after", "before"])
        #expect(try upgraded.verifyNoteChain().isWhole)
    }
}
