import Foundation
import PseudoTerminal
import TestTools
import Testing

/// The terminal always comes back, at any size and after any ending; a bad database never touches it.
extension ProcessTests {
@Suite struct TerminalRecoveryTests {
    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": NSTemporaryDirectory()]

    static let database = Binary.demoDatabase(requests: 500, seed: 9)

    func browser(width: Int = 80, height: Int = 24) throws -> PseudoTerminal {
        try PseudoTerminal(executable: Binary.path, arguments: ["--db", Self.database], environment: Self.environment,
                           width: width, height: height, frameReports: true)
    }

    @Test func badDatabasesLeaveTheTerminalUntouched() throws {
        let dir = Binary.temporaryDirectory()
        let good = try Binary.sampleDatabase()
        let truncated = dir + "/truncated.db"
        let whole = try Data(contentsOf: URL(fileURLWithPath: good))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: truncated))
        let text = dir + "/text.db"
        try String(repeating: "not a database\n", count: 300).write(toFile: text, atomically: true, encoding: .utf8)
        let other = dir + "/other.db"
        try Binary.sql(other, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
        let newer = try Binary.sampleDatabase()
        try Binary.sql(newer, "PRAGMA user_version = 99;")
        let cases = [(truncated, "not a readable auditlog database"), (text, "not a readable auditlog database"), (other, "database of another program"),
                     (newer, "newer auditlog"), (dir + "/missing.db", "no database at")]
        for (path, expected) in cases {
            let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", path],
                                              environment: Self.environment)
            let modes = terminal.modesAtStart // read later, they could already be the browser's own
            let status = terminal.waitForExit(limit: 10)
            let output = String(decoding: terminal.output, as: UTF8.self)
            #expect(status.map { ($0 >> 8) & 0xFF } == 1, "\(path): \(output)")
            #expect(output.hasPrefix("auditlog: ") && output.contains(expected), "\(path): \(output)")
            #expect(output.split(separator: "\n").count == 1, "\(path): \(output)")
            #expect(!terminal.output.contains(0x1B), "\(path): the screen was set up: \(output.debugDescription)")
            #expect(terminal.modes == modes, "\(path)")
        }
        // A name that matches nobody, in a terminal: the same one line, before the screen is set up.
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", good, "--customer", "nobody@x.example"],
                                          environment: Self.environment)
        let status = terminal.waitForExit(limit: 10)
        let output = String(decoding: terminal.output, as: UTF8.self)
        #expect(status.map { ($0 >> 8) & 0xFF } == 1, "\(output)")
        #expect(output.hasPrefix("auditlog: no customer matches \"nobody@x.example\"") && !terminal.output.contains(0x1B),
                "\(output.debugDescription)")
    }

    /// Ctrl-Z and `fg` in an interactive shell (job control needs one), then `q`: the terminal modes
    /// are the shell's while suspended and after the end, and the screen comes back after `fg`.
    @Test(.requires(.tmux, .bash)) func suspendAndResumeRestoreTheTerminal() throws {
        let dir = Binary.temporaryDirectory()
        let t = try Tmux(command: "bash --norc --noprofile -i")
        try t.type("PS1='$ '; stty -a > \(dir)/before; \(Binary.path) --db \(Self.database)\n")
        t.waitFor("row 1 of")
        try t.keys("C-z")
        #expect(t.waitFor("Stopped").contains("Stopped"))
        try t.type("stty -a > \(dir)/suspended; fg\n")
        t.wait(.showsAll(["row 1 of", "1 Overall"]))
        try t.keys("j", until: .shows("row 2 of"))
        try t.keys("q", until: .hides("1 Overall")) // the shell reads what is typed next, not the browser
        try t.type("stty -a > \(dir)/after; echo DONE\n")
        t.waitFor("DONE")
        let before = try String(contentsOfFile: dir + "/before", encoding: .utf8)
        #expect(!before.isEmpty)
        #expect(try String(contentsOfFile: dir + "/suspended", encoding: .utf8) == before)
        #expect(try String(contentsOfFile: dir + "/after", encoding: .utf8) == before)
    }

    /// A parent that ignores SIGWINCH (the disposition survives exec) must not stop resizes.
    @Test func resizesArriveEvenWhenTheParentIgnoredThem() throws {
        let terminal = try PseudoTerminal(executable: "/bin/sh",
                                          arguments: ["-c", "trap '' WINCH; exec \(Binary.path) --db \(Self.database)"],
                                          environment: Self.environment, frameReports: true)
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 10) != nil)
        terminal.resize(width: 30, height: 6)
        #expect(terminal.waitForCompleteFrame(afterKeys: 1, limit: 5) != nil)
        terminal.drain(wait: 0.05)
        #expect(String(decoding: terminal.output, as: UTF8.self).contains("too small"))
        terminal.send("Q")
        #expect(terminal.waitForExit(limit: 10) == 0)
    }

    @Test func signalsAndQuitRestoreTheTerminal() throws {
        for ending in ["q", "Q", "\u{03}", "HUP", "TERM", "INT"] {
            let terminal = try browser()
            let modes = terminal.modesAtStart // read later, they could already be the browser's own
            #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 10) != nil)
            switch ending {
            case "HUP": terminal.signal(SIGHUP)
            case "TERM": terminal.signal(SIGTERM)
            case "INT": terminal.signal(SIGINT)
            default: terminal.send(ending) // q, Q, and Ctrl-C as the key
            }
            #expect(terminal.waitForExit(limit: 10) != nil, "\(ending.debugDescription)")
            #expect(terminal.modes == modes, "\(ending.debugDescription)")
        }
    }

    @Test func everySizeAndResizesWhileExpandedOrInHelp() throws {
        let terminal = try browser()
        var keys = 0
        func press(_ key: String) {
            terminal.send(key)
            keys += 1
            _ = terminal.waitForCompleteFrame(afterKeys: keys, limit: 0.3) // nothing changes when too small
        }
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 10) != nil)
        press("\r") // an entry expanded
        let sizes = [(20, 5), (39, 7), (40, 8), (80, 24), (300, 100), (120, 10), (41, 60), (300, 5), (20, 100)]
        for (width, height) in sizes {
            terminal.resize(width: width, height: height)
            keys += 1 // the resize is read as a key
            #expect(terminal.waitForCompleteFrame(afterKeys: keys, limit: 5) != nil, "\(width)×\(height)")
            press("j")
            press("\r")
        }
        press("?") // help open while resizing
        for (width, height) in sizes.reversed().dropFirst() { // (the first is the size it has)
            terminal.resize(width: width, height: height)
            keys += 1
            #expect(terminal.waitForCompleteFrame(afterKeys: keys, limit: 5) != nil, "help at \(width)×\(height)")
        }
        terminal.resize(width: 20, height: 5)
        keys += 1
        _ = terminal.waitForCompleteFrame(afterKeys: keys, limit: 5)
        let before = terminal.output.count
        terminal.resize(width: 30, height: 6)
        keys += 1
        _ = terminal.waitForCompleteFrame(afterKeys: keys, limit: 5)
        terminal.drain(wait: 0.05)
        #expect(String(decoding: terminal.output[before...], as: UTF8.self).contains("too small"))
        terminal.send("Q")
        #expect(terminal.waitForExit(limit: 10) == 0) // alive to the end: no crash at any size
    }
}
}
