import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// `t` on a record: its customer as it was at the record's time; Enter on a field lists its history; Back
/// returns through both to exactly where `t` was pressed.
@Suite struct StateScreenTests {
    /// A session on the demo with the selection on the first change of a customer's own field.
    static func onACustomerChange(width: Int = 80) throws -> (BrowserSession, AuditRecord) {
        let s = try session(width: width)
        let records = try #require(s.state.current.log?.records)
        let index = try #require(records.firstIndex {
            $0.change != nil && $0.change?.unrecordedValueClass == nil && $0.customerID != nil
        })
        for _ in 0..<index { s.keys(.character("j")) }
        return (s, records[index])
    }

    @Test func stateThenAFieldsHistoryAndBackTwice() throws {
        let (s, record) = try Self.onACustomerChange()
        let before = s.screen
        s.keys(.character("t"))
        let screen = s.screen
        #expect(screen[1].hasPrefix("Customer · ") && screen[1].contains("as of"), "\(screen[1])")
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let expected = try store.state(of: .customer, try #require(record.customerID), at: record.time)
        let field = try #require(expected.fields.first { $0.field == record.change?.field })
        // The changed field's value is the record's new value (set by this very change, or a later one that second).
        #expect(screen.contains { $0.contains(" " + field.field + " ") && $0.contains(String((field.valueLines.first ?? "?").prefix(12))) },
                "\(screen.joined(separator: "\n"))")
        #expect(screen.last?.contains("field 1 of") == true)

        // Enter on the first field: its history, filtered to that field of that customer.
        s.keys(.enter)
        let first = try #require(expected.fields.first)
        #expect(s.state.current.log?.filterText == "field:Customer.\(first.field)")
        let history = try #require(s.state.current.log?.records)
        #expect(!history.isEmpty && history.allSatisfy { $0.change?.field == first.field && $0.customerID == record.customerID })

        s.keys(.backspace)
        #expect(s.screen == screen, "back to the state screen as it was")
        s.keys(.backspace)
        #expect(s.screen == before, "back to where t was pressed")
    }

    @Test func theStateScreenAsText() throws {
        let (s, _) = try Self.onACustomerChange(width: 100)
        s.keys(.character("t"), .character("j"))
        try expectGolden(s.screen, "state-then-100")
    }

    @Test func aRecordWithoutACustomerSaysSo() throws {
        let s = try session()
        try s.selectFirst { $0.customerID == nil && $0.ownerCustomerID == nil && $0.subscriptionID == nil }
        s.keys(.character("t"))
        #expect(s.state.current.top(StateScreen.self) == nil)
        #expect(s.screen.last?.contains("names no customer or subscription") == true)
    }

    /// Narrow and ASCII terminals: the state screen holds only printable ASCII and fits.
    @Test func theStateScreenOnAnAsciiTerminalAtAnyWidth() throws {
        for width in [40, 80, 200] {
            let s = try session(width: width, glyphs: .ascii)
            let records = try #require(s.state.current.log?.records)
            let index = try #require(records.firstIndex { $0.change != nil && $0.customerID != nil })
            for _ in 0..<index { s.keys(.character("j")) }
            s.keys(.character("t"))
            let screen = s.screen
            #expect(screen.count == 24 && screen.allSatisfy { $0.count <= width }, "\(width)")
            #expect(screen.joined().unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(width)")
            #expect(screen[1].hasPrefix("Customer | "), "\(screen[1])")
        }
    }
}

/// The state screen says when and by whom each value was set at 80 columns too, with the year on every row
/// when one is not of this year (issue 20: at 80 columns it said neither).
@Suite struct StateScreenOriginTests {
    /// 2026-02-10: the demo's 2025 records are of an earlier year.
    static let nextYear = Clock.fixed(now: Timestamp(seconds: 1_767_225_600 + 86_400 * 40))

    static func stateScreen(width: Int, clock: Clock) throws -> BrowserSession {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(width: width, height: 24, clock: clock))
        s.start()
        let records = try #require(s.state.current.log?.records)
        let index = try #require(records.firstIndex {
            $0.change != nil && $0.change?.unrecordedValueClass == nil && $0.customerID != nil
        })
        for _ in 0..<index { s.keys(.character("j")) }
        s.keys(.character("t"), .character("j"))
        return s
    }

    @Test func at80ColumnsEveryFieldSaysWhenAndByWhom() throws {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for (clock, earlier) in [(testClock, false), (Self.nextYear, true)] {
            let s = try Self.stateScreen(width: 80, clock: clock)
            let fields = try #require(s.state.current.top(StateScreen.self)?.state).fields
            let screen = s.screen
            for field in fields {
                let row = try #require(screen.first { $0.hasPrefix(" " + field.field + " ") }, "\(field.field)")
                let origin = try #require(row.firstRange(of: "  set ").map { row[$0.lowerBound...].dropFirst(6) }, "\(row)")
                // `Jun  2 11:03 ` this year, `2025-06-02 11:03 ` on every row when one is of an earlier year.
                let when = earlier ? 16 : 12
                if earlier {
                    #expect(digitShape(origin.prefix(17)) == "9999-99-99 99:99 ", "\(row)")
                } else {
                    #expect(months.contains(String(origin.prefix(3)))
                            && ["99 99:99 ", " 9 99:99 "].contains(digitShape(origin.dropFirst(4).prefix(9))), "\(row)")
                }
                guard case .set(_, _, let admin, let name) = field.origin else { continue }
                let who = (name ?? admin).map { String($0.prefix { $0 != "@" }.prefix(5)) } ?? "—"
                #expect(origin.dropFirst(when + 1).hasPrefix(who), "\(row)")
            }
        }
    }

    @Test func theStateScreenAt80Columns() throws {
        try expectGolden(try Self.stateScreen(width: 80, clock: testClock).screen, "state-then-80")
        try expectGolden(try Self.stateScreen(width: 80, clock: Self.nextYear).screen, "state-then-earlier-year-80")
    }
}
