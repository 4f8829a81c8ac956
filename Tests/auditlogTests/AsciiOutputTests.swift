import Foundation
import PseudoTerminal
import Testing
import TestTools

/// The commands' own decorations (`→ · ▸ …`) on a terminal whose locale is not UTF-8 (`LANG=C`): the browser's
/// ASCII stand-ins (`->`, `|`, `>`, `...`), as its frame is drawn there; a UTF-8 terminal and a pipe (scripts) get
/// them in Unicode.
extension ProcessTests {
@Suite struct AsciiOutputTests {
    static func environment(_ lang: String) -> [String: String] {
        ["TERM": "xterm-256color", "LANG": lang, "TZ": "UTC", "HOME": NSTemporaryDirectory(), "PATH": "/usr/bin:/bin"]
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    @Test func showDrawsItsDecorationsInASCIIWhereTheLocaleIsNotUTF8() throws {
        let db = Binary.demoDatabase(requests: 50, seed: 3)
        let change = try Binary.run(["export", "--db", db, "--format", "ndjson", "--field", "name"]).stdout
        let ref = try #require(change.split(separator: "\n").first.flatMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["ref"] as? String
        })
        let arguments = ["show", "--db", db, "--utc", ref]
        func onTerminal(_ lang: String) throws -> [UInt8] {
            let terminal = try PseudoTerminal(executable: Binary.path, arguments: arguments, environment: Self.environment(lang),
                                              width: 200, height: 50)
            #expect(terminal.waitForExit(limit: 30).map { ($0 >> 8) & 0xFF } == 0)
            return terminal.output
        }
        let plain = try onTerminal("C")
        let text = String(decoding: plain, as: UTF8.self)
        #expect(Self.isASCII(plain) && text.contains("' -> '") && text.contains(" | ") && text.contains("> "), "\(text)")
        let unicode = String(decoding: try onTerminal("C.UTF-8"), as: UTF8.self)
        #expect(unicode.contains("' → '") && unicode.contains(" · ") && unicode.contains("▸"), "\(unicode)")
        // Into a pipe, whatever the locale: the bytes a script gets are the same.
        let piped = try Binary.run(arguments, environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(piped.stdout.contains("' → '") && piped.stdout.contains("▸"), "\(piped.stdout)")
    }

    /// The progress and follow lines on standard error (`following 1 file · 0 new records`) in ASCII too.
    @Test func importsFollowLineIsASCIIWhereTheLocaleIsNotUTF8() throws {
        let dir = Binary.temporaryDirectory()
        let log = dir + "/app.log"
        try "[2025-03-01T10:00:00.000000+00:00] audit.INFO: Received request to update customer {\"customer_id\":\"c-1\"} {\"uid\":\"u1\"}\n"
            .write(toFile: log, atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["import", "--follow", "--db", dir + "/audit.db", log],
                                          environment: Self.environment("C"))
        #expect(terminal.readUntil(contains: "(Ctrl-C stops)") != nil, "\(String(decoding: terminal.output, as: UTF8.self))")
        terminal.signal(SIGINT)
        _ = terminal.waitForExit(limit: 30)
        let text = String(decoding: terminal.output, as: UTF8.self)
        #expect(text.contains("following 1 file | 0 new records (Ctrl-C stops)") && !text.contains("·"), "\(text)")
    }
}
}
