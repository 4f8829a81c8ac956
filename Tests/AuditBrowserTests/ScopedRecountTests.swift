import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Browsers following a store while an import learns a subscription's customer: the subscription's earlier
/// records join that customer's log, so its views count again from nothing; Overall (and every view that
/// names no customer, or another one) goes on from its last count — on 10 M records, 20 browsers counting
/// Overall whole at once is what made keys wait.
@Suite struct ScopedRecountTests {
    static func line(_ time: String, _ message: String, _ context: String) -> String {
        "[2025-02-0\(time)+00:00] controller.INFO: \(message) \(context) []"
    }

    static let older = [
        line("1T09:00:00", "Seats raised", #"{"subscription_id":"sub-1"}"#),
        line("1T09:01:00", "Plan changed", #"{"subscription_id":"sub-1"}"#),
        line("2T12:00:00", "Customer updated", #"{"customer_id":"cus-a"}"#),
        line("2T13:00:00", "Customer updated", #"{"customer_id":"cus-b"}"#),
    ]
    /// Names sub-1's customer: its two earlier records move into cus-a's log.
    static let newer = [
        line("3T10:00:00", "Received request to update subscription", #"{"subscription_id":"sub-1","customer_id":"cus-a"}"#),
    ]

    func following(_ customer: String?, _ path: String) throws -> BrowserSession {
        let store = try AuditStore(path: path, mode: .readOnly)
        let session = BrowserSession(source: store, state: BrowserState(width: 100, height: 12, clock: testClock))
        if let customer { session.start(open: (.customer, customer)) } else { session.start() }
        session.follow()
        return session
    }

    func query(_ s: BrowserSession) throws -> RecordQuery { try #require(s.state.current.log?.query) }

    @Test func onlyTheViewsOfTheCustomerWhoseRecordsMovedCountWhole() throws {
        let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
        _ = try importLines(Self.older, into: path)
        let overall = try following(nil, path), a = try following("cus-a", path), b = try following("cus-b", path)
        let browsers = [overall, a, b]
        for s in browsers { #expect(try s.wholeCounts(of: query(s)) == 1) }
        #expect(overall.screen.last?.contains("of 4") == true, "\(overall.screen.last ?? "")")
        #expect(a.screen.last?.contains("of 1") == true, "\(a.screen.last ?? "")")

        _ = try importLines(Self.newer, into: path)
        for s in browsers { s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000)) }
        // Overall and cus-b went on from their counts (one new record, none for cus-b) ...
        #expect(overall.screen.last?.contains("of 5") == true, "\(overall.screen.last ?? "")")
        #expect(try overall.wholeCounts(of: query(overall)) == 1)
        #expect(try b.wholeCounts(of: query(b)) == 1)
        // ... cus-a's log, which two older records joined, counted whole: the new record and the moved ones.
        #expect(a.screen.last?.contains("of 4") == true, "\(a.screen.last ?? "")")
        #expect(try a.wholeCounts(of: query(a)) == 2)
    }
}
