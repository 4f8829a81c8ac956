import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// The Customers picker of logs without a directory: each customer with the newest e-mail its changes say,
/// found by that and by earlier ones (issue 20: ids only, `/value-4626` found nothing).
@Suite struct CustomerPickerEmailTests {
    static func change(_ time: String, _ customer: String, _ old: String, _ new: String) -> String {
        "[\(time)] audit.INFO: A field on the Customer entity has been updated "
            + #"{"customer_id":"\#(customer)","field":"billingEmail","old_value":"'\#(old)'","new_value":"'\#(new)'"}"#
            + " []"
    }

    @Test func thePickerShowsEmailsAndItsFilterFindsEarlierOnes() throws {
        let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
        try importLines([
            Self.change("2025-02-01T08:00:00+00:00", "9d1c0b7e-0001", "value-4626@old.example", "billing@acme.example"),
            Self.change("2025-02-02T08:00:00+00:00", "9d1c0b7e-0002", "first@zeta.example", "accounts@zeta.example"),
        ], into: path)
        let s = try session(path: path)
        s.keys(.character("2"))
        let rows = s.screen[3...4]
        #expect(rows.contains { $0.hasPrefix(" accounts@zeta.example ") }, "\(s.screen.joined(separator: "\n"))")
        #expect(rows.contains { $0.hasPrefix(" billing@acme.example ") }, "\(s.screen.joined(separator: "\n"))")
        s.keys(.character("/"))
        s.type("value-4626")
        s.pause()
        s.keys(.enter)
        #expect(s.state.current.picker?.entities.map(\.id) == ["9d1c0b7e-0001"], "\(s.screen.joined(separator: "\n"))")
        #expect(s.screen[3].hasPrefix(" billing@acme.example "), "\(s.screen.joined(separator: "\n"))")
    }
}
