import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// `m` marks records (a `*` that reads without colour), `'`/`"` go to the next and previous mark (beyond
/// the loaded window too), `M` lists them; `e` writes the view, or the marks, to a file named in a prompt,
/// refusing to replace a file unless told to.
@Suite struct MarksAndExportTests {
    @Test func marksShowMoveAndList() throws {
        let s = try session()
        s.keys(.character("j"), .character("m"))
        let first = try #require(s.state.current.log?.selectedRecord)
        #expect(s.screen[3].hasPrefix(" " + testClock.shortText(first.time, withYear: false) + "*") || s.screen[3].contains("*"), "\(s.screen[3])")
        #expect(s.screen.last?.contains("Marked (1 mark") == true)
        s.keys(.character("j"), .character("j"), .character("j"), .character("m"))
        let second = try #require(s.state.current.log?.selectedRecord)
        // Up to the previous mark and down to the next, within the window.
        s.keys(.character("g"), .character("'"))
        #expect(s.state.current.log?.selectedRecord?.id == first.id)
        s.keys(.character("'"))
        #expect(s.state.current.log?.selectedRecord?.id == second.id)
        s.keys(.character("\""))
        #expect(s.state.current.log?.selectedRecord?.id == first.id)
        // From the oldest records, the nearest mark above is beyond the window: read from it.
        s.keys(.character("G"))
        #expect(s.state.current.log?.records.contains { $0.id == second.id } == false)
        s.keys(.character("\""))
        #expect(s.state.current.log?.selectedRecord?.id == second.id)
        s.keys(.character("\""))
        #expect(s.state.current.log?.selectedRecord?.id == first.id)
        s.keys(.character("\""))
        #expect(s.screen.last?.contains("No mark above") == true)
        // The marks as a list of their own; Back returns.
        let before = s.screen.dropLast() // the notice goes with the next key
        s.keys(.character("M"))
        #expect(s.screen[1].hasPrefix("Marks · 2 records"))
        #expect(s.state.current.log?.records.map(\.id) == [first.id, second.id])
        s.keys(.backspace)
        #expect(s.screen.dropLast() == before)
        // Unmarking takes the * away.
        s.keys(.character("m"))
        #expect(s.state.marks.count == 1 && s.state.marks[first.id] == nil)
    }

    func temporaryPath(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "auditlog-export-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }

    func export(_ s: BrowserSession, to path: String) {
        s.keys(.character("e"), .control("u"))
        s.type(path)
        s.keys(.enter)
    }

    @Test func theViewToAFileAndNeverOverAnotherUnlessTold() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter, .character("e"))
        #expect(s.state.prompt?.text.hasPrefix("auditlog-all-") == true, "a name that says what it holds")
        #expect(s.screen.last?.hasPrefix("export to: auditlog-all-") == true)
        s.keys(.escape)
        #expect(s.state.prompt == nil)

        let path = temporaryPath("warnings.csv")
        export(s, to: path)
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let warnings = try store.count(of: RecordQuery(minimumLevel: .warning))
        let said = "wrote \(warnings) records to "
        #expect(s.state.notice == said + TextWidth.shortenMiddle(path, to: 78 - TextWidth.of(said)))
        #expect(s.screen.last?.hasPrefix(" " + said + "/") == true, "\(s.screen.last ?? "")")
        var expected = ""
        try ViewExport.write(store, query: RecordQuery(minimumLevel: .warning), format: .csv, clock: testClock,
                             emit: { expected += $0 })
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        #expect(expected.split(separator: "\n").count == warnings + 1)

        // Again to the same file: asked first; any key but y keeps the file.
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        export(s, to: path)
        #expect(s.screen.last?.hasPrefix("File exists. Replace it? y/n  /") == true, "\(s.screen.last ?? "")")
        s.keys(.character("n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        #expect(s.screen.last?.contains("Not written") == true)
        export(s, to: path)
        s.keys(.character("y"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
        // A file that cannot be written says why.
        export(s, to: "/nonexistent-dir/x.csv")
        #expect(s.screen.last?.contains("export failed: /nonexistent-dir/x.csv: No such file or directory") == true,
                "\(s.screen.last ?? "")")
    }

    /// The result line says the whole path, shortened in the middle to fit: the directory's start and the file's
    /// name with its extension stay; a relative name is said from the working directory.
    @Test func theResultSaysTheWholePathShortenedInTheMiddle() throws {
        let s = try session(width: 80)
        let directory = String(temporaryPath("x").dropLast(2)) + "/a-rather-long-directory-name/and-another-one"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/auditlog-customer-acme.example-2025-01.csv"
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter)
        export(s, to: path)
        let status = try #require(s.screen.last)
        #expect(status.hasPrefix(" wrote ") && status.contains(" records to /tmp"), "\(status)")
        #expect(status.contains("…") && status.hasSuffix("auditlog-customer-acme.example-2025-01.csv"),
                "\(status)")
        #expect(TextWidth.of(status) <= 80)

        // A relative name is said from the working directory (the export answers the absolute path).
        let cwd = FileManager.default.currentDirectoryPath
        #expect(ViewExport.absolute("w.csv") == (cwd == "/" ? "/w.csv" : cwd + "/w.csv"))
        #expect(ViewExport.absolute("./w.csv") == ViewExport.absolute("w.csv"))
        #expect(ViewExport.absolute("/x/w.csv") == "/x/w.csv")
    }

    /// The suggested name holds the months of the view's records when the window holds them all, else no date
    /// (never today's month, which the records may not be of).
    @Test func theSuggestedNameSaysTheMonthsOfTheRecords() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter, .character("e"))
        let log = try #require(s.state.current.log)
        #expect(log.reachedOldest && log.reachedNewest)
        let oldest = String(testClock.localText(try #require(log.records.last).time).prefix(7))
        #expect(oldest != "2025-06", "the warnings start before June")
        #expect(s.state.prompt?.text == "auditlog-all-level-warning-\(oldest)-to-2025-06.csv")
        s.keys(.escape, .character("x"), .character("e"))
        // The whole log is more than its window: no date.
        #expect(s.state.current.log?.reachedOldest == false)
        #expect(s.state.prompt?.text == "auditlog-all.csv")
    }

    /// The name says the view's filters, each as its key and value, so two views' files are told apart and a
    /// filtered file is not taken for the whole log.
    @Test func theSuggestedNameSaysTheViewsFilters() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:error channel:audit since:2025-01-01 refund")
        s.keys(.enter, .character("e"))
        let name = try #require(s.state.prompt?.text)
        #expect(name.hasPrefix("auditlog-all-since-2025-01-01-level-error-channel-audit-search-refund"), "\(name)")
        #expect(name.hasSuffix(".csv"))
        s.keys(.escape, .character("x"), .character("/"))
        s.type("field:billingEmail")
        s.keys(.enter, .character("e"))
        #expect(s.state.prompt?.text.hasPrefix("auditlog-all-field-billingEmail") == true, "\(s.state.prompt?.text ?? "")")
    }

    @Test func withMarksSetEWritesJustThemAsText() throws {
        let s = try session()
        s.keys(.character("m"), .character("j"), .character("j"), .character("m"))
        s.keys(.character("e"))
        #expect(s.state.prompt?.text.hasPrefix("auditlog-marks-") == true && s.state.prompt?.text.hasSuffix(".txt") == true)
        let path = temporaryPath("case-1234.txt")
        s.keys(.control("u"))
        s.type(path)
        s.keys(.enter)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let marked = s.state.marks.values.sorted { $0.key > $1.key }
        #expect(lines.map(String.init) == marked.map { RecordLine.text($0, customerLabel: $0.customerLabel, clock: testClock) })
    }

    /// Over the histogram or "state then" the record underneath is not on screen: `m` marks nothing there.
    @Test func marksAreForRecordsOnScreen() throws {
        let s = try session()
        s.keys(.character("i"), .character("m"))
        #expect(s.state.marks.isEmpty)
        s.keys(.backspace)
        let records = try #require(s.state.current.log?.records)
        let index = try #require(records.firstIndex { $0.customerID != nil })
        for _ in 0..<index { s.keys(.character("j")) }
        s.keys(.character("t"), .character("m"))
        #expect(s.state.current.top(StateScreen.self) != nil && s.state.marks.isEmpty)
    }

    @Test func theFormatFollowsTheExtension() {
        #expect(ViewExportFormat.forPath("a.CSV") == .csv && ViewExportFormat.forPath("x/y.ndjson") == .ndjson)
        #expect(ViewExportFormat.forPath("b.json") == .json && ViewExportFormat.forPath("c.txt") == .text)
        #expect(ViewExportFormat.forPath("dir.v2/plain") == .text && ViewExportFormat.forPath("noext") == .text)
        #expect(ViewExportFormat.forPath("x.pdf") == nil && ViewExportFormat.forPath("y.html") == nil)
    }

    /// `x.pdf` is not written as text under a name that says PDF: the prompt stays, saying which formats there are.
    @Test func anExtensionThatNamesNoFormatIsRefusedInThePrompt() throws {
        let s = try session()
        let path = temporaryPath("report.pdf")
        s.keys(.character("e"), .control("u"))
        s.type(path)
        s.keys(.enter)
        #expect(s.state.prompt?.error == "\(path): unknown extension .pdf (.txt .csv .json .ndjson)")
        #expect(s.state.prompt?.text == path && !FileManager.default.fileExists(atPath: path))
    }
}
