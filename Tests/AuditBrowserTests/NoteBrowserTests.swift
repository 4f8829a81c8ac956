@testable import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Notes in the browser: a row with a note shows `✎` (ASCII `+`) after its time, bold, readable without
/// colour; its expansion lists the notes with author and time; `w` writes one through the session's writer
/// (one line or several; Enter on an empty line or Ctrl-D saves, Esc drops) and the row shows it at once;
/// `has:note` filters the log.
@Suite struct NoteBrowserTests {
    /// A copy of the demo with two notes on its newest record, written by "alice" at fixed times.
    static func notedDemo() throws -> (path: String, record: AuditRecord) {
        let (path, store, newest) = try writableDemo()
        let record = try #require(newest.first)
        let identity = try #require(try store.identity(ofRecord: record.id))
        let first = try store.addNote(on: identity, author: "alice", time: Timestamp(seconds: 1_751_200_000),
                                      text: "Customer called: the new address is right", corrects: nil)
        _ = try store.addNote(on: identity, author: "bob", time: Timestamp(seconds: 1_751_203_600),
                              text: "Checked with finance.\nTicket 4411 closed", corrects: first.id)
        return (path, record)
    }

    @Test func aRowWithANoteIsMarkedAndItsExpansionListsTheNotes() throws {
        let (path, _) = try Self.notedDemo()
        for glyphs in [Glyphs.unicode, .ascii] {
            let s = try session(width: 80, height: 24, path: path, glyphs: glyphs)
            let mark = glyphs.ascii ? "+" : "✎"
            let row = s.screen[2]
            #expect(row.hasPrefix(" 2025-06-29 23:55\(mark)") || row.contains(mark), "\(row)")
            // The mark is bold: it reads without colour, and in colour too.
            let grid = s.grid
            let x = try #require((0..<grid.width).first { grid[$0, 2].text == mark })
            #expect(grid[x, 2].style.bold)
            #expect(grid[x, 3].text == " ", "a row without a note has no mark")
            s.keys(.enter)
            let suffix = glyphs.ascii ? "-ascii" : ""
            try expectGolden(s.screen, "note-expanded\(suffix)-80x24")
            let text = s.screen.joined(separator: "\n")
            #expect(text.contains("Notes  2"))
            #expect(text.contains(" alice (note 1)") && text.contains(" bob (note 2, corrects note 1)"))
            #expect(text.contains("      Checked with finance.") && text.contains("      Ticket 4411 closed"))
        }
    }

    @Test func wWritesANoteOfSeveralLinesAndTheRowShowsIt() throws {
        let path = try copyOfDemo()
        let s = try session(width: 80, height: 24, path: path)
        let written = Locked<[NoteJob]>([])
        s.noteWriter = { job in
            written.withLock { $0.append(job) }
            let store = try AuditStore(path: path, mode: .readWrite)
            return .stored(try store.addNote(onRecord: job.recordID, text: job.text))
        }
        #expect(!s.screen[2].contains("✎"))
        s.keys(.character("w"))
        s.type("Refund approved by phone")
        s.keys(.enter)
        #expect(s.screen.joined(separator: "\n").contains("  Refund approved by phone"), "the lines so far, above the prompt")
        s.type("ticket 4411")
        s.keys(.enter)
        #expect(written.withLock { $0.isEmpty }, "not written before the empty line")
        s.keys(.enter)
        #expect(written.withLock { $0.map(\.text) } == ["Refund approved by phone\nticket 4411"])
        #expect(s.screen[2].contains("✎"), "\(s.screen[2])")
        #expect(s.screen.last?.contains("Note 1 written on ") == true, "\(s.screen.last ?? "")")
        s.keys(.enter)
        #expect(s.screen.joined(separator: "\n").contains("    ticket 4411"))
        // Esc drops a note; Ctrl-D saves at once; an empty note is not written.
        s.keys(.character("w"))
        s.type("never mind")
        s.keys(.escape)
        s.keys(.character("w"))
        s.keys(.enter)
        s.keys(.character("w"))
        s.type("one line")
        s.keys(.control("d"))
        #expect(written.withLock { $0.map(\.text) } == ["Refund approved by phone\nticket 4411", "one line"])
        // Browsing wrote nothing else; has:note finds the record.
        s.keys(.character("/"))
        s.type("has:note")
        s.keys(.enter)
        #expect(s.screen.contains { $0.contains("row 1 of 1") }, "\(s.screen.joined(separator: "\n"))")
    }

    @Test func wListsTheViewsNotesNewestFirstAndEnterOpensTheRecord() throws {
        let (path, record) = try Self.notedDemo()
        let s = try session(width: 80, height: 24, path: path)
        s.keys(.character("G"))
        s.keys(.character("W"))
        try expectGolden(s.screen, "notes-list-80x24")
        let text = s.screen.joined(separator: "\n")
        #expect(text.contains("Notes · on this view's records, newest first") && text.contains("note 1 of 2"))
        let bob = try #require(s.screen.firstIndex { $0.contains(" bob (note 2, corrects note 1) on ") })
        let alice = try #require(s.screen.firstIndex { $0.contains(" alice (note 1) on ") })
        #expect(bob < alice, "newest first")
        #expect(s.screen[bob + 1].hasPrefix("   Checked with finance."))
        s.keys(.enter)
        #expect(s.state.current.log?.selectedRecord?.id == record.id, "Enter selects the note's record in the log")
        #expect(s.screen.first { $0.contains("✎") } != nil)
        // A view without notes says how to write one.
        s.keys(.character("/"))
        s.type("level:emergency")
        s.keys(.enter)
        s.keys(.character("W"))
        #expect(s.screen.joined(separator: "\n").contains("No notes on this view's records: w on a record writes one"))
    }

    @Test func withoutAWriterTheStatusBarSaysSo() throws {
        let s = try session(width: 80, height: 24)
        s.keys(.character("w"))
        s.type("x")
        s.keys(.control("d"))
        #expect(s.screen.last?.contains("Note not written: this browser cannot write notes") == true)
    }

    /// `w`'s hint line at 80 columns ended `… | empty line or Ctrl-D: save | Es`: now whole parts only, how to save
    /// and how to drop kept longest; every part when there is room.
    @Test func theNotesHintFitsWholeAt80Columns() throws {
        for (width, glyphs) in [(80, Glyphs.unicode), (80, .ascii), (120, .unicode), (40, .unicode)] {
            let s = try session(width: width, height: 24, glyphs: glyphs)
            let ref = try #require(s.state.current.log?.selectedRecord?.ref)
            s.keys(.character("w"))
            let line = s.screen[22]
            let dot = glyphs.ascii ? "|" : "·"
            let expected = switch width {
            case 120: "note on \(ref) \(dot) Enter: next line \(dot) empty line or Ctrl-D: save \(dot) Esc: drop"
            case 80: "note on \(ref) \(dot) empty line or Ctrl-D: save \(dot) Esc: drop"
            default: "empty line or Ctrl-D: save \(dot) Esc: drop"
            }
            #expect(line.trimmingCharacters(in: .whitespaces) == expected, "\(width): \(line)")
            #expect(s.screen[23].hasPrefix("note:"), "\(s.screen[23])")
        }
        // `v`'s hint (106 columns) the same way: that the reason is recorded is said longest.
        let reveal = PromptView.revealHint(ref: "r7kq-2m9x-hd4c-a3fz")
        #expect(PromptView.hint(reveal, width: 80, .unicode)
            == "reveal r7kq-2m9x-hd4c-a3fz unmasked · your reason is recorded with your name")
        #expect(PromptView.hint(reveal, width: 106, .ascii)
            == "reveal r7kq-2m9x-hd4c-a3fz unmasked | your reason is recorded with your name | Enter: reveal | Esc: cancel")
    }
}
