import Foundation
import Testing
@testable import AuditStore

/// One import session for `auditlog import [--follow]` and the import beside the browser: files, then
/// their search text, then what the files get until told to stop, with a last poll at the stop.
@Suite struct ImportSessionTests {
    final class Recorded: ImportReport {
        var events: [String] = []
        func starting(_ file: String, index: Int, count: Int) { events.append("start \(index + 1)/\(count)") }
        func problem(_ text: String) { events.append("problem") }
        func finished(_ file: String, _ outcome: Result<ImportSummary, StoreError>) {
            switch outcome {
            case .success(let summary): events.append("imported \(summary.imported)")
            case .failure(let error): events.append("failed: \(error.description)")
            }
        }
        func imported() { events.append("indexed") }
        func following(_ files: [String]) { events.append("following \(files.count)") }
        func followed(_ total: Int) { if events.last != "followed \(total)" { events.append("followed \(total)") } }
    }

    static func lines(_ range: Range<Int>) -> String {
        range.map { monologLine("2025-02-01T08:00:\(String(format: "%02d", $0 % 60))+00:00", "Record \($0)") + "\n" }
            .joined()
    }

    @Test func importsThenIndexesThenFollowsUntilStoppedKeepingWhatCameAtTheStop() throws {
        let store = try temporaryStore()
        let file = writeFile(Self.lines(0..<5))
        var options = ImportOptions()
        options.indexSearchText = false
        let report = Recorded()
        let session = ImportSession(store: store, options: options, report: report)
        var waits = 0
        let followed = try session.run([file, "/nonexistent/other.log"], follow: true, until: { _ in
            waits += 1
            // Lines come while following (the missing file is waited for, as tail -F does); the last ones just
            // before the stop, read by the last poll.
            let handle = FileHandle(forWritingAtPath: file)!
            handle.seekToEndOfFile()
            handle.write(Data(Self.lines(waits == 1 ? 5..<8 : 8..<10).utf8))
            handle.closeFile()
            return waits == 2
        })
        #expect(followed == 5)
        #expect(try store.recordCount() == 10)
        #expect(try store.textBacklog().pending == 0) // the new records are searchable too
        #expect(report.events == ["start 1/2", "imported 5", "start 2/2",
                                  "failed: /nonexistent/other.log: no such file or directory", "indexed",
                                  "following 2", "followed 0", "followed 3", "followed 5"], "\(report.events)")
    }

    @Test func withoutFollowingOrWhenStoppedItEndsAfterTheFiles() throws {
        let store = try temporaryStore()
        let file = writeFile(Self.lines(0..<5))
        let report = Recorded()
        #expect(try ImportSession(store: store, options: ImportOptions(), report: report)
            .run([file], follow: false, until: { _ in Issue.record("waited"); return true }) == nil)
        #expect(report.events == ["start 1/1", "imported 5", "indexed"])
        var stopped = ImportOptions()
        stopped.shouldStop = { true }
        let other = Recorded()
        #expect(try ImportSession(store: store, options: stopped, report: other)
            .run([file], follow: true, until: { _ in Issue.record("waited"); return true }) == nil)
        #expect(other.events.isEmpty)
    }
}
