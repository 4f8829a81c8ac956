import AuditStore
import Foundation
import TestTools
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

    @Test(.requires(.tmux)) func theNewestRecordsFirstThenTheWholeFile() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(40_000, in: dir)
        let t = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        // The last line of the file is on the first screen, before the whole file is in.
        t.wait(.showsAll(["Record 39999 for a customer", "Record 39998"]))
        #expect(t.waitFor("imported 40 000 records", seconds: 60).contains("imported 40 000 records"))
        // The total follows once the store's change is seen (within a second or two).
        #expect(t.waitFor("row 1 of 40 000", seconds: 10).contains("row 1 of 40 000"))
        try t.keys("q")
        t.waitFor("EXITED:0")
        let stored = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n")
        #expect(stored.count == 40_000)
        // Opening it again reads nothing and says so; importing it neither.
        let reopened = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        #expect(reopened.waitFor("0 new", seconds: 30).contains("0 new"))
        try reopened.keys("q")
        reopened.waitFor("EXITED:0")
        let again = try Binary.run(["import", "--db", dir + "/a.db", file])
        #expect(again.status == 0 && again.stdout.contains("0 new (unchanged since it was read)"), "\(again.stdout)")
    }

    /// While the file is bulk-loaded beside the browser (its filter indexes dropped until the end), a
    /// customer's view shows that customer's records, newest first, and its count is right once all are in.
    @Test(.requires(.tmux)) func aFilterIsRightWhileTheFileImports() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(150_000, in: dir)
        let t = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        t.waitFor("Record 149999")
        try t.keys("/")
        try t.type("customer:c-7")
        try t.keys("Enter")
        let screen = t.waitFor("Record 149957")
        let rows = screen.split(separator: "\n").compactMap { line in
            line.range(of: #"Record [0-9]+"#, options: .regularExpression).map { Int(line[$0].dropFirst(7))! }
        }
        #expect(rows.count >= 3, "\(screen)")
        #expect(rows == rows.sorted(by: >) && rows.allSatisfy { $0 % 50 == 7 }, "only c-7's, newest first: \(rows)")
        #expect(t.waitFor("row 1 of 3 000", seconds: 120).contains("row 1 of 3 000"), "c-7 has 3 000 of the 150 000")
        try t.keys("q")
        try t.keys("q")
        t.waitFor("EXITED:0", seconds: 30)
    }

    @Test(.requires(.tmux)) func quittingMidwayKeepsWhatWasRead() throws {
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
            #expect(!FileManager.default.fileExists(atPath: dir + "/a.db"), "no store made for a file that cannot be read")
        }
    }
}
}

extension ProcessTests.OpenFileTests {
    /// `import --follow` keeps importing what the file gets, and SIGTERM ends it with everything stored and
    /// the head it reached published (once the file was in, then at the end).
    @Test func importFollowsUntilStopped() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(100, in: dir)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["import", "--db", dir + "/a.db", "--follow", file]
        process.environment = ProcessInfo.processInfo.environment.merging(["AUDITLOG_SYSLOG_FILE": dir + "/syslog"]) { $1 }
        let out = dir + "/out"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = FileHandle.nullDevice
        try process.run()
        func stored() throws -> Int { try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n").count }
        func waitFor(_ count: Int) throws -> Int {
            let deadline = Date().addingTimeInterval(20)
            var now = try stored()
            while now < count, Date() < deadline { Thread.sleep(forTimeInterval: 0.1); now = try stored() }
            return now
        }
        #expect(try waitFor(100) == 100)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        handle.seekToEndOfFile()
        for i in 100..<150 {
            handle.write(Data("[\(Timestamp(seconds: 1_740_000_000 + Int64(i)))] controller.INFO: Record \(i) for a customer [] []\n".utf8))
        }
        // Half a line: never a problem, and not stored until it is whole.
        handle.write(Data("[\(Timestamp(seconds: 1_740_001_000))] controller.INFO: Half".utf8))
        #expect(try waitFor(150) == 150)
        handle.write(Data(" and the rest [] []\n".utf8))
        try handle.close()
        #expect(try waitFor(151) == 151)
        process.terminate() // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("followed: 51 new records"))
        let heads = try String(contentsOfFile: dir + "/syslog", encoding: .utf8).split(separator: "\n")
        #expect(heads.first?.contains("]: chain head 100 ") == true && heads.last?.contains("]: chain head 151 ") == true,
                "\(heads)")
        #expect(try Binary.run(["export", "--db", dir + "/a.db", "--search", "Half and the rest"]).stdout.contains("Half and the rest"))
    }

    /// `import --follow` of a log that has no line yet (a fresh install, just after a rotation) is no error: it
    /// says so, takes the lines that come, and a SIGTERM ends it with status 0 (a unit is not marked failed).
    @Test func followingAnEmptyLogIsNoError() throws {
        let dir = Binary.temporaryDirectory()
        let file = dir + "/live.log"
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["import", "--db", dir + "/a.db", "--follow", file]
        let out = dir + "/out", err = dir + "/err"
        for path in [out, err] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let said = Date().addingTimeInterval(20)
        while !read(out).contains("empty so far; following it"), Date() < said { Thread.sleep(forTimeInterval: 0.05) }
        #expect(read(out).contains("\(file): empty so far; following it"), "\(read(out))")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        handle.write(Data("[\(Timestamp(seconds: 1_740_000_000))] controller.INFO: The first line [] []\n".utf8))
        try handle.close()
        let deadline = Date().addingTimeInterval(20)
        func stored() throws -> String { try Binary.run(["export", "--db", dir + "/a.db"]).stdout }
        while try !stored().contains("The first line"), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try stored().contains("The first line"))
        process.terminate() // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(read(err))")
        #expect(!read(err).contains("empty"), "\(read(err))")
        // Without --follow an empty file is still an error (a script notices a log rotated away).
        _ = FileManager.default.createFile(atPath: dir + "/empty.log", contents: nil)
        let once = try Binary.run(["import", "--db", dir + "/b.db", dir + "/empty.log"])
        #expect(once.status == 1 && once.stderr.contains("empty, no records to import"), "\(once.stderr)")
    }

    /// The browser opened on a file follows it: what is logged later shows up.
    @Test(.requires(.tmux)) func theBrowserFollowsTheFile() throws {
        let dir = Binary.temporaryDirectory()
        let file = try Self.log(100, in: dir)
        let t = try Tmux(width: 120, height: 12, command: "\(Binary.path) --db \(dir)/a.db \(file)")
        // The import beside the browser is done: the quick first import had stored the 100 records already.
        t.wait(.showsAll(["row 1 of 100", "· 0 new"]))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        handle.seekToEndOfFile()
        handle.write(Data("[\(Timestamp(seconds: 1_740_000_500))] controller.INFO: Logged while browsing [] []\n".utf8))
        try handle.close()
        #expect(t.waitFor("1 new record").contains("g to see them"))
        try t.keys("g", until: .shows("Logged while browsing"))
        t.wait(.showsAll(["row 1 of 101", "Logged while browsing"])) // the total follows (counted aside)
        try t.keys("q")
    }
}
