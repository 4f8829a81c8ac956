import Foundation
import PseudoTerminal
import Testing

/// A locale without UTF-8 (`LANG=C`: an SSH client that sends no `LC_*`, cron, containers): ncurses
/// cannot send a non-ASCII character there and would drop it. The browser draws in ASCII, and every
/// character from the data that is not ASCII is shown as an escape, never lost. Run against the release
/// binary in CI too.
extension ProcessTests {
@Suite struct LocaleTests {
    static let database = Binary.demoDatabase(requests: 500, seed: 9)

    static func environment(_ locale: [String: String]) -> [String: String] {
        ["TERM": "xterm-256color", "TZ": "UTC", "HOME": NSTemporaryDirectory()].merging(locale) { $1 }
    }

    /// Browses: the first screen, expanded records, the admins picker and an admin's log.
    func browse(_ locale: [String: String], arguments: [String] = []) throws -> [UInt8] {
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", Self.database] + arguments,
                                          environment: Self.environment(locale), width: 140, height: 40,
                                          frameReports: true)
        var keys = 0
        func press(_ key: String) {
            terminal.send(key)
            keys += 1
            _ = terminal.waitForCompleteFrame(afterKeys: keys, limit: 1)
        }
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 20) != nil)
        for _ in 0..<6 { press("\r"); press("\r"); press("j") }
        press("4")
        press("/")
        for character in "jur" { press(String(character)) }
        press("\r")
        press("\r") // the admin's log
        press("\r") // a record expanded
        terminal.drain(wait: 0.05)
        terminal.send("Q")
        #expect(terminal.waitForExit(limit: 10) == 0)
        return terminal.output
    }

    @Test(arguments: [["LANG": "C"], ["LC_ALL": "POSIX"], ["LANG": "en_US.UTF-8", "LC_ALL": "C"]])
    func aLocaleWithoutUTF8GetsASCIIAndEscapes(_ locale: [String: String]) throws {
        let output = try browse(locale)
        let high = output.filter { $0 >= 0x80 }
        #expect(high.isEmpty, "\(locale): \(high.count) bytes beyond ASCII were sent")
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("j\\u00FCrgen"), "\(locale): the admin's ü is not shown as an escape")
        #expect(text.contains("auditlog | UTC"), "\(locale): the frame is not ASCII")
    }

    /// `--utf8` and `AUDITLOG_UTF8=1`: "my terminal does UTF-8 anyway" — UTF-8 goes out whatever the locale.
    @Test func theUserCanSayTheTerminalDoesUTF8() throws {
        for (locale, arguments) in [(["LANG": "C"], ["--utf8"]), (["LC_ALL": "POSIX", "AUDITLOG_UTF8": "1"], [])] {
            let text = String(decoding: try browse(locale, arguments: arguments), as: UTF8.self)
            #expect(text.contains("jürgen"), "\(locale) \(arguments)")
            #expect(text.contains("auditlog · UTC"), "\(locale) \(arguments)")
        }
    }

    /// A UTF-8 locale keeps Unicode; `--ascii` asks for ASCII anyway.
    @Test func aUTF8LocaleKeepsUnicodeUnlessAskedForASCII() throws {
        let unicode = String(decoding: try browse(["LANG": "C.UTF-8"]), as: UTF8.self)
        #expect(unicode.contains("jürgen"))
        let ascii = try browse(["LANG": "C.UTF-8"], arguments: ["--ascii"])
        #expect(!ascii.contains(where: { $0 >= 0x80 }))
    }

    /// An unknown TERM: one line and exit 1, not ncurses' own message; `TERM=dumb` (no cursor movement,
    /// as in an editor's shell) prints the records as text.
    @Test func unknownAndDumbTerminals() throws {
        let unknown = try PseudoTerminal(executable: Binary.path, arguments: ["--db", Self.database],
                                         environment: Self.environment(["LANG": "C.UTF-8", "TERM": "no-such-terminal"]))
        let status = unknown.waitForExit(limit: 10)
        let message = String(decoding: unknown.output, as: UTF8.self)
        #expect(status.map { ($0 >> 8) & 0xFF } == 1, "\(message)")
        #expect(message.hasPrefix("auditlog: unknown terminal type TERM=no-such-terminal"), "\(message)")
        #expect(message.split(separator: "\n").count == 1, "\(message)")
        #expect(!unknown.output.contains(0x1B))
        let dumb = try PseudoTerminal(executable: Binary.path, arguments: ["--db", Self.database],
                                      environment: Self.environment(["LANG": "C.UTF-8", "TERM": "dumb"]))
        #expect(dumb.waitForExit(limit: 20) == 0)
        let text = String(decoding: dumb.output, as: UTF8.self)
        #expect(!dumb.output.contains(0x1B), "TERM=dumb got escape sequences")
        #expect(text.hasPrefix("2025-") && text.contains(" Received request"), "TERM=dumb printed no records")
    }
}
}
