import AuditStore
import Foundation
import Testing

/// `auditlog FILE`: opens at once on the newest records, imports the rest beside the browser, and
/// quitting keeps what was read.
extension ProcessTests {
@Suite struct OpenFileTests {
    static func log(_ lines: Int, in dir: String) throws -> String {
        var text = ""
        text.reserveCapacity(lines * 120)
        for i in 0..<lines {
            let time = Timestamp(seconds: 1_740_000_000 + Int64(i))
            text += "[\(time)] controller.INFO: Record \(i) for a customer {\"customer_id\":\"c-\(i % 50)\"} {\"uid\":\"\(i)\"}\n"
        }
        let path = dir + "/prod.log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theNewestRecordsFirstThenTheWholeFile() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(40_000, in: dir)
        let t = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        // The last line of the file is on the first screen, before the whole file is in.
        #expect(t.waitFor("Record 39999 for a customer").contains("Record 39998"))
        let done = t.waitFor("imported 40 000 records", seconds: 60)
        #expect(done.contains("row 1 of 40 000"), "\(done)")
        try t.keys("q")
        t.waitFor("EXITED:0")
        let stored = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n")
        #expect(stored.count == 40_000)
        // Opening it again adds nothing.
        let again = try Binary.run(["import", "--db", dir + "/a.db", file])
        #expect(again.stdout.contains("0 imported, 40 000 already stored"), "\(again.stdout)")
    }

    @Test func quittingMidwayKeepsWhatWasRead() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(150_000, in: dir)
        let t = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        t.waitFor("Record 149999")
        t.waitFor("importing prod.log ·")
        try t.keys("q")
        t.waitFor("EXITED:0", seconds: 30)
        let stored = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n").count
        #expect(stored > 0 && stored <= 150_000)
        let rest = try Binary.run(["import", "--db", dir + "/a.db", file])
        #expect(rest.stdout.contains("already stored"), "\(rest.stdout)")
        let all = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n").count
        #expect(all == 150_000)
    }

    @Test func filesThatCannotBeOpenedAreOneLine() throws {
        let dir = Binary.temporaryDirectory()
        for (arguments, expected) in [([dir + "/missing.log"], "missing.log: no such file or directory"),
                                      ([dir + "/nothing*.log"], "nothing*.log: no file matches")] {
            let run = try Binary.run(["--db", dir + "/a.db"] + arguments)
            #expect(run.status == 1 && run.stderr.contains(expected), "\(run.stderr)")
        }
    }
}
}
