@testable import AuditStore
import Foundation
import TestTools
import Testing

/// Notes on a store the user cannot write (the shared server's): `note add` and the browser's `w` write a file
/// into the drop directory the ingester recorded in the store, and nothing into the store; the ingester
/// (`import --drop DIR`) takes it with the file's owner as its author, and a browser shows it once taken.
/// As root permissions stop no write, so the writer then runs as nobody (setpriv).
extension ProcessTests {
@Suite struct SharedNoteTests {
    static let otherUser: [Tool] = getuid() == 0 ? [.setpriv] : []
    static let writerUID: uid_t = getuid() == 0 ? 65_534 : getuid()

    /// A store the writer may read but not write, whose ingester recorded a drop directory the writer may
    /// write into; the store's path and the drop directory.
    static func sharedStore() throws -> (db: String, drop: String) {
        let db = try StoreFixtures.records()
        let dir = (db as NSString).deletingLastPathComponent
        let drop = dir + "/spool"
        #expect(mkdir(drop, 0o700) == 0)
        #expect(try Binary.run(["import", "--drop", drop, "--db", db]).status == 0, "the ingester records its drop directory")
        chmod(dir, 0o755)
        chmod(db, 0o444)
        if getuid() == 0 { chmod(drop, 0o1733) }
        return (db, drop)
    }

    /// The command as the writer: this user, or nobody when this is root.
    static func asWriter(_ arguments: [String]) -> [String] {
        (getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []) + [Binary.path] + arguments
    }

    static func runAsWriter(_ arguments: [String]) throws -> Run {
        let command = asWriter(arguments)
        let process = Process()
        process.executableURL = command[0] == "setpriv" ? try Tool.setpriv.url() : URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: printed, stderr: said)
    }

    static func files(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    @Test(.requires(Self.otherUser)) func noteAddOnAStoreTheUserCannotWriteSendsAFileTheIngesterTakes() throws {
        let (db, drop) = try Self.sharedStore()
        let ref = try StoreFixtures.ref(db, 12)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let sent = try Self.runAsWriter(["note", "add", ref, "--text", "Refund approved by phone", "--db", db])
        let author = NoteAuthor.login(of: Self.writerUID)
        #expect(sent.status == 0 && sent.stderr == "note on \(ref) by \(author) sent to the ingester: it shows once taken\n",
                "\(sent.stderr)")
        let names = try Self.files(drop)
        #expect(names.count == 1 && DropFile.kind(ofName: names[0]) == "note", "\(names)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "nothing written into the store")
        #expect(try Self.files((db as NSString).deletingLastPathComponent).sorted() == ["audit.db", "prod.log", "spool"])

        chmod(db, 0o644)
        let ingested = try Binary.run(["import", "--drop", drop, "--db", db])
        #expect(ingested.status == 0 && ingested.stdout.contains("note 1 by \(author) on \(ref)"), "\(ingested.stdout)")
        #expect(try Self.files(drop).isEmpty)
        let listed = try Binary.run(["note", "list", "--db", db, "--format", "ndjson"])
        let note = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as! [String: Any]
        #expect(note["author"] as? String == author && note["text"] as? String == "Refund approved by phone")
        #expect(try Binary.run(["verify", "--db", db]).stdout.contains("\ndrop directory: 1 file taken, 0 refused\n"))
    }

    @Test(.requires(Self.otherUser)) func aStoreWhoseIngesterTakesNoNotesSaysSoInOneLine() throws {
        let db = try StoreFixtures.records()
        chmod((db as NSString).deletingLastPathComponent, 0o755)
        chmod(db, 0o444)
        let refused = try Self.runAsWriter(["note", "add", try StoreFixtures.ref(db, 3), "--text", "x", "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("its ingester takes no notes (it runs without --drop)")
            && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }

    @Test func aForgedFileIsRefusedCountedAndLogged() throws {
        let db = try StoreFixtures.records()
        let drop = (db as NSString).deletingLastPathComponent + "/spool"
        #expect(mkdir(drop, 0o700) == 0)
        let store = try AuditStore(path: db, mode: .readOnly)
        let identity = try #require(try store.identity(ofRecord: 4))
        let ref = RecordRef(fingerprint: UInt64(bitPattern: identity.fingerprint), occurrence: identity.occurrence)
        let name = try DropFile.write(kind: "note", fields: NoteDrop.fields(record: identity, ref: ref, author: "mallory",
                                                                            text: "forged", corrects: nil), into: drop)
        let ingested = try Binary.run(["import", "--drop", drop, "--db", db])
        #expect(ingested.status == 0)
        #expect(ingested.stderr == "auditlog: refused drop file \(name) of \(NoteCommandTests.login) (forged): "
            + "it claims author mallory but its owner is \(NoteCommandTests.login)\n", "\(ingested.stderr)")
        let listed = try Binary.run(["note", "list", "--db", db])
        #expect(listed.stdout.isEmpty && listed.stderr == "drop directory: 0 files taken, 1 refused (1 claiming another author than its owner)\n",
                "\(listed.stderr)")
    }

    @Test(.requires([.tmux] + Self.otherUser)) func wOnAReadOnlyStoreWritesADropFileAndTheRowShowsTheNoteOnceTaken() throws {
        let (db, drop) = try Self.sharedStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let t = try Tmux(command: Self.asWriter(["--db", db]).joined(separator: " "))
        t.waitFor("row 1 of")
        #expect(!t.screen.contains("✎"))
        try t.keys("w")
        try t.type("Checked with finance")
        try t.keys("Enter")
        try t.keys("Enter", until: .shows("sent to the ingester"))
        let names = try Self.files(drop)
        #expect(names.count == 1 && DropFile.kind(ofName: names[0]) == "note", "\(names)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "the browser wrote nothing into the store")
        // The ingester takes it: the browser reads the record's notes again when the store changes.
        chmod(db, 0o644)
        #expect(try Binary.run(["import", "--drop", drop, "--db", db]).status == 0)
        t.waitFor("✎")
        try t.keys("Enter", until: .shows("Checked with finance"))
        #expect(t.screen.contains(" \(NoteAuthor.login(of: Self.writerUID)) (note 1)"), "\(t.screen)")
        try t.keys("Q")
        t.waitFor("EXITED:0")
    }
}
}
