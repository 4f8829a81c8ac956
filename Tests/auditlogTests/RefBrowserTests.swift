@testable import AuditBrowser
import AuditStore
import Foundation
import PseudoTerminal
import TestTools
import Testing

/// `auditlog REF` on a terminal, and the bytes `y` and `Y` send: OSC 52 with the base64 of exactly the text,
/// nothing else added; nothing when turned off or when standard output is not a terminal.
extension ProcessTests {
@Suite struct RefBrowserTests {
    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": NSTemporaryDirectory()]

    /// The sample store and one of its field changes of a customer (with an admin).
    static func sample() throws -> (db: String, record: AuditRecord) {
        let db = try Binary.sampleDatabase()
        let store = try AuditStore(path: db, mode: .readOnly)
        let record = try #require(try store.page(of: RecordQuery(channel: "audit"), from: .newest, limit: 50)
            .first { $0.change != nil && $0.ownerCustomerID != nil && $0.adminName != nil })
        return (db, record)
    }

    /// Every OSC 52 in the bytes: what its base64 decodes to (nil: not base64), each ended by BEL.
    static func clipboardTexts(_ output: [UInt8]) -> [String?] {
        let start = Array("\u{1B}]52;c;".utf8)
        var found: [String?] = []
        var index = 0
        while index + start.count <= output.count {
            guard output[index..<(index + start.count)].elementsEqual(start) else { index += 1; continue }
            let payloadStart = index + start.count
            guard let end = output[payloadStart...].firstIndex(of: 0x07) else { found.append(nil); break }
            let payload = Array(output[payloadStart..<end])
            let isBase64 = payload.allSatisfy { $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || (0x30...0x39).contains($0)
                || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
            found.append(isBase64 ? Data(base64Encoded: Data(payload)).map { String(decoding: $0, as: UTF8.self) } : nil)
            index = end + 1
        }
        return found
    }

    /// A key, and the frame it changes (a key that changes nothing on screen, or quits, draws none).
    static func press(_ terminal: PseudoTerminal, _ key: String, keys: inout Int, redraws: Bool = true) {
        terminal.send(key)
        keys += key.utf8.count
        if redraws {
            #expect(terminal.waitForCompleteFrame(afterKeys: keys, limit: 30) != nil, "a frame after \(key.debugDescription)")
        }
    }

    @Test func yAndCapitalYSendExactlyTheTextAsOSC52() throws {
        let (db, record) = try Self.sample()
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", db, "--utc", String(record.ref.compact.prefix(8))],
                                          environment: Self.environment, width: 80, height: 30, frameReports: true)
        var keys = 0
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 30) != nil)
        #expect(Self.clipboardTexts(terminal.output).isEmpty, "nothing before a key")
        Self.press(terminal, "y", keys: &keys)
        Self.press(terminal, "Y", keys: &keys)
        Self.press(terminal, "Q", keys: &keys, redraws: false)
        #expect(terminal.waitForExit(limit: 30) == 0)
        terminal.drain(wait: 0.1)
        let clock = Clock.system(utc: true)
        let store = try AuditStore(path: db, mode: .readOnly)
        let request = try store.page(of: RecordQuery(request: record.requestUID), from: .oldest, limit: 50).reversed()
        let expansion = RecordText.expansion(record, request: Array(request), clock: clock, width: 80).joined(separator: "\n") + "\n"
        let summary = RecordText.summary(record, clock: clock)
        #expect(summary.hasPrefix(record.ref.text + " 2025-") && summary.contains(" UTC \(record.adminName ?? "?") "), "\(summary)")
        #expect(Self.clipboardTexts(terminal.output) == [summary, expansion])
        // No other sequence of the kind: exactly the two, each one OSC 52 and BEL.
        let oscs = terminal.output.indices.filter { terminal.output[$0] == 0x1B && $0 + 1 < terminal.output.count && terminal.output[$0 + 1] == 0x5D }
        #expect(oscs.count == 2, "OSC sequences sent: \(oscs.count)")
    }

    @Test(arguments: [(["--no-clipboard"], [String: String]()), ([], ["AUDITLOG_CLIPBOARD": "0"])])
    func turnedOffNothingIsSentAndYShowsTheReference(flags: [String], environment: [String: String]) throws {
        let (db, record) = try Self.sample()
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--db", db, record.ref.text] + flags,
                                          environment: Self.environment.merging(environment) { $1 }, width: 100, height: 30,
                                          frameReports: true)
        var keys = 0
        #expect(terminal.waitForCompleteFrame(afterKeys: 0, limit: 30) != nil)
        let before = terminal.output.count
        Self.press(terminal, "y", keys: &keys)
        #expect(terminal.readUntil(contains: "(clipboard off: copy it from here)", from: before, limit: 10) != nil)
        #expect(terminal.readUntil(contains: record.ref.text, from: before, limit: 10) != nil)
        Self.press(terminal, "Y", keys: &keys, redraws: false) // the same notice again
        Self.press(terminal, "Q", keys: &keys, redraws: false)
        #expect(terminal.waitForExit(limit: 30) == 0)
        #expect(!String(decoding: terminal.output, as: UTF8.self).contains("\u{1B}]52"))
    }

    @Test func neverSentWhenStandardOutputIsNotATerminal() throws {
        let (db, record) = try Self.sample()
        let out = Binary.temporaryDirectory() + "/out.txt"
        // A terminal for keys, a file for output: the record is printed as text, and no key is read.
        let terminal = try PseudoTerminal(executable: "/bin/sh", arguments: ["-c", "'\(Binary.path)' --db '\(db)' \(record.ref.text) > '\(out)'; echo done $?"],
                                          environment: Self.environment)
        terminal.send("yY")
        #expect(terminal.readUntil(contains: "done 0", limit: 30) != nil, "\(String(decoding: terminal.output, as: UTF8.self))")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("    Reference  \(record.ref.text)") && !written.contains("\u{1B}"))
        #expect(!String(decoding: terminal.output, as: UTF8.self).contains("\u{1B}]52"))
    }

    @Test(.requires(.tmux)) func aReferenceOpensItsRecordInItsCustomersLogAndBackGoesToOverall() throws {
        let (db, record) = try Self.sample()
        let t = try Tmux(width: 100, height: 30, command: "\(Binary.path) browse \(record.ref.text.uppercased()) --db \(db)")
        let screen = t.wait(.showsAll(["Customer · ", "    Reference  \(record.ref.text)"]), settled: true)
        #expect(screen.contains("Change  \(record.change?.field ?? "?")"), "\(screen)")
        try t.keys("q", until: .hides("Reference  "), settled: true) // closes the expansion
        try t.keys("q", until: .shows("All records"), settled: true)
        try t.keys("Q")
        t.waitFor("EXITED:0", seconds: 30)
    }
}
}
