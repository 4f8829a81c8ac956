@testable import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Who looked (`A`, reviewers) in the browser: the looks at the selected record's customer, newest first, a line
/// each; the selection a reverse band over its whole row, the other rows plain; moving keys; the status; a
/// customer nobody looked at says so.
@Suite struct AccessScreenTests {
    /// A copy of the demo with three looks at the customer of a record of the newest screenful.
    static func looked() throws -> (path: String, customer: String) {
        let (path, store, newest) = try writableDemo(newest: 20)
        let record = try #require(newest.first { $0.customerID != nil })
        let customer = try #require(record.ownerCustomerID ?? record.customerID)
        let base = testClock.now.microseconds - 86_400_000_000
        for (minutes, user, action, count) in [(0, "ana", AccessAction.view, nil), (5, "bob", .export, 12), (9, "ana", .expand, nil)] {
            let event = AccessEvent(action: action, time: Timestamp(microseconds: base + Int64(minutes) * 60_000_000),
                                    scope: .customer(customer), filters: minutes == 0 ? "level:warning" : "", count: count,
                                    file: count == nil ? nil : "/home/bob/c.csv", record: action == .expand ? record.ref.text : nil)
            _ = try store.addAccess(event, user: user)
        }
        return (path, customer)
    }

    @Test func theLooksAtTheRecordsCustomerNewestFirstWithTheSelectionBanded() throws {
        let (path, customer) = try Self.looked()
        let s = try session(width: 80, height: 24, path: path)
        try s.selectFirst { ($0.ownerCustomerID ?? $0.customerID) == customer }
        s.keys(.character("A"))
        try expectGolden(s.screen, "who-looked-80x24")
        let rows = try #require(s.screen.firstIndex { $0.contains("  ana  expand") })
        #expect(s.screen[rows + 1].contains("  bob  export  12 records") && s.screen[rows + 2].contains("  ana  view  level:warning"))
        #expect(s.screen.last?.contains("look 1 of 3") == true, "\(s.screen.last ?? "")")
        func banded(_ y: Int) -> Bool { let grid = s.grid; return (0..<grid.width).allSatisfy { grid[$0, y].style == Theme.selected } }
        func plain(_ y: Int) -> Bool { let grid = s.grid; return (0..<grid.width).allSatisfy { grid[$0, y].style == Style() } }
        #expect(banded(rows) && plain(rows + 1) && plain(rows + 2))
        s.keys(.character("j"))
        #expect(plain(rows) && banded(rows + 1) && s.screen.last?.contains("look 2 of 3") == true)
        s.keys(.character("G"))
        #expect(banded(rows + 2) && s.screen.last?.contains("look 3 of 3") == true)
        s.keys(.character("g"))
        #expect(banded(rows))
    }

    @Test func aCustomerNobodyLookedAtSaysSo() throws {
        let s = try session(width: 80, height: 24)
        try s.selectFirst { $0.customerID != nil }
        s.keys(.character("A"))
        #expect(s.screen.contains { $0.hasPrefix(" No recorded looks: the shared server records who looked") }, "\(s.screen.joined(separator: "\n"))")
        #expect(s.screen.last?.contains("No recorded looks (they are recorded on the shared server)") == true)
    }
}
