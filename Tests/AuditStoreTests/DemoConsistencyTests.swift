import Foundation
import Testing
@testable import AuditStore

/// The demo is what a new user judges the product by: its records must agree with each other and with
/// the directory, as real ones do.
@Suite struct DemoConsistencyTests {
    static func demo() throws -> AuditStore {
        let store = try temporaryStore()
        var generator = DemoGenerator(options: .init(requests: 3_000, seed: 11, end: Timestamp(seconds: 1_751_241_600)))
        try generator.writeDirectory(to: store)
        var records: [GeneratedRecord] = []
        while let request = generator.nextRequest() { records += request }
        _ = try store.insertGenerated(records)
        try generator.writeDirectory(to: store)
        return store
    }

    @Test func eachChangeStartsWhereTheLastOneEndedAndTheDirectoryAgrees() throws {
        let store = try Self.demo()
        let changes = try store.allPages(RecordQuery(channel: "audit"), size: 500).reversed() // oldest first
        var last: [String: String] = [:] // entity + field → newest value
        var checked = 0
        for record in changes {
            guard let change = record.change, let entity = record.customerID ?? record.subscriptionID else { continue }
            let key = entity + " " + change.field
            if let previous = last[key] {
                #expect(change.old == previous, "\(key): old \(change.old ?? "NULL") after new \(previous)")
                checked += 1
            }
            last[key] = change.new ?? "NULL"
            // (A city change comes with its address's change: theAddressAndItsCityAgreeAfterEveryRequest.)
            // The address array and its city agree.
            if change.field == "billingAddress", let city = last[entity + " billingAddress.city"] {
                #expect(change.new?.contains("'city' => " + city) == true, "\(change.new ?? "")")
            }
        }
        #expect(checked > 100)
        for subscription in try store.entities(.subscription, limit: 10_000) {
            if let plan = last[subscription.id + " planName"] {
                #expect("'" + (subscription.plan ?? "") + "'" == plan, "\(subscription.id)")
            }
        }
        for customer in try store.entities(.customer, limit: 10_000) {
            if let email = last[customer.id + " billingEmail"] {
                #expect("'" + (customer.email ?? "") + "'" == email, "\(customer.id)")
            }
        }
    }

    /// Each subscription belongs to one customer: every record that names both names its owner (the tryout's
    /// demo filed one subscription under several customers, so whose log showed it depended on the order).
    @Test func eachSubscriptionBelongsToOneCustomer() throws {
        let store = try Self.demo()
        let owners = Dictionary(uniqueKeysWithValues: try store.entities(.subscription, limit: 10_000)
            .map { ($0.id, $0.customerID) })
        var named = 0
        for record in try store.allPages(RecordQuery(), size: 1_000) {
            guard let subscription = record.subscriptionID, let customer = record.customerID else { continue }
            named += 1
            #expect(owners[subscription] == customer, "\(subscription) named with \(customer), owned by \(String(describing: owners[subscription]))")
        }
        #expect(named > 50)
    }

    /// After every request, a customer's address array holds the city its billingAddress.city changes say (the
    /// tryout's "state then" showed an address in Berlin beside a city of Zürich).
    @Test func theAddressAndItsCityAgreeAfterEveryRequest() throws {
        let store = try Self.demo()
        let changes = try store.allPages(RecordQuery(channel: "audit"), size: 500).reversed() // oldest first
        var last: [String: String] = [:] // customer + field → newest value
        var compared = 0
        var request: String?? = .none
        var touched = Set<String>()
        func check() {
            for customer in touched {
                guard let city = last[customer + " billingAddress.city"], let array = last[customer + " billingAddress"]
                else { continue }
                compared += 1
                #expect(array.contains("'city' => " + city), "\(customer): city \(city), address \(array)")
            }
            touched.removeAll()
        }
        for record in changes {
            guard let change = record.change, let customer = record.customerID else { continue }
            if request != .some(record.requestUID) { check(); request = .some(record.requestUID) }
            last[customer + " " + change.field] = change.new ?? "NULL"
            touched.insert(customer)
        }
        check()
        #expect(compared > 20)
    }
}
