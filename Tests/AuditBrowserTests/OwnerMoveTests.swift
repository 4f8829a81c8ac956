import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// A browser following a customer's log while an import decides a subscription's owner anew (the newest
/// record naming a customer): the subscription's records show in the new owner's log and leave the old one's.
@Suite struct OwnerMoveTests {
    static func line(_ time: String, _ message: String, _ context: String) -> String {
        "[2025-02-0\(time)+00:00] controller.INFO: \(message) \(context) []"
    }

    static let older = [
        line("1T09:00:00", "Received request to update subscription", #"{"subscription_id":"sub-1","customer_id":"cus-a"}"#),
        line("1T09:01:00", "Seats raised", #"{"subscription_id":"sub-1"}"#),
        line("2T10:00:00", "Plan changed", #"{"subscription_id":"sub-1"}"#),
        line("2T12:00:00", "Customer updated", #"{"customer_id":"cus-b"}"#),
    ]
    /// A newer log names cus-b for sub-1: its records that name no customer are cus-b's from now on.
    static let newer = [
        line("3T10:00:00", "Received request to transfer subscription", #"{"subscription_id":"sub-1","customer_id":"cus-b"}"#),
    ]

    func following(_ customer: String, _ path: String) throws -> BrowserSession {
        let store = try AuditStore(path: path, mode: .readOnly)
        let session = BrowserSession(source: store, state: BrowserState(width: 100, height: 12, clock: testClock))
        session.start(open: (.customer, customer))
        session.follow()
        return session
    }

    func messages(_ s: BrowserSession) -> [String] {
        (s.state.current.log?.records ?? []).map(\.message)
    }

    @Test func theMovedRecordsShowInTheNewOwnersLogAndLeaveTheOld() throws {
        let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
        try importLines(Self.older, into: path)
        let a = try following("cus-a", path), b = try following("cus-b", path)
        #expect(messages(a) == ["Plan changed", "Seats raised", "Received request to update subscription"])
        #expect(messages(b) == ["Customer updated"])

        a.keys(.character("j")) // "Seats raised" selected: it is about to leave cus-a's log

        try importLines(Self.newer, into: path)
        for s in [a, b] { s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000)) }
        // cus-b's log, read at its newest: the new record and the two that joined it, older than the one it
        // showed; its count whole.
        #expect(messages(b) == ["Received request to transfer subscription", "Customer updated", "Plan changed", "Seats raised"],
                "\(b.screen.joined(separator: "\n"))")
        #expect(b.screen.last?.contains("row 1 of 4") == true, "\(b.screen.last ?? "")")
        // cus-a's log, read again where it was: the two records it lost are no longer shown, the selection on
        // the next older one, and its count says so.
        #expect(messages(a) == ["Received request to update subscription"], "\(a.screen.joined(separator: "\n"))")
        #expect(a.screen.last?.contains("row 1 of 1") == true, "\(a.screen.last ?? "")")
    }
}
