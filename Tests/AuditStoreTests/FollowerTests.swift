import Foundation
import Testing
@testable import AuditStore

/// `tail -F` semantics: appended lines, a half-written last line, truncation, rename-and-recreate.
@Suite struct FollowerTests {
    static func line(_ n: Int) -> String { monologLine("2025-02-01T08:00:\(String(format: "%02d", n % 60))+00:00", "Line \(n)") + "\n" }

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    func messages(_ store: AuditStore) throws -> [String] {
        try store.allPages(RecordQuery(), size: 100).map(\.message).sorted()
    }

    @Test func appendedLinesAndAHalfWrittenOne() throws {
        let store = try temporaryStore()
        let path = writeFile(Self.line(0))
        try store.importSource(path: path)
        var problems: [String] = []
        let follower = LogFollower(store: store, paths: [path], problem: { problems.append($0) })
        #expect(try follower.poll(now: 0) == 0)
        try append(Self.line(1) + Self.line(2), to: path)
        #expect(try follower.poll(now: 1) == 2)
        // Half a line: nothing yet, and no problem; the rest arrives, and the record with it.
        let third = Self.line(3)
        try append(String(third.prefix(30)), to: path)
        #expect(try follower.poll(now: 2) == 0)
        try append(String(third.dropFirst(30)), to: path)
        #expect(try follower.poll(now: 3) == 1)
        #expect(try messages(store) == ["Line 0", "Line 1", "Line 2", "Line 3"])
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Every commit has each browser's connections drop their page cache: a poll stores its records and
    /// their search text in one transaction (it took two), and they are searchable when it returns.
    @Test func aPollCommitsOnceWithItsSearchText() throws {
        let store = try temporaryStore()
        let path = writeFile(Self.line(0))
        try store.importSource(path: path)
        let follower = LogFollower(store: store, paths: [path], problem: { _ in })
        try append((1...50).map(Self.line).joined(), to: path)
        let before = store.commitCount
        #expect(try follower.poll(now: 1) == 50)
        #expect(store.commitCount - before == 1)
        #expect(try store.textBacklog().pending == 0)
        #expect(try store.count(of: RecordQuery(words: ["Line 42"])) == 1)
    }

    @Test func aMultiLineRecordWaitsForItsLastLine() throws {
        let store = try temporaryStore()
        let path = writeFile("")
        let follower = LogFollower(store: store, paths: [path])
        try append("[2025-02-01T08:00:00+00:00] controller.ERROR: Failed\n", to: path)
        #expect(try follower.poll(now: 0) == 0, "the record may go on")
        try append("second line {\"a\":1} []\n", to: path)
        #expect(try follower.poll(now: 500_000) == 1, "it ends with its context and extra: whole")
        #expect(try store.allPages(RecordQuery(), size: 10).first?.message == "Failed\nsecond line")
        // A record that never gets its JSON (ignoreEmptyContextAndExtra) is taken after a quiet second.
        try append("[2025-02-01T08:00:01+00:00] controller.INFO: No context\n", to: path)
        #expect(try follower.poll(now: 600_000) == 0)
        #expect(try follower.poll(now: 2_000_000) == 1)
    }

    @Test func truncationAndRotation() throws {
        let store = try temporaryStore()
        let path = writeFile(Self.line(0))
        try store.importSource(path: path)
        let follower = LogFollower(store: store, paths: [path])
        // copytruncate: the file is emptied (seen at the next poll), then written anew.
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(try follower.poll(now: 0) == 0)
        try append(Self.line(10), to: path)
        #expect(try follower.poll(now: 0) == 1)
        // logrotate's rename: a last line goes into the old file, then a new file appears.
        try append(Self.line(11), to: path)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try append(Self.line(12), to: path + ".1") // written by the process that still has it open
        try Self.line(13).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try follower.poll(now: 1) == 3)
        try append(Self.line(14), to: path)
        #expect(try follower.poll(now: 2) == 1)
        #expect(try messages(store) == ["Line 0", "Line 10", "Line 11", "Line 12", "Line 13", "Line 14"])
    }

    @Test func followingStartsWhereTheImportStopped() throws {
        let store = try temporaryStore()
        let path = writeFile(Self.line(0) + Self.line(1))
        let summary = try store.importSource(path: path)
        #expect(summary.endOffset == Int64(FileSystem.identity(path).size))
        try append(Self.line(2), to: path)
        let follower = LogFollower(store: store, paths: [path], startingAt: [path: summary.endOffset!])
        #expect(try follower.poll(now: 0) == 1)
        #expect(try messages(store) == ["Line 0", "Line 1", "Line 2"])
    }
}
