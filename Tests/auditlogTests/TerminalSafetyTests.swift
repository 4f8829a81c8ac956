import Foundation
import PseudoTerminal
import TestTools
import Testing

/// The real binary in a pseudo-terminal on a database of hostile text: whatever the records hold, the
/// bytes sent to the terminal carry no escape sequence, control or bidi character from the data.
extension ProcessTests {
@Suite struct TerminalSafetyTests {
    static let database: String = try! HostileCorpus.database()

    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": NSTemporaryDirectory()]

    /// What must hold for every byte a program wrote to the terminal.
    static func expectSafe(_ output: [UInt8], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.isEmpty, "\(what): no output", sourceLocation: sourceLocation)
        for sequence in HostileCorpus.forbidden {
            let found = output.indices.contains { start in
                start + sequence.count <= output.count && output[start] == sequence[0]
                    && output[start..<(start + sequence.count)].elementsEqual(sequence)
            }
            #expect(!found, "\(what) wrote \(String(decoding: sequence, as: UTF8.self).debugDescription) raw",
                    sourceLocation: sourceLocation)
        }
        let text = String(validating: output, as: UTF8.self)
        #expect(text != nil, "\(what) wrote invalid UTF-8", sourceLocation: sourceLocation)
        let scalars = text?.unicodeScalars ?? String(decoding: output, as: UTF8.self).unicodeScalars
        let bad = scalars.filter {
            (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value) || $0.value == 0 || $0.value == 0x200B || $0.value == 0xFEFF
        }
        #expect(bad.isEmpty, "\(what) wrote \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func browsingTheCorpusSendsNoSequenceFromTheData() throws {
        let records = HostileCorpus.items.count * 2 + 2
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", Self.database],
                                          environment: Self.environment, width: 100, height: 40, frameReports: true)
        var keys = 0
        /// A key and its answer (some keys change nothing on some records: then no frame comes).
        func press(_ key: String) {
            terminal.send(key)
            keys += key.utf8.count
            _ = terminal.waitForCompleteFrame(afterKeys: keys, limit: 1)
            terminal.drain(wait: 0.005)
        }
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 20) != nil)
        // Every record expanded (context, admin, diff), then raw, then closed.
        for index in 0..<records {
            press("\r")
            if index >= 2, index % 2 == 0 { // a field change (newest first: deep, huge, then change, plain, …)
                press("r")
                press("r")
            }
            press("\r")
            press("j")
        }
        for tab in ["2", "3", "4", "1"] { press(tab) }
        press("/")
        for character in "Q0" { press(String(character)) }
        press("\r")
        terminal.send("Q")
        #expect(terminal.waitForExit(limit: 10) == 0)
        Self.expectSafe(terminal.output, "browser")
        let shown = String(decoding: terminal.output, as: UTF8.self)
        for index in [0, 3, 5, 6, 7, 11, 12, 15] {
            #expect(shown.contains(HostileCorpus.marker(index)), "\(HostileCorpus.items[index].name) not shown")
        }
        #expect(shown.contains("Q19")) // the invalid UTF-8 message, shown with replacement characters
    }

    @Test func textExportToATerminalIsEscapedToo() throws {
        let terminal = try PseudoTerminal(executable: Binary.path,
                                          arguments: ["export", "--db", Self.database, "--format", "text"],
                                          environment: Self.environment, width: 100, height: 40)
        #expect(terminal.waitForExit(limit: 20) == 0)
        Self.expectSafe(terminal.output, "export --format text")
        let text = String(decoding: terminal.output, as: UTF8.self)
        #expect(text.contains("␛[38;5;196mQ01") && text.contains("␛]0;pwnedQ04␇") && text.contains("\\u202EQ12"))
    }

    /// CSV, JSON and NDJSON printed to a terminal show the controls of the data (an OSC 52 in a cell would
    /// write the clipboard); through a pipe they are the exact bytes the same export writes to a file.
    @Test func everyExportFormatToATerminalIsEscapedAndExactThroughAPipe() throws {
        for format in ["csv", "json", "ndjson"] {
            let arguments = ["export", "--db", Self.database, "--format", format]
            let terminal = try PseudoTerminal(executable: Binary.path, arguments: arguments,
                                              environment: Self.environment, width: 100, height: 40)
            #expect(terminal.waitForExit(limit: 20) == 0, "\(format)")
            Self.expectSafe(terminal.output, "export --format \(format)")
            #expect(!terminal.output.contains(0x1B), "\(format): an ESC byte reached the terminal")
            let shown = String(decoding: terminal.output, as: UTF8.self)
            #expect(shown.contains("Q07") && shown.contains("\\u202EQ12"), "\(format)")

            let file = Binary.temporaryDirectory() + "/export." + format
            #expect(try Binary.run(arguments + ["-o", file]).status == 0)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let piped = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(piped == (try Data(contentsOf: URL(fileURLWithPath: file))), "\(format): the pipe got other bytes")
            if format == "csv" { #expect(piped.range(of: Data("\u{1B}]52;c;cm0gLXJmIH4=\u{07}Q07".utf8)) != nil) }
        }
    }

    @Test(.requires(.tmux)) func theScreenShowsTheSequencesEscapedAndStaysAligned() throws {
        let t = try Tmux(width: 100, height: 40, command: "\(Binary.path) --db \(Self.database)")
        _ = t.waitFor("row 1 of")
        let screen = t.waitFor("Q04") // the first page fills the screen (read ahead when the terminal is larger)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(screen.contains("␛]0;pwnedQ04␇") || screen.contains("␛[38;5;196mQ01"), "\(screen)")
        // Every record row begins with its time in the same columns, and the status bar is the last line.
        // (Under 110 columns a record of another year reads `2025-02-01 08:00`, with its time of day.)
        let rows = lines[2..<39].filter { !$0.allSatisfy { $0 == " " } }
        #expect(rows.count >= 30, "\(screen)")
        for row in rows { #expect(row.dropFirst().hasPrefix("2025-02-01 ") && row.dropFirst(17).hasPrefix(" "), "\(row)") }
        #expect(lines.count >= 40 && lines[39].contains("row 1 of"), "\(screen)")
        let expanded = try t.keys("Enter", until: .changes)
        #expect(expanded.split(separator: "\n", omittingEmptySubsequences: false)[39].contains("row 1 of"), "\(expanded)")
    }
}
}
