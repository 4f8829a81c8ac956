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
            // A city change moves the address array's city with it.
            if change.field == "billingAddress.city", let array = last[entity + " billingAddress"],
               let old = change.old, let new = change.new {
                last[entity + " billingAddress"] = array.replacingOccurrences(of: "'city' => " + old, with: "'city' => " + new)
            }
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
}
