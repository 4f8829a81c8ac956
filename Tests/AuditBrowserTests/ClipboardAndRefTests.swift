import AuditStore
import Testing
@testable import AuditBrowser

/// `y` and `Y` hand text to the terminal adapter (OSC 52 is its business) and say so; off, `y` shows the
/// reference. A browser opened on a reference shows that record, selected and expanded, in its customer's log.
@Suite struct ClipboardAndRefTests {
    static func onACustomerChange(_ s: BrowserSession) throws -> AuditRecord {
        s.keys(.character("/"))
        s.type("channel:audit billingEmail")
        s.keys(.enter)
        return try #require(s.state.current.log?.selectedRecord)
    }

    @Test func yCopiesTheReferenceAndAOneLineSummary() throws {
        let s = try session()
        let record = try Self.onACustomerChange(s)
        s.keys(.character("y"))
        let copied = s.takeClipboard()
        let change = try #require(record.change)
        let expected = "\(record.ref.text) \(testClock.localText(record.time, seconds: false)) UTC sam.support@acme.example "
            + "Customer.billingEmail \(change.old ?? "") → \(change.new ?? "")"
        #expect(copied == [expected])
        #expect(s.state.notice == "\(record.ref.text) and its summary sent to the terminal's clipboard (OSC 52)")
        #expect(s.screen.last?.hasPrefix(" \(record.ref.text) and its summary sent to the terminal's clipboard (OSC 52)") == true,
                "\(s.screen.last ?? "")")
        #expect(s.takeClipboard() == [], "sent once")
    }

    @Test func capitalYCopiesTheRecordAndItsWholeExpansion() throws {
        let s = try session()
        let record = try Self.onACustomerChange(s)
        s.keys(.enter) // its request is read for the expansion
        s.keys(.character("Y"))
        let copied = try #require(s.takeClipboard().first)
        let lines = copied.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == RecordLine.text(record, customerLabel: record.customerLabel, clock: testClock))
        #expect(lines.contains("    Reference  \(record.ref.text)"))
        #expect(lines.contains("    Request  8115f62 · 4 records in this request"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("      + accounts+60@") })
        #expect(copied.hasSuffix("\n") && !copied.contains("\u{1B}"))
        #expect(s.state.notice == "The record and its expansion (\(lines.count - 1) lines) sent to the terminal's clipboard (OSC 52)")
    }

    @Test func withTheClipboardOffYShowsTheReferenceAndSendsNothing() throws {
        var state = BrowserState(width: 80, height: 24, clock: testClock)
        state.clipboard = false
        let off = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly), state: state)
        off.start()
        let record = try Self.onACustomerChange(off)
        off.keys(.character("y"))
        off.keys(.character("Y"))
        #expect(off.takeClipboard() == [])
        #expect(off.state.notice == "Reference \(record.ref.text) (clipboard off: copy it from here)")
    }

    @Test func theKeysAreInTheHelp() throws {
        let s = try session(width: 100, height: 80)
        s.keys(.character("?"))
        let text = s.screen.joined(separator: "\n")
        #expect(text.contains("y  copy the record's reference and a one-line summary"), "\(text)")
        #expect(text.contains("Y  copy the record and its whole expansion as text"), "\(text)")
    }

    @Test func openedOnAReferenceInItsCustomersLogSelectedAndExpanded() throws {
        let finder = try session()
        let record = try Self.onACustomerChange(finder)
        let s = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly),
                               state: BrowserState(width: 80, height: 24, clock: testClock))
        s.start(at: record)
        #expect(s.state.tab == .customers)
        let log = try #require(s.state.current.log)
        #expect(log.selectedRecord?.id == record.id && log.expanded.contains(record.id))
        #expect(s.screen.contains("    Reference  \(record.ref.text)"), "\(s.screen.joined(separator: "\n"))")
        #expect(s.screen[1].hasPrefix("Customer · "), "\(s.screen[1])")
        s.keys(.backspace) // closes the expansion
        s.keys(.backspace) // back to the overall log
        #expect(s.state.tab == .overall && s.screen[1].hasPrefix("All records"), "\(s.screen[1])")
    }

    @Test func aRecordOfNoCustomerOpensInTheOverallLog() throws {
        let finder = try session()
        let record = try finder.selectFirst { $0.ownerCustomerID == nil && $0.customerID == nil }
        let s = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly),
                               state: BrowserState(width: 80, height: 24, clock: testClock))
        s.start(at: record)
        #expect(s.state.tab == .overall && s.state.current.log?.selectedRecord?.id == record.id)
        #expect(s.state.current.log?.expanded.contains(record.id) == true)
    }
}
