import TextCells
import Testing
@testable import AuditStore

/// The names a person types resolve as the screens show them; an unknown one is an error, not silence.
@Suite struct EntityMatchTests {
    static func store() throws -> AuditStore {
        let store = try temporaryStore()
        try store.upsertAdmin(id: "a-1", email: "ops@acme.example", name: nil)
        try store.upsertAdmin(id: "a-2", email: "ops@other.example", name: nil)
        try store.upsertAdmin(id: "a-3", email: "Jürgen.Müller@acme.example", name: nil)
        try store.upsertCustomer(id: "ac172451-fd59-456b-aa55-44f43d2bae6d", email: "billing@acme.example", name: "Acme Inc")
        try store.upsertCustomer(id: "ac1799", email: "billing@zeta.example", name: "Zeta")
        try store.importText([
            monologLine("2025-02-01T08:00:00+00:00", "A field on the Customer entity has been updated", channel: "audit",
                        context: #"{"customer_id":"ac172451-fd59-456b-aa55-44f43d2bae6d","field":"billingEmail","old_value":"'Old.Address@acme.example'","new_value":"'billing@acme.example'"}"#),
            monologLine("2025-02-01T08:00:01+00:00", "Received request", context: #"{"subscription_id":"5b0e7c1d-aaaa"}"#),
        ].joined(separator: "\n"))
        return store
    }

    func id(_ match: EntityMatch) -> String? {
        if case .one(let entity) = match { return entity.id }
        return nil
    }

    @Test func adminsByEmailShortNameOrId() throws {
        let store = try Self.store()
        #expect(id(try store.match(.admin, "OPS@ACME.EXAMPLE")) == "a-1")
        #expect(id(try store.match(.admin, "a-3")) == "a-3")
        #expect(id(try store.match(.admin, "jürgen.müller")) == "a-3")
        // Two admins are "ops": say so, with both.
        guard case .several(let both) = try store.match(.admin, "ops") else { Issue.record("not ambiguous"); return }
        #expect(Set(both.map(\.id)) == ["a-1", "a-2"])
        let problem = try store.match(.admin, "ops").problem(.admin, "ops") ?? ""
        #expect(problem.hasPrefix("\"ops\" matches 2 billing admins: "), "\(problem)")
        #expect(problem.contains("ops@acme.example (a-1)") && problem.contains("ops@other.example (a-2)"), "\(problem)")
    }

    @Test func customersByEmailEarlierEmailNameOrIdPrefix() throws {
        let store = try Self.store()
        let acme = "ac172451-fd59-456b-aa55-44f43d2bae6d"
        #expect(id(try store.match(.customer, "Billing@Acme.Example")) == acme)
        #expect(id(try store.match(.customer, "old.address@acme.example")) == acme, "an earlier email")
        #expect(id(try store.match(.customer, "acme inc")) == acme)
        #expect(id(try store.match(.customer, "ac1724")) == acme, "a unique id prefix")
        guard case .several = try store.match(.customer, "ac17") else { Issue.record("ac17 is not ambiguous?"); return }
    }

    @Test func subscriptionsByIdOrPrefix() throws {
        let store = try Self.store()
        #expect(id(try store.match(.subscription, "5b0e7c1d-aaaa")) == "5b0e7c1d-aaaa")
        #expect(id(try store.match(.subscription, "5B0E")) == "5b0e7c1d-aaaa")
    }

    /// An id prefix shorter than four characters names nothing, but says so and which ids it starts.
    @Test func shortIdPrefixesSayWhyAndWhich() throws {
        let store = try Self.store()
        try store.upsertCustomer(id: "27147da4-0001", email: "solo@x.example", name: nil)
        try store.upsertCustomer(id: "77b10000-0001", email: nil, name: nil)
        try store.upsertCustomer(id: "77b90000-0002", email: "two@x.example", name: nil)
        let one = try store.match(.customer, "271")
        guard case .tooShort(let only) = one else { Issue.record("271: \(one)"); return }
        #expect(only.map(\.id) == ["27147da4-0001"])
        #expect(one.problem(.customer, "271") == "\"271\" is too short for an id prefix (4 characters or more); "
            + "one customer's id starts with it: solo@x.example (27147da4-0001)")
        let two = try store.match(.customer, "77B")
        #expect(two.problem(.customer, "77B") == "\"77B\" is too short for an id prefix (4 characters or more); "
            + "2 customers' ids start with it: two@x.example (77b90000-0002), 77b10000-0001")
        #expect(id(try store.match(.customer, "2714")) == "27147da4-0001")
    }

    @Test func unknownNamesSayWhatIsClose() throws {
        let store = try Self.store()
        let match = try store.match(.customer, "biling@acme.example")
        guard case .none(let closest) = match else { Issue.record("matched: \(match)"); return }
        #expect(closest.map(\.email) == ["billing@acme.example"])
        #expect(match.problem(.customer, "biling@acme.example")
            == "no customer matches \"biling@acme.example\" (closest: billing@acme.example)")
        #expect(try store.match(.admin, "nobody@x.example").problem(.admin, "nobody@x.example")
            == "no billing admin matches \"nobody@x.example\"")
        // Queries by an unknown name match nothing (and never a record of someone else).
        #expect(try store.page(of: RecordQuery(customer: "nobody@x.example"), from: .newest, limit: 10).isEmpty)
        // A resolved name reads the right log.
        #expect(try store.page(of: RecordQuery(customer: "old.address@acme.example"), from: .newest, limit: 10).count == 1)
    }
}
