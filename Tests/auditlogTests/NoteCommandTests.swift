@testable import AuditStore
import Foundation
import TestTools
import Testing

/// `auditlog note add` and `note list`, notes in exports (`--with-notes`) and in the report's four formats,
/// and `verify` naming a note changed or removed with the sqlite3 tool.
extension ProcessTests {
@Suite struct NoteCommandTests {
    static var login: String { String(cString: getpwuid(getuid())!.pointee.pw_name) }

    @Test func aNoteIsAddedFromTextOrStandardInputAndListedNewestFirst() throws {
        let db = try StoreFixtures.records()
        let ref12 = try StoreFixtures.ref(db, 12)
        let added = try Binary.run(["note", "add", ref12, "--text", "Customer asked for this by phone", "--db", db],
                                   environment: ["USER": "mallory", "LOGNAME": "mallory"])
        #expect(added.status == 0 && added.stderr == "note 1 on \(ref12) by \(Self.login)\n", "\(added.stderr)")
        let piped = try Binary.run(["note", "add", ref12, "--corrects", "1", "--db", db], stdin: "It was the reseller\nticket 4411\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try StoreFixtures.addNote(db, on: 20, "refund, 100% approved").status == 0)

        let text = try Binary.run(["note", "list", "--db", db, "--utc"])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasSuffix(" \(Self.login) (note 3) on \(try StoreFixtures.ref(db, 20)):"), "\(text.stdout)")
        #expect(lines[1].hasPrefix("  2025-03-01 10:00:19 "), "the record's line")
        #expect(lines[2] == "  > refund, 100% approved")
        #expect(lines.contains("  > It was the reseller") && lines.contains("  > ticket 4411"))
        #expect(text.stdout.contains("(note 2, corrects note 1) on \(ref12):"))
        #expect(!text.stdout.contains("mallory"), "the author is the account, not the environment")

        let json = try Binary.run(["note", "list", "--db", db, "--format", "ndjson", "--note", "reseller"])
        let objects = try json.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.count == 1 && objects[0]["author"] as? String == Self.login && objects[0]["corrects"] as? Int == 1)
        #expect((objects[0]["record"] as? [String: Any])?["id"] as? Int == 12)
        let csv = try Binary.run(["note", "list", "--db", db, "--format", "csv", "--query", "has:note note:refund"])
        #expect(csv.stdout.split(separator: "\n").count == 2 && csv.stdout.hasPrefix("note_id,note_time,author,corrects,text,record_ref,record_id"))
        let filtered = try Binary.run(["export", "--db", db, "--format", "ndjson", "--query", "has:note"])
        #expect(filtered.stdout.split(separator: "\n").count == 2)
    }

    @Test func aBadNoteIsOneLineAndStoresNothing() throws {
        let db = try StoreFixtures.records()
        for (arguments, status, message) in [
            (["note", "add", "zzzz-zzzz-zzzz-zzzz", "--text", "x"], Int32(1), "no record has the reference"),
            (["note", "add", try StoreFixtures.ref(db, 5), "--text", "  "], 1, "a note needs some text"),
            (["note", "add", "abc", "--text", "x"], 1, "is too short"),
            (["note", "add", try StoreFixtures.ref(db, 5), "--text", "x", "--corrects", "7"], 1, "not a note on this record"),
            (["note", "remove", "5"], 2, "note takes add or list"),
        ] {
            let run = try Binary.run(arguments + ["--db", db])
            #expect(run.status == status && run.stderr.hasPrefix("auditlog: ") && run.stderr.contains(message)
                && run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
        #expect(try Binary.run(["note", "list", "--db", db]).stdout.isEmpty)
    }

    @Test func exportsWithNotesAndTheReportInEveryFormat() throws {
        let db = try StoreFixtures.records()
        #expect(try StoreFixtures.addNote(db, on: 7, "Checked with finance\nall fine").status == 0)
        let ndjson = try Binary.run(["export", "--db", db, "--format", "ndjson", "--with-notes", "--query", "has:note"])
        let record = try JSONSerialization.jsonObject(with: Data(ndjson.stdout.utf8)) as! [String: Any]
        let notes = try #require(record["notes"] as? [[String: Any]])
        #expect(notes.count == 1 && notes[0]["text"] as? String == "Checked with finance\nall fine" && notes[0]["author"] as? String == Self.login)
        let plain = try Binary.run(["export", "--db", db, "--format", "ndjson", "--query", "has:note"])
        #expect(!plain.stdout.contains("\"notes\""), "without --with-notes an export is as before")
        let text = try Binary.run(["export", "--db", db, "--with-notes", "--utc"])
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.hasPrefix("    note ") })
        #expect(lines[at].contains(" \(Self.login) (note 1):") && lines[at + 1] == "      Checked with finance" && lines[at + 2] == "      all fine")
        let csv = try Binary.run(["export", "--db", db, "--with-notes", "--format", "csv"])
        #expect(csv.stdout.hasPrefix(try Binary.run(["export", "--db", db, "--format", "csv"]).stdout.prefix(while: { $0 != "\n" }) + ",notes\n"))
        #expect(csv.stdout.contains(" \(Self.login): Checked with finance\nall fine\""))

        let reportText = try Binary.run(["report", "--db", db, "--utc"])
        let ref7 = try StoreFixtures.ref(db, 7)
        #expect(reportText.stdout.contains("Notes (1, newest first)\n  ") && reportText.stdout.contains(" \(Self.login) on \(ref7):\n    Checked with finance\n    all fine\n"),
                "\(reportText.stdout)")
        let reportJSON = try JSONSerialization.jsonObject(with: Data(try Binary.run(["report", "--db", db, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let reportNotes = try #require(reportJSON["notes"] as? [[String: Any]])
        #expect(reportNotes.count == 1 && (reportNotes[0]["record"] as? [String: Any])?["id"] as? Int == 7)
        #expect((reportJSON["notes_chain_head"] as? String)?.count == 64)
        let reportCSV = try Binary.run(["report", "--db", db, "--format", "csv"]).stdout
        #expect(reportCSV.contains("\n# notes\nnote_id,note_time,author,corrects,text,record_ref,record_id,record_time,record_message\n1,"))
        let html = try Binary.run(["report", "--db", db, "--format", "html"]).stdout
        #expect(html.contains("<h2>Notes</h2>") && html.contains("Checked with finance<br>all fine"))
        // A period without the noted record lists no note.
        let other = try Binary.run(["report", "--db", db, "--format", "json", "--since", "2025-03-01T10:00:10Z"]).stdout
        #expect(other.contains("\"notes\":[]"))
    }

    @Test(.requires(.sqlite3)) func verifyNamesANoteChangedOrRemovedWithTheSqliteTool() throws {
        let db = try StoreFixtures.records()
        for record in [3, 4, 5] { #expect(try StoreFixtures.addNote(db, on: record, "n\(record)").status == 0) }
        try StoreFixtures.expectVerifyCatches(db, whole: "notes: 3 notes, whole",
                                              tampering: "UPDATE notes SET text = 'nothing' WHERE id = 2; DELETE FROM notes WHERE id = 3",
                                              problems: "notes: 2 notes, 2 problems:\n  note 2: changed after it was stored\n  note 3: removed\n")
    }
}
}
