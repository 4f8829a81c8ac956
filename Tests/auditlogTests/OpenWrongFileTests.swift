import Foundation
import TestTools
import Testing

/// `auditlog FILE` when the file is not what the user thought: missing, typed in the log folder as a bare name,
/// or not a log at all. Each is one line naming the file, before any terminal is taken or store made.
extension ProcessTests {
@Suite struct OpenWrongFileTests {
    /// The binary run in `directory` (a user in the log folder typing `auditlog prod.log`).
    static func run(_ arguments: [String], in directory: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A first word with a dot, a slash or a glob character is a file: missing, it is "no such file" (exit 1),
    /// as `./missing.log` is; a word like a mistyped command stays an unknown command (exit 2), naming the
    /// command it most likely meant.
    @Test func aBareFileNameIsAFileAndAMistypedCommandSaysWhichItMeant() throws {
        let dir = Binary.temporaryDirectory()
        for (word, reason) in [("missing.log", "no such file or directory"), ("./missing.log", "no such file or directory"),
                               ("prod.log.1", "no such file or directory"), ("logs/prod.log", "no such file or directory"),
                               ("prod*.log", "no file matches")] {
            let run = try Self.run([word, "--db", "a.db"], in: dir)
            #expect(run.status == 1 && run.stderr == "auditlog: \(word): \(reason)\n", "\(word): \(run.status) \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/a.db"), "\(word) made a store")
        }
        for (word, meant) in [("imprt", "import"), ("exprot", "export"), ("veryfy", "verify"), ("frobnicate", nil)] {
            let run = try Self.run([word, "--db", "a.db"], in: dir)
            #expect(run.status == 2 && run.stderr.hasPrefix("auditlog: unknown command \"\(word)\""), "\(word): \(run.stderr)")
            let guess = meant.map { "; did you mean \"\($0)\"?" }
            #expect(guess.map { run.stderr.contains($0) } ?? !run.stderr.contains("did you mean"), "\(word): \(run.stderr)")
        }
    }

    static let notALog = "not a BillaBear audit log; tried Monolog lines ([date] channel.LEVEL: message), Monolog JSON, "
        + "Elasticsearch hits, responses and _bulk, and Logstash/ECS documents (line 1: not a record: \"hello, this is not a log\")"

    /// A file that is no log, opened in the browser, is the line `import` gives it, exit 1, before the terminal is
    /// taken (nothing drawn) and before a store is made; also into a pipe, and beside a store that holds records.
    @Test(.requires(.tmux)) func aFileThatIsNoLogIsOneLineAndExitOne() throws {
        let dir = Binary.temporaryDirectory()
        try "hello, this is not a log\n".write(toFile: dir + "/notalog.txt", atomically: true, encoding: .utf8)
        let t = try Tmux(command: "\(Binary.path) --db \(dir)/t.db \(dir)/notalog.txt")
        // The line as the terminal wraps it (a space at the wrap is not kept): compared without spaces and line ends.
        let bare = { (text: String) in text.filter { $0 != " " && $0 != "\n" } }
        let screen = t.waitFor("EXITED:1")
        #expect(bare(screen).hasPrefix(bare("auditlog: \(dir)/notalog.txt: \(Self.notALog)EXITED:1")), "\(screen)")
        #expect(!screen.contains("No logs found") && !screen.contains("following"), "\(screen)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.db"), "a store was made for a file that is no log")
        let piped = try Binary.run(["--db", dir + "/t.db", dir + "/notalog.txt"])
        #expect(piped.status == 1 && piped.stdout.isEmpty, "\(piped.stdout)")
        #expect(piped.stderr == "auditlog: \(dir)/notalog.txt: \(Self.notALog)\n", "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.db"), "a store was made for a file that is no log")
        // A store that holds records changes nothing: the file named is no log.
        let db = try Binary.sampleDatabase()
        let beside = try Binary.run(["--db", db, dir + "/notalog.txt"])
        #expect(beside.status == 1 && beside.stdout.isEmpty && beside.stderr.contains("notalog.txt: not a BillaBear"),
                "\(beside.stderr)")
    }

    /// A log opened with a file that is no log: the log is opened, and the status bar names the other.
    @Test(.requires(.tmux)) func aFileThatIsNoLogBesideALogIsNamedInTheStatusBar() throws {
        let dir = Binary.temporaryDirectory()
        try "hello, this is not a log\n".write(toFile: dir + "/notalog.txt", atomically: true, encoding: .utf8)
        try "[2025-02-01T08:00:00+00:00] controller.INFO: A real record [] []\n"
            .write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        let t = try Tmux(command: "\(Binary.path) --db \(dir)/t.db \(dir)/notalog.txt \(dir)/prod.log")
        let screen = t.wait(.showsAll(["A real record", "notalog.txt: not a BillaBear audit log"]))
        #expect(screen.contains("row 1 of 1"), "\(screen)")
        try t.keys("q")
        t.waitFor("EXITED:0")
        // Into a pipe: the line on standard error, the log's record printed, exit 1.
        let piped = try Binary.run(["--db", dir + "/p.db", dir + "/notalog.txt", dir + "/prod.log"])
        #expect(piped.status == 1 && piped.stdout.contains("A real record"), "\(piped.stdout)")
        #expect(piped.stderr == "auditlog: \(dir)/notalog.txt: \(Self.notALog)\n", "\(piped.stderr)")
    }

    /// Decided: an empty file opened in the browser is a live log not written to yet (just rotated): it is
    /// followed, the status bar says so, and what it gets shows up. Into a pipe nothing is followed: it is what
    /// `import` says of an empty file, exit 1, and no store is made.
    @Test(.requires(.tmux)) func anEmptyFileIsFollowed() throws {
        let dir = Binary.temporaryDirectory()
        FileManager.default.createFile(atPath: dir + "/empty.log", contents: nil)
        let t = try Tmux(command: "\(Binary.path) --db \(dir)/t.db \(dir)/empty.log")
        t.waitFor("empty.log: empty so far; following")
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/empty.log"))
        handle.write(Data("[2025-02-01T08:00:00+00:00] controller.INFO: Logged after opening [] []\n".utf8))
        try handle.close()
        t.waitFor("1 new record — g to see them")
        try t.keys("g", until: .shows("Logged after opening"))
        try t.keys("q")
        t.waitFor("EXITED:0")
        FileManager.default.createFile(atPath: dir + "/none.log", contents: nil)
        let empty = try Binary.run(["--db", dir + "/p.db", dir + "/none.log"])
        #expect(empty.status == 1 && empty.stdout.isEmpty && empty.stderr == "auditlog: \(dir)/none.log: empty, no records to import\n",
                "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/p.db"), "a store was made for an empty file")
    }
}
}
