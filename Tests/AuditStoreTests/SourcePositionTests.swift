import Foundation
import Testing
@testable import AuditStore

/// A file imported before is read from where that import stopped (`SourcePositions`): only what it got since,
/// counted by the lines the import reports reading. Replaced or truncated, it is read from its start; an
/// import stopped midway goes on exactly (each record once, identical records each kept).
@Suite struct SourcePositionTests {
    /// Record `n`, over two lines every seventh (a stack trace); each record twice, as a log may hold it.
    static func records(_ range: Range<Int>) -> String {
        range.map { n -> String in
            let time = "2025-02-01T08:\(String(format: "%02d:%02d", n / 60 % 60, n % 60))+00:00"
            let message = n % 7 == 0 ? "Failed \(n)\n#0 {main}" : "Record \(n)"
            let line = monologLine(time, message) + "\n"
            return line + line
        }.joined()
    }

    static func lineCount(_ text: String) -> Int { text.utf8.filter { $0 == 0x0A }.count }

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    static func exported(_ store: AuditStore) throws -> [String] {
        try store.allPages(RecordQuery(), size: 500).map { RecordEncoding.json($0).replacing(/^\{"id":\d+,/, with: "{") }
    }

    @Test func aGrownFileIsReadFromWhereItsImportStopped() throws {
        let store = try temporaryStore()
        let head = Self.records(0..<300)
        let path = writeFile(head)
        let first = try store.importSource(path: path)
        #expect(first.imported == 600 && first.linesRead == Self.lineCount(head) && first.resumedAt == nil)

        let tail = Self.records(300..<350)
        try append(tail, to: path)
        let second = try store.importSource(path: path)
        #expect(second.linesRead == Self.lineCount(tail), "only the tail is read")
        #expect(second.resumedAt == Int64(head.utf8.count))
        #expect(second.imported == 100 && second.alreadyStored == 0)

        let third = try store.importSource(path: path)
        #expect(third.linesRead == 0 && third.imported == 0 && third.alreadyStored == 0)

        let reference = try temporaryStore()
        try reference.importSource(path: writeFile(head + tail))
        #expect(try Self.exported(store) == (try Self.exported(reference)))
    }

    @Test func aReplacedOrTruncatedFileIsReadFromItsStart() throws {
        let store = try temporaryStore()
        let path = writeFile(Self.records(0..<100))
        try store.importSource(path: path)
        // Replaced (a new file under the same name): read whole.
        let replacement = Self.records(100..<250)
        let other = writeFile(replacement)
        #expect(rename(other, path) == 0)
        let replaced = try store.importSource(path: path)
        #expect(replaced.linesRead == Self.lineCount(replacement) && replaced.imported == 300, "\(replaced)")
        // Rewritten in place with other first bytes, longer than before: read whole.
        let rewritten = Self.records(500..<700)
        try Data(rewritten.utf8).write(to: URL(fileURLWithPath: path))
        let again = try store.importSource(path: path)
        #expect(again.linesRead == Self.lineCount(rewritten) && again.imported == 400, "\(again)")
        // Truncated (copytruncate) and written anew: read from its start.
        let fresh = Self.records(800..<810)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        handle.write(Data(fresh.utf8))
        try handle.close()
        let truncated = try store.importSource(path: path)
        #expect(truncated.linesRead == Self.lineCount(fresh) && truncated.imported == 20, "\(truncated)")
    }

    /// Stopped after a chunk, at every place a chunk may end (a record's second line, an identical pair):
    /// going on reads the rest only, and the store holds the file's records each once.
    @Test func anImportStoppedMidwayGoesOnExactly() throws {
        let text = Self.records(0..<700)
        let reference = try temporaryStore()
        try reference.importSource(path: writeFile(text))
        let want = try Self.exported(reference)
        for chunks in 1...2 {
            let store = try temporaryStore()
            let path = writeFile(text)
            var options = ImportOptions()
            options.batchSize = 100
            let seen = Locked(0)
            options.shouldStop = { seen.withLock { $0 += 1; return $0 > chunks } }
            let first = try store.importSource(path: path, options: options)
            #expect(first.linesRead < Self.lineCount(text))
            let rest = try store.importSource(path: path)
            // The record open where it stopped (two lines at most) is read again; nothing else.
            #expect(first.linesRead + rest.linesRead - Self.lineCount(text) <= 2, "\(first) \(rest)")
            #expect(rest.resumedAt != nil, "went on from where the first stopped")
            #expect(first.imported + rest.imported == 1_400, "\(first) \(rest)")
            #expect(try Self.exported(store) == want)
        }
    }

    /// A rotated compressed file read whole is not read again while it is unchanged.
    @Test func anUnchangedCompressedFileIsNotReadAgain() throws {
        let store = try temporaryStore()
        let path = fixture("shapes/compressed.gz")
        let first = try store.importSource(path: path)
        #expect(first.imported > 0 && first.linesRead > 0)
        let second = try store.importSource(path: path)
        #expect(second.linesRead == 0 && second.imported == 0 && second.resumedAt != nil, "\(second)")
    }
}
