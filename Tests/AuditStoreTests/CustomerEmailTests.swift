import Testing
@testable import AuditStore

/// A customer the logs name only by id is listed with the newest e-mail its `billingEmail` changes say, and
/// found by that one and every earlier one (issue 20: the picker showed ids only, `/value-4626` found nothing
/// though `--customer value-4626@…` worked).
@Suite struct CustomerEmailTests {
    static let customer = "5f3c8a2e-4626-4d0b-9a51-0c2f7d9e1b11"

    static func change(_ time: String, _ old: String, _ new: String, customer: String = customer) -> String {
        monologLine(time, "A field on the Customer entity has been updated", channel: "audit",
                    context: #"{"customer_id":"\#(customer)","field":"billingEmail","old_value":"'\#(old)'","new_value":"'\#(new)'"}"#)
    }

    /// Two logs: the older one changes the address twice, the newer once more; another customer beside.
    static let older = [
        change("2025-02-01T08:00:00+00:00", "value-4626@old.example", "second@acme.example"),
        change("2025-02-03T08:00:00+00:00", "second@acme.example", "third@acme.example"),
        change("2025-02-02T08:00:00+00:00", "a@other.example", "b@other.example", customer: "c-other"),
    ].joined(separator: "\n")
    static let newer = [
        change("2025-03-01T09:30:00+00:00", "third@acme.example", "Newest@acme.example"),
        monologLine("2025-03-02T10:00:00+00:00", "Received request to update customer",
                    context: #"{"customer_id":"\#(customer)"}"#),
    ].joined(separator: "\n")

    func email(_ store: AuditStore, _ id: String = customer) throws -> String? {
        try store.entities(.customer).first { $0.id == id }?.email
    }

    @Test func thePickerShowsTheNewestEmailInAnyImportOrder() throws {
        for order in [[Self.older, Self.newer], [Self.newer, Self.older]] {
            let store = try temporaryStore()
            for text in order { try store.importText(text) }
            #expect(try email(store) == "Newest@acme.example", "\(order.map(\.count))")
            #expect(try email(store, "c-other") == "b@other.example")
            // The label the logs' rows show is that address too.
            let page = try store.page(of: RecordQuery(customer: Self.customer), from: .newest, limit: 10)
            #expect(page.count == 4 && page.allSatisfy { $0.customerLabel == "Newest@acme.example" })
        }
    }

    @Test func thePickersFilterFindsTheNewestAndEveryEarlierEmail() throws {
        let store = try temporaryStore()
        try store.importText(Self.older)
        try store.importText(Self.newer)
        for text in ["value-4626", "VALUE-4626@OLD", "second@", "third", "newest@acme"] {
            #expect(try store.entities(.customer, matching: text).map(\.id) == [Self.customer], "\(text)")
            #expect(try store.entityCount(.customer, matching: text) == 1, "\(text)")
        }
        #expect(try store.entities(.customer, matching: "other.example").map(\.id) == ["c-other"])
        #expect(try store.entities(.customer, matching: "nobody").isEmpty)
        // The name a person types resolves by the newest address as it does by the earlier ones.
        guard case .one(let entity) = try store.match(.customer, "newest@acme.example") else {
            Issue.record("no match"); return
        }
        #expect(entity.id == Self.customer && entity.email == "Newest@acme.example")
    }

    /// The directory's address (`import --customers`) shows when the logs name none.
    @Test func theDirectoryFillsInWhenTheLogsNameNoAddress() throws {
        let store = try temporaryStore()
        try store.upsertCustomer(id: "c-directory", email: "listed@acme.example", name: "Listed")
        try store.importText(Self.older)
        #expect(try email(store, "c-directory") == "listed@acme.example")
        #expect(try store.entities(.customer, matching: "listed@").map(\.id) == ["c-directory"])
    }

    /// A store of the layout before (schema 5) learns the addresses of the changes it holds when upgraded.
    @Test func anUpgradedStoreLearnsTheAddressesItHolds() throws {
        let directory = temporaryDirectory()
        let path = directory + "/audit.db"
        do {
            let store = try AuditStore(path: path, mode: .readWrite)
            try store.importText(Self.older)
            try store.importText(Self.newer)
            try store.write { db in try db.execute("""
                DROP TABLE customer_emails;
                ALTER TABLE customers DROP COLUMN log_email;
                ALTER TABLE customers DROP COLUMN log_email_us;
                PRAGMA user_version = 5
                """) }
        }
        #expect(throws: StoreError.self) { try AuditStore(path: path, mode: .readOnly) }
        _ = try AuditStore(path: path, mode: .readWrite)
        let store = try AuditStore(path: path, mode: .readOnly)
        #expect(try email(store) == "Newest@acme.example")
        #expect(try store.entities(.customer, matching: "value-4626").map(\.id) == [Self.customer])
    }
}
