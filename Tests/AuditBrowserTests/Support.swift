import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// A deterministic demo database, made once per test process.
let demoPath: String = {
    let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
    let store = try! AuditStore(path: path, mode: .readWrite)
    var generator = DemoGenerator(options: .init(requests: 400, seed: 3, end: Timestamp(seconds: 1_751_241_600), days: 30))
    try! generator.writeDirectory(to: store)
    var records: [GeneratedRecord] = []
    while let request = generator.nextRequest() { records += request }
    _ = try! store.insertGenerated(records)
    try! generator.writeDirectory(to: store)
    return path
}()

/// A copy of the demo database that a test may write to.
func copyOfDemo() throws -> String {
    let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
    try FileManager.default.copyItem(atPath: demoPath, toPath: path)
    return path
}

/// A copy of the demo database that a test may write to, its writer, and its newest `count` records.
func writableDemo(newest count: Int = 1) throws -> (path: String, store: AuditStore, newest: [AuditRecord]) {
    let path = try copyOfDemo()
    let store = try AuditStore(path: path, mode: .readWrite)
    return (path, store, try store.page(of: RecordQuery(), from: .newest, limit: count))
}

/// Monolog lines imported into the database at `path` as another process would; the writing store.
@discardableResult
func importLines(_ lines: [String], into path: String, options: ImportOptions = ImportOptions()) throws -> AuditStore {
    let file = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".log"
    try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let writer = try AuditStore(path: path, mode: .readWrite)
    _ = try writer.importSource(path: file, options: options)
    return writer
}

/// 2025-06-30 00:00 UTC.
let testClock = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))

func session(width: Int = 80, height: Int = 24, path: String = demoPath, glyphs: Glyphs = .unicode) throws
    -> BrowserSession {
    let store = try AuditStore(path: path, mode: .readOnly)
    let session = BrowserSession(source: store, state: BrowserState(width: width, height: height, clock: testClock,
                                                                     glyphs: glyphs))
    session.start()
    return session
}

extension BrowserSession {
    var screen: [String] { grid.lines }

    var grid: Grid {
        var grid = Grid(width: state.width, height: state.height)
        render(into: &grid)
        return grid
    }

    func keys(_ keys: Key...) {
        for key in keys { press(key, now: state.now) }
    }

    func type(_ text: String) {
        for character in text { press(.character(character), now: state.now) }
    }

    /// Moves down (`j`) to the first record from the selection on that `wanted` accepts and returns it; fails
    /// the test, instead of looping for ever, when none does within `limit` keys.
    @discardableResult
    func selectFirst(limit: Int = 2_000, sourceLocation: SourceLocation = #_sourceLocation,
                     where wanted: (AuditRecord) -> Bool) throws -> AuditRecord {
        for _ in 0..<limit {
            let record = try #require(state.current.log?.selectedRecord, "a log with a selected record",
                                      sourceLocation: sourceLocation)
            if wanted(record) { return record }
            keys(.character("j"))
        }
        Issue.record("no such record within \(limit) records", sourceLocation: sourceLocation)
        throw NoSuchRecord()
    }

    struct NoSuchRecord: Error {}

    /// Lets the filter debounce pass.
    func pause() {
        tick(now: Timestamp(microseconds: state.now.microseconds + 200_000))
    }
}

/// Compares a screen with `Golden/NAME.txt`; `AUDITLOG_UPDATE_GOLDEN=1 swift test` rewrites the files.
func expectGolden(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt").path
    let text = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["AUDITLOG_UPDATE_GOLDEN"] == "1" {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return
    }
    let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no golden file \(name).txt)"
    #expect(text == expected, "screen \(name) differs from Golden/\(name).txt", sourceLocation: sourceLocation)
}
