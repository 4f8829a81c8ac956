import AuditReview
import AuditStore
import Testing

/// Many customers read, on access records built by hand: one person looking at 20 different customers within an
/// hour is found (with every customer named); 19, the same customers again, looks spread over more than an hour,
/// two people sharing the count, and looks that are not at a customer are not.
struct ManyCustomersReadTests {
    static func at(_ text: String) -> Timestamp { DetectorTests.at(text) }

    /// `count` looks at customers c0, c1, … by `user`, `every` seconds apart from `start`.
    static func looks(_ user: String, from start: String, count: Int, every: Int64 = 150, first: Int = 0,
                      action: AccessAction = .view, customers: (Int) -> String = { "c\($0)" }) -> [AccessRecord] {
        (0..<count).map { n in
            AccessRecord(id: Int64(n + 1), user: user, event: AccessEvent(
                action: action, time: Timestamp(microseconds: at(start).microseconds + Int64(n) * every * 1_000_000),
                scope: .customer(customers(first + n))))
        }
    }

    static func found(_ looks: [AccessRecord], _ change: (inout ReviewSettings) -> Void = { _ in }) -> [Finding] {
        ReviewEngine.review([], looks: looks, DetectorTests.context(change)).filter { $0.kind == .manyCustomersRead }
    }

    @Test func twentyCustomersWithinAnHourByOnePerson() {
        // 20 customers 2.5 minutes apart: 47.5 minutes.
        let found = Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 20))
        #expect(found.count == 1)
        #expect(found.first?.customers == (0..<20).map { "c\($0)" } && found.first?.severity == .medium)
        #expect(found.first?.reason == "ana looked at 20 different customers between Wed 2025-03-12 14:00 and 14:47 "
            + "(20 or more within 1 hour is many customers read)", "\(found.first?.reason ?? "")")
        // Expansions, states and exports count as looks at the customer as views do.
        let mixed = Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 10) + Self.looks("ana", from: "2025-03-12T14:30:00Z",
                                                                                              count: 10, first: 10, action: .expand)
        #expect(Self.found(mixed).count == 1)
        // Sixty: high.
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 60, every: 50)).first?.severity == .high)
    }

    @Test func notNineteenNorTheSameAgainNorSpreadNorShared() {
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 19)).isEmpty)
        // 19 customers and the first one again.
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 20, customers: { "c\($0 % 19)" })).isEmpty)
        // 20 customers, the last exactly an hour after the first (3 600 s / 19 apart is 189.47 s: 190 s).
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 20, every: 190)).isEmpty)
        // Two people, ten customers each.
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 10)
            + Self.looks("bob", from: "2025-03-12T14:00:00Z", count: 10, first: 10)).isEmpty)
        // Overall views and an admin's log are not a customer's data.
        let start = Self.at("2025-03-12T14:00:00Z").microseconds
        var overall: [AccessRecord] = []
        for n in 0..<30 {
            let scope: AccessScope = n % 2 == 0 ? .overall : .admin("a\(n)")
            let time = Timestamp(microseconds: start + Int64(n) * 60_000_000)
            overall.append(AccessRecord(id: Int64(n + 1), user: "ana",
                                        event: AccessEvent(action: .view, time: time, scope: scope, filters: "customer:c\(n)")))
        }
        #expect(Self.found(overall).isEmpty)
        // Before the period: not judged.
        #expect(Self.found(Self.looks("ana", from: "2025-03-09T22:00:00Z", count: 20)).isEmpty)
        // The settings change the rule: 10 within 30 minutes.
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 10)) { $0.readMinimum = 10; $0.readWindow = 1_800 }.count == 1)
        #expect(Self.found(Self.looks("ana", from: "2025-03-12T14:00:00Z", count: 20)) { $0.disabled.insert(.manyCustomersRead) }.isEmpty)
    }
}
