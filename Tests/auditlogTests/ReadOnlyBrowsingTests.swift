import Foundation
import Testing

/// Browsing writes nothing: the database and its -wal/-shm are byte-for-byte the same afterwards, no
/// file appears beside them, and a read-only file or directory browses like any other.
extension ProcessTests {
@Suite struct ReadOnlyBrowsingTests {
    /// Name → bytes of every file in a directory.
    func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return files
    }

    func database(_ dir: String) throws -> String { Binary.demoDatabase(requests: 400, seed: 3, in: dir) }

    /// Scrolls, expands, pivots, filters, searches, opens a picker, quits; returns the screens seen.
    func browse(_ command: String) throws -> [String] {
        let t = try Tmux(command: command)
        var screens = [t.waitFor("row 1 of")]
        for keys in [["j", "j", "j"], ["Enter"], ["Enter"], ["c"], ["h"], ["a"], ["h"], ["/"], ["refund"], ["Enter"],
                     ["x"], ["4"], ["Enter"], ["h"], ["1"], ["G"], ["g"]] {
            try t.keys(keys.joined())
            screens.append(t.screen)
        }
        try t.keys("q")
        screens.append(t.waitFor("EXITED:"))
        #expect(screens.last!.contains("EXITED:0"), "\(screens.last!)")
        return screens
    }

    @Test func aSessionLeavesTheDatabaseAndItsFilesAsTheyWere() throws {
        let dir = Binary.temporaryDirectory()
        let db = try database(dir)
        #expect(try snapshot(dir).keys.sorted() == ["audit.db"]) // the import closed its log
        let before = try snapshot(dir)
        let screens = try browse("\(Binary.path) --db \(db)")
        #expect(screens.contains { $0.contains("Billing Admins · pick one") })
        #expect(try snapshot(dir) == before)
    }

    @Test func aLogLeftBesideTheDatabaseIsReadAndLeftAsItWas() throws {
        let dir = Binary.temporaryDirectory()
        let db = try database(dir)
        // A write kept in the log (as after a writer that has not checkpointed), its -wal and -shm kept.
        try Binary.sqlite(db, ".filectrl persist_wal 1", "UPDATE admins SET email = 'changed@acme.example' "
            + "WHERE id = (SELECT id FROM admins ORDER BY record_count DESC LIMIT 1)")
        let before = try snapshot(dir)
        #expect(before.keys.sorted() == ["audit.db", "audit.db-shm", "audit.db-wal"])
        let screens = try browse("\(Binary.path) --db \(db)")
        #expect(screens.contains { $0.contains("changed@acme.example") }) // the log's write is seen
        #expect(try snapshot(dir) == before)
    }

    /// As root, permissions do not stop writes: the browser then runs as nobody (setpriv).
    func asOtherUser(_ command: String) -> String {
        getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups \(command)" : command
    }

    @Test func aReadOnlyFileAndAReadOnlyDirectoryBrowse() throws {
        // A read-only file in a directory the browser may write.
        let open = Binary.temporaryDirectory()
        let file = try database(open)
        chmod(open, 0o777)
        chmod(file, 0o444)
        let before = try snapshot(open)
        let screens = try browse(asOtherUser("\(Binary.path) --db \(file)"))
        #expect(screens.contains { $0.contains("Billing Admins · pick one") })
        #expect(try snapshot(open) == before)

        // A read-only directory.
        let closed = Binary.temporaryDirectory()
        let inside = try database(closed)
        chmod(closed, 0o555)
        defer { chmod(closed, 0o755) }
        let closedBefore = try snapshot(closed)
        let closedScreens = try browse(asOtherUser("\(Binary.path) --db \(inside)"))
        #expect(closedScreens.contains { $0.contains("Billing Admins · pick one") })
        #expect(try snapshot(closed) == closedBefore)
    }
}
}
