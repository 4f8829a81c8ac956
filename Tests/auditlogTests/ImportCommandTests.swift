import Foundation
import PseudoTerminal
import TestTools
import Testing

/// `auditlog import` on the logs operators have: sets of files, reporting that respects the terminal.
extension ProcessTests {
@Suite struct ImportCommandTests {
    static let shapes = Binary.packageRoot.appendingPathComponent("Tests/AuditStoreTests/Fixtures/shapes").path

    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func aHundredThousandLinesOfGarbageSayOneThing() throws {
        let dir = Binary.temporaryDirectory()
        let garbage = (0..<100_000).map { "garbage line \($0) with {\"half\": json" }.joined(separator: "\n") + "\n"
        try garbage.write(toFile: dir + "/garbage.log", atomically: true, encoding: .utf8)
        let run = try Binary.run(["import", "--db", dir + "/a.db", dir + "/garbage.log"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count <= 12, "\(lines.count) lines")
        #expect(lines.count == 1 && lines[0].contains("not a BillaBear audit log; tried Monolog lines"), "\(run.stderr)")
    }

    @Test func tenProblemsShownTheRestCountedOrWrittenToAFile() throws {
        let dir = Binary.temporaryDirectory()
        var lines: [String] = []
        for n in 0..<60 {
            lines.append("[2025-02-01T08:00:\(String(format: "%02d", n % 60))+00:00] controller.INFO: Good \(n) [] []")
            if n % 2 == 0 { lines.append("[2025-02-01T09:00:00+00:00] controller.NOPE: bad level [] []") }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/mixed.log", atomically: true, encoding: .utf8)
        let run = try Binary.run(["import", "--db", dir + "/a.db", dir + "/mixed.log"])
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n")
        #expect(errors.count == 11, "\(run.stderr)")
        #expect(errors.last == "\(dir)/mixed.log: … and 20 more (--errors FILE writes all)")
        #expect(run.stdout.contains("mixed.log: 60 imported, 30 records skipped"), "\(run.stdout)")
        let all = try Binary.run(["import", "--db", dir + "/b.db", "--errors", dir + "/errors.txt", dir + "/mixed.log"])
        #expect(try String(contentsOfFile: dir + "/errors.txt", encoding: .utf8).split(separator: "\n").count == 30)
        #expect(all.stderr.contains("… and 20 more (all in the --errors file)"))
    }

    @Test(.requires(.gzip, .xz)) func directoriesAndQuotedGlobs() throws {
        let dir = Binary.temporaryDirectory()
        let run = try Binary.run(["import", "--db", dir + "/a.db", Self.shapes + "/rotated"])
        #expect(run.status == 0, "\(run.stderr)")
        let files = run.stdout.split(separator: "\n").filter { !$0.hasPrefix("database: ") }
        let order = files.map { String($0.split(separator: ":")[0]).split(separator: "/").last! }
        #expect(order == ["prod.log.3.gz", "prod.log.2.gz", "prod.log.1", "prod.log"], "\(run.stdout)")
        let glob = try Binary.run(["import", "--db", dir + "/b.db", Self.shapes + "/rotated/prod.log*"])
        #expect(glob.status == 0 && glob.stdout.split(separator: "\n").filter { !$0.hasPrefix("database: ") } == files)
        let none = try Binary.run(["import", "--db", dir + "/c.db", Self.shapes + "/nothing*.log"])
        #expect(none.status == 1 && none.stderr.contains("nothing*.log: no file matches"), "\(none.stderr)")
        // The same records again, compressed or not: nothing new.
        let again = try Binary.run(["import", "--db", dir + "/a.db", Self.shapes + "/compressed.xz"])
        #expect(again.stdout.contains("0 new, 3 already stored"), "\(again.stdout)")
    }

    /// A file imported before is read on from where that import stopped; nothing added says "0 new".
    @Test func importingAFileAgainReadsWhatItGotSince() throws {
        let dir = Binary.temporaryDirectory()
        let log = dir + "/prod.log"
        let line = { (n: Int) in "[2025-02-01T08:00:0\(n)+00:00] controller.INFO: Record \(n) [] []\n" }
        try (line(1) + line(2) + line(3)).write(toFile: log, atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", dir + "/a.db", log]).stdout.contains("prod.log: 3 imported (monolog-line)"))
        let same = try Binary.run(["import", "--db", dir + "/a.db", log])
        #expect(same.status == 0 && same.stdout.contains("prod.log: 0 new (unchanged since it was read)"), "\(same.stdout)")
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data((line(4) + line(5)).utf8))
        try handle.close()
        let grown = try Binary.run(["import", "--db", dir + "/a.db", log])
        #expect(grown.stdout.contains("prod.log: 2 imported (read on from line 4; monolog-line)"), "\(grown.stdout)")
    }

    @Test(.requires(.gzip)) func aCutShortArchiveKeepsWhatWasRead() throws {
        let dir = Binary.temporaryDirectory()
        var text = ""
        for n in 0..<2_000 { text += "[2025-02-01T08:00:00+00:00] controller.INFO: Record \(n) with some text to compress [] []\n" }
        try text.write(toFile: dir + "/big.log", atomically: true, encoding: .utf8)
        #expect(try Self.shell("gzip -c \(dir)/big.log | head -c 3000 > \(dir)/cut.log.gz") == 0)
        let run = try Binary.run(["import", "--db", dir + "/a.db", dir + "/cut.log.gz"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unexpected end of file") && run.stderr.contains("the records before it were imported"),
                "\(run.stderr)")
        let count = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n").count
        #expect(count > 100 && count < 2_000, "\(count)")
        // Compressed standard input cannot be handed to a tool: one line says how to read it.
        let status = try Self.shell("gzip -c \(dir)/big.log | \(Binary.path) import --db \(dir)/b.db - 2> \(dir)/err")
        #expect(status == 1)
        #expect(try String(contentsOfFile: dir + "/err", encoding: .utf8)
            == "auditlog: <stdin>: gzip-compressed input; give the file itself, or pipe it through `gzip -dc`\n")
    }

    @Test func aClosedStderrLosesNothing() throws {
        let dir = Binary.temporaryDirectory()
        var lines: [String] = []
        for n in 0..<5_000 {
            lines.append("[2025-02-01T08:00:00+00:00] controller.INFO: Good \(n) [] []")
            lines.append("[2025-02-01T08:00:00+00:00] controller.NOPE: bad [] []")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/mixed.log", atomically: true, encoding: .utf8)
        let good = (0..<3_000).map { "[2025-02-02T08:00:00+00:00] controller.INFO: Later \($0) [] []" }
        try (good.joined(separator: "\n") + "\n").write(toFile: dir + "/later.log", atomically: true, encoding: .utf8)
        // `head` goes away after one line: the problems of the first file and the summaries meet a closed pipe.
        _ = try Self.shell("\(Binary.path) import --db \(dir)/a.db \(dir)/mixed.log \(dir)/later.log 2>&1 | head -1 > /dev/null")
        let count = try Binary.run(["export", "--db", dir + "/a.db"]).stdout.split(separator: "\n").count
        #expect(count == 8_000)
    }

    @Test func zonesAndFormatsOnTheCommandLine() throws {
        let dir = Binary.temporaryDirectory()
        let run = try Binary.run(["import", "--db", dir + "/a.db", "--timezone", "Europe/Berlin", Self.shapes + "/zoneless.log"])
        #expect(run.stdout.contains("10 imported (monolog-line; times without a zone read as Europe/Berlin)"), "\(run.stdout)")
        let first = try Binary.run(["export", "--db", dir + "/a.db", "--oldest-first", "--format", "ndjson"])
        #expect(first.stdout.hasPrefix("{\"id\":1,\"time\":\"2025-03-01T09:01:01Z\""), "\(first.stdout.prefix(80))")
        // The local zone, as `date` uses it: times shown in it, and zone-less times read in it.
        let shown = try Binary.run(["export", "--db", dir + "/a.db", "--oldest-first"], environment: ["TZ": "America/New_York"])
        #expect(shown.stdout.hasPrefix("2025-03-01 04:01:01"), "\(shown.stdout.prefix(40))")
        let tokyo = try Binary.run(["import", "--db", dir + "/t.db", Self.shapes + "/zoneless.log"], environment: ["TZ": "Asia/Tokyo"])
        #expect(tokyo.stdout.contains("times without a zone read as Asia/Tokyo"), "\(tokyo.stdout)")
        for (option, value) in [("--timezone", "Mars/Olympus"), ("--line-format", "%message% only")] {
            let bad = try Binary.run(["import", "--db", dir + "/b.db", option, value, Self.shapes + "/zoneless.log"])
            #expect(bad.status == 2 && bad.stderr.hasPrefix("auditlog: \(option)"), "\(bad.stderr)")
        }
        // A custom layout.
        try "2025-02-01 08:00:00 | audit | WARNING | Custom layout {\"customer_id\":\"c-1\"} {\"uid\":\"abc1234\"}\n"
            .write(toFile: dir + "/custom.log", atomically: true, encoding: .utf8)
        let custom = try Binary.run(["import", "--db", dir + "/c.db", "--timezone", "UTC", "--line-format",
                                     "%datetime% | %channel% | %level_name% | %message% %context% %extra%", dir + "/custom.log"])
        #expect(custom.status == 0, "\(custom.stderr)")
        let record = try Binary.run(["export", "--db", dir + "/c.db", "--format", "ndjson"]).stdout
        #expect(record.contains("\"channel\":\"audit\"") && record.contains("\"level\":300")
            && record.contains("\"message\":\"Custom layout\"") && record.contains("\"customer_id\":\"c-1\""), "\(record)")
    }
}
}

extension ProcessTests.ImportCommandTests {
    /// When none of the files named can be read (missing, a directory with no files, a glob matching nothing, a
    /// names CSV that is not there), each is one line, the exit status 1, and nothing is created: neither the
    /// database given with --db nor its directory, nor the default one under HOME.
    @Test func filesThatCannotBeReadCreateNoStore() throws {
        let dir = Binary.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        for (arguments, reasons) in [
            ([dir + "/missing.log"], ["\(dir)/missing.log: no such file or directory"]),
            ([dir + "/missing.log", dir + "/empty", dir + "/none*.log", "--users", dir + "/users.csv"],
             ["\(dir)/empty: a directory with no files", "\(dir)/none*.log: no file matches",
              "\(dir)/missing.log: no such file or directory", "\(dir)/users.csv: no such file or directory"]),
        ] {
            let run = try Binary.run(["import", "--db", dir + "/new/audit.db"] + arguments)
            #expect(run.status == 1 && run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr == reasons.map { "auditlog: \($0)\n" }.joined(), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/new"), "\(arguments) made the store's directory")
        }
        let home = Binary.temporaryDirectory()
        let run = try Binary.run(["import", dir + "/missing.log"], environment: ["HOME": home, "XDG_DATA_HOME": "", "AUDITLOG_DB": ""])
        #expect(run.status == 1 && run.stderr == "auditlog: \(dir)/missing.log: no such file or directory\n", "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty, "the default store was made")
        // One readable file among them: it is imported (and the others said), as before.
        let some = try Binary.run(["import", "--db", dir + "/new/audit.db", dir + "/missing.log", Self.shapes + "/zoneless.log"])
        #expect(some.status == 1 && some.stdout.contains("zoneless.log: 10 imported"), "\(some.stdout)")
    }

    /// A failed import that made the store and stored nothing leaves nothing behind (the database, its -wal and
    /// -shm, the directory made for it) and names no database: a file that is no log, a binary file, an empty
    /// file. A store that was there before stays with its records, even one holding none.
    @Test func aFailedImportRemovesTheStoreItMadeOnly() throws {
        let dir = Binary.temporaryDirectory()
        try "hello, this is not a log\n".write(toFile: dir + "/notalog.txt", atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: dir + "/binary.bin", contents: Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
            + (0..<4_000).map { UInt8(truncatingIfNeeded: $0 &* 131) }))
        FileManager.default.createFile(atPath: dir + "/empty.log", contents: nil)
        for file in ["notalog.txt", "binary.bin", "empty.log"] {
            for db in [dir + "/new/x2.db", dir + "/x2.db"] {
                let run = try Binary.run(["import", "--db", db, dir + "/" + file])
                #expect(run.status == 1 && run.stderr.hasPrefix("auditlog: \(dir)/\(file): "), "\(file): \(run.stderr)")
                #expect(!run.stdout.contains("database:"), "\(file): \(run.stdout)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["binary.bin", "empty.log", "notalog.txt"],
                        "\(file) into \(db) left a store behind")
            }
        }
        // A store there before: a failed import leaves it, and its records.
        let db = try Binary.sampleDatabase()
        let before = try Binary.run(["export", "--db", db]).stdout
        #expect(!before.isEmpty)
        for file in ["notalog.txt", "binary.bin", "empty.log"] {
            let run = try Binary.run(["import", "--db", db, dir + "/" + file])
            #expect(run.status == 1 && run.stdout.contains("database: \(db)"), "\(file): \(run.stdout)")
            #expect(try Binary.run(["export", "--db", db]).stdout == before, "\(file) changed the store's records")
        }
        // One holding no record (names only) is kept too.
        let names = dir + "/names/audit.db"
        let made = try Binary.run(["import", "--db", names, "--users", Binary.samples + "/users.csv"])
        #expect(made.status == 0, "\(made.stderr)")
        let failed = try Binary.run(["import", "--db", names, dir + "/notalog.txt"])
        #expect(failed.status == 1 && FileManager.default.fileExists(atPath: names), "\(failed.stderr)")
        // A failed import that stored something keeps the store it made.
        let some = try Binary.run(["import", "--db", dir + "/some/a.db", dir + "/notalog.txt", Self.shapes + "/zoneless.log"])
        #expect(some.status == 1 && some.stdout.contains("database: ") && FileManager.default.fileExists(atPath: dir + "/some/a.db"))
    }

    /// `import --follow` on a terminal: a problem in a line the file gets is a line of its own (the progress line
    /// cleared before it, not run into), and one record is "1 new record".
    @Test func aProblemWhileFollowingIsALineOfItsOwn() throws {
        let dir = Binary.temporaryDirectory()
        let log = dir + "/follow.log"
        let line = { (n: Int) in "[2025-02-01T08:00:0\(n)+00:00] controller.INFO: Record \(n) [] []\n" }
        try (line(1) + line(2)).write(toFile: log, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["import", "--follow", "--db", dir + "/f.db", log],
                                          environment: ["TERM": "xterm", "LANG": "C.UTF-8", "AUDITLOG_SYSLOG_FILE": dir + "/syslog"])
        func append(_ text: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        }
        #expect(terminal.readUntil(contains: "following 1 file · 0 new records (Ctrl-C stops)") != nil)
        try append(line(3))
        #expect(terminal.readUntil(contains: "following 1 file · 1 new record (Ctrl-C stops)") != nil)
        try append("garbage, not a record\n")
        #expect(terminal.readUntil(contains: "not a record: \"garbage, not a record\"") != nil)
        try append(line(4) + line(5))
        #expect(terminal.readUntil(contains: "following 1 file · 3 new records (Ctrl-C stops)") != nil)
        terminal.signal(SIGTERM)
        #expect(terminal.waitForExit(limit: 20) == 0)
        let shown = String(decoding: terminal.output, as: UTF8.self)
        // The progress line erased (\r, erase to its end), then the problem from the line's start, then its own line end.
        let problem = #"\(Ctrl-C stops\)\r\x1B\[K"# + NSRegularExpression.escapedPattern(for: log)
            + #":[0-9]+: not a record: "garbage, not a record"\r\n"#
        #expect(shown.range(of: problem, options: .regularExpression) != nil, "\(shown.debugDescription)")
        #expect(!shown.contains("1 new records") && shown.contains("followed: 3 new records"), "\(shown.debugDescription)")
    }

    /// A database path that names a directory (`--db new/`) is one line for `import`, `demo` and `auditlog FILE`,
    /// and makes no folder.
    @Test func aDatabasePathNamingADirectoryMakesNothing() throws {
        let dir = Binary.temporaryDirectory()
        let log = Self.shapes + "/zoneless.log"
        for (command, operands) in [(["import"], [log]), (["demo"], ["--requests", "5", "--no-browse"]), ([], [log])] {
            let run = try Binary.run(command + ["--db", dir + "/new/"] + operands)
            #expect(run.status == 1 && run.stderr == "auditlog: \(dir)/new/ is a directory; the database is a file\n",
                    "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/new"), "\(command) made the folder")
        }
    }

    /// On a terminal, an import says how far it is: percent of the bytes, records, rate and time left;
    /// without one it says nothing of the kind.
    @Test func progressOnATerminalOnly() throws {
        let dir = Binary.temporaryDirectory()
        var text = ""
        for n in 0..<60_000 { text += "[2025-02-01T08:00:00+00:00] controller.INFO: Record \(n) [] []\n" }
        try text.write(toFile: dir + "/big.log", atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["import", "--db", dir + "/a.db", dir + "/big.log"],
                                          environment: ["TERM": "xterm", "LANG": "C.UTF-8"])
        #expect(terminal.waitForExit(limit: 60) == 0)
        let shown = String(decoding: terminal.output, as: UTF8.self)
        #expect(shown.contains(" %") && shown.contains("records/s") && shown.contains(" s left"), "\(shown)")
        let piped = try Binary.run(["import", "--db", dir + "/b.db", dir + "/big.log"])
        #expect(!piped.stderr.contains("records/s") && piped.stdout.contains("60 000 imported"))
    }
}
