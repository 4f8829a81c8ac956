import TextCells
import Foundation
import Testing
@testable import AuditStore

/// `state`: an entity's fields as of a moment, from its changes, inventing nothing.
@Suite struct EntityStateTests {
    static func at(_ minute: Int, _ second: Int = 0) -> String {
        "2025-03-01T10:\(String(format: "%02d", minute)):\(String(format: "%02d", second))+00:00"
    }

    static func time(_ minute: Int, _ second: Int = 0) -> Timestamp {
        Timestamp.parseISO(Substring(at(minute, second)))!
    }

    /// A customer's linked subscriptions are found through their own index, not by reading every subscription.
    @Test func linkedSubscriptionsComeFromTheirIndex() throws {
        let store = try temporaryStore()
        let plan = try store.write { db in
            let statement = try db.prepared("EXPLAIN QUERY PLAN " + AuditStore.linkedSubscriptionsSQL)
            statement.bind([.text("c-1"), .int(0)])
            var plan: [String] = []
            while try statement.step() { plan.append(statement.text("detail")) }
            return plan
        }
        #expect(plan.joined(separator: " | ").contains("subscriptions_by_customer"), "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN s") }, "\(plan)")
    }

    static func change(_ minute: Int, _ entity: String, _ id: String, _ field: String, _ old: String, _ new: String,
                       admin: String? = "adm-1") -> String {
        let key = entity == "Customer" ? "customer_id" : "subscription_id"
        let context = "{\"\(key)\":\"\(id)\",\"field\":\"\(field)\",\"old_value\":\(json(old)),\"new_value\":\(json(new))}"
        return monologLine(at(minute), "A field on the \(entity) entity has been updated", channel: "audit",
                           context: context, extra: admin.map { "{\"uid\":\"u\(minute)\",\"billing_admin_id\":\"\($0)\"}" } ?? "[]")
    }

    static func json(_ text: String) -> String {
        var out = ""
        JSONValue.writeString(text, to: &out)
        return out
    }

    static func store() throws -> AuditStore {
        let store = try temporaryStore()
        let enumClass = #"BillaBear\Enum\InvoiceFormat"#
        try store.importText([
            monologLine(at(0), "Received request to read subscription",
                        context: #"{"customer_id":"c-1","subscription_id":"s-1"}"#),
            change(1, "Customer", "c-1", "billingEmail", "'a@x.example'", "'b@x.example'"),
            change(2, "Subscription", "s-1", "plan", "'Basic'", "'Pro'"),
            change(2, "Customer", "c-1", "invoiceFormat", enumClass, enumClass),
            change(3, "Customer", "c-1", "billingEmail", "'b@x.example'", "'c@x.example'", admin: nil),
            // Twice in one second: the store's order (by id) decides.
            change(4, "Customer", "c-1", "reference", "'x'", "'y'"),
            change(4, "Customer", "c-1", "reference", "'y'", "'z'"),
            change(5, "Customer", "c-1", "name", "'Ann'", "'Anna'"),
            change(5, "Customer", "c-1", "address", "array (\n  'city' => 'Bonn',\n)", "array (\n  'city' => 'Köln',\n)"),
            change(6, "Subscription", "s-1", "plan", "'Pro'", "'Enterprise'"),
            change(7, "Customer", "c-2", "name", "'Other'", "'Others'"),
        ].joined(separator: "\n") + "\n")
        try store.write { db in try db.execute("INSERT OR REPLACE INTO admins(id, email) VALUES ('adm-1', 'ops@acme.example')") }
        return store
    }

    static func field(_ state: EntityState, _ name: String) -> FieldState? { state.fields.first { $0.field == name } }

    @Test func beforeTheFirstChangeEachFieldHadItsFirstOldValue() throws {
        let state = try Self.store().state(of: .customer, "c-1", at: Self.time(0, 30))
        #expect(state.fields.map(\.field) == ["address", "billingEmail", "invoiceFormat", "name", "reference"])
        let email = try #require(Self.field(state, "billingEmail"))
        #expect(email.value == "'a@x.example'" && email.valueLines == ["a@x.example"])
        guard case .before(_, let time) = email.origin else { Issue.record("\(email.origin)"); return }
        #expect(time == Self.time(1))
        #expect(Self.field(state, "address")?.valueLines == ["city: Bonn"])
        #expect(state.subscriptions.map(\.id) == ["s-1"])
        #expect(state.subscriptions.first.flatMap { Self.field($0, "plan") }?.value == "'Basic'")
    }

    @Test func eachFieldHasTheValueSetLastBeforeTheMoment() throws {
        let store = try Self.store()
        let atTwo = try store.state(of: .customer, "c-1", at: Self.time(2, 30))
        let email = try #require(Self.field(atTwo, "billingEmail"))
        #expect(email.value == "'b@x.example'")
        guard case .set(_, let time, let admin, let name) = email.origin else { Issue.record("\(email.origin)"); return }
        #expect(time == Self.time(1) && admin == "adm-1" && name == "ops@acme.example")
        #expect(atTwo.subscriptions.first.flatMap { Self.field($0, "plan") }?.value == "'Pro'")

        let atFour = try store.state(of: .customer, "c-1", at: Self.time(4, 30))
        #expect(Self.field(atFour, "reference")?.value == "'z'", "the later of two changes in one second")
        let third = try #require(Self.field(atFour, "billingEmail"))
        #expect(third.value == "'c@x.example'")
        if case .set(_, _, let admin, _) = third.origin { #expect(admin == nil, "not a billing admin") }

        let later = try store.state(of: .subscription, "s-1", at: Self.time(30))
        #expect(Self.field(later, "plan")?.valueLines == ["Enterprise"])
        #expect(try store.state(of: .customer, "c-1", at: Self.time(30)).fields.count == 5)
    }

    @Test func anEnumIsNotRecordedAndNothingIsInvented() throws {
        let store = try Self.store()
        let state = try store.state(of: .customer, "c-1", at: Self.time(30))
        let format = try #require(Self.field(state, "invoiceFormat"))
        #expect(format.value == nil && format.valueLines.first?.hasPrefix("value not recorded") == true)
        #expect(Self.field(state, "plan") == nil, "a subscription's field is the subscription's")
        #expect(try store.state(of: .customer, "c-3", at: Self.time(30)).fields.isEmpty)
        // Before its first record the subscription was not linked to the customer yet.
        #expect(try store.state(of: .customer, "c-1", at: Timestamp(seconds: 0)).subscriptions.isEmpty)
    }
}

/// Histogram buckets start where a person counts them: local midnight, Monday, the first of the month.
@Suite struct HistogramBucketTests {
    static func t(_ text: String) -> Timestamp { Timestamp.parseISO(Substring(text))! }

    @Test func bucketsStartAtLocalBoundaries() {
        let utc = Clock.fixed(now: Self.t("2025-06-30T00:00:00Z"))
        #expect(utc.bucketStart(Self.t("2025-03-05T15:20:00Z"), .week) == Self.t("2025-03-03T00:00:00Z"), "Monday")
        #expect(utc.bucketStart(Self.t("2025-03-03T00:00:00Z"), .week) == Self.t("2025-03-03T00:00:00Z"))
        #expect(utc.bucketStart(Self.t("2025-03-02T23:59:59Z"), .week) == Self.t("2025-02-24T00:00:00Z"))
        #expect(utc.bucketStart(Self.t("2025-12-15T10:00:00Z"), .month, adding: 1) == Self.t("2026-01-01T00:00:00Z"))
        #expect(utc.bucketStart(Self.t("2025-03-05T15:20:00Z"), .hour) == Self.t("2025-03-05T15:00:00Z"))
        let plusOne = Clock.fixed(now: Self.t("2025-06-30T00:00:00Z"), offsetSeconds: 3_600, name: "CET")
        #expect(plusOne.bucketStart(Self.t("2025-03-02T23:30:00Z"), .week) == Self.t("2025-03-02T23:00:00Z"),
                "00:30 on Monday, local")
        #expect(plusOne.bucketStart(Self.t("2025-03-02T23:30:00Z"), .day) == Self.t("2025-03-02T23:00:00Z"))
        #expect(plusOne.bucketLabel(Self.t("2025-03-02T23:00:00Z"), .day) == "2025-03-03")
    }

    @Test func theFinestSizeThatFitsIsChosen() {
        let clock = Clock.fixed(now: Self.t("2025-06-30T00:00:00Z"))
        let start = Self.t("2025-03-05T15:20:00Z")
        func size(_ text: String, rows: Int) -> BucketSize { clock.bucketSizeToFit(from: start, to: Self.t(text), rows: rows) }
        #expect(size("2025-03-05T22:00:00Z", rows: 20) == .hour, "8 hours")
        #expect(size("2025-03-06T15:00:00Z", rows: 20) == .day, "25 hours do not fit 20 lines")
        #expect(size("2025-03-24T15:00:00Z", rows: 20) == .day, "20 days")
        #expect(size("2025-03-25T15:00:00Z", rows: 20) == .week, "21 days")
        #expect(size("2026-03-05T15:00:00Z", rows: 20) == .month, "a year: 13 months fit, 53 weeks do not")
        #expect(size("2035-03-05T15:00:00Z", rows: 20) == .month, "nothing fits: months, scrolled")
        let spans = try! clock.buckets(from: start, to: Self.t("2025-03-07T00:00:00Z"), by: .day)
        #expect(spans.map(\.start) == [Self.t("2025-03-05T00:00:00Z"), Self.t("2025-03-06T00:00:00Z"), Self.t("2025-03-07T00:00:00Z")])
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.end == $1.start })
    }

    @Test func aStoresBucketsAddUpToItsViews() throws {
        let store = try temporaryStore()
        var generator = DemoGenerator(options: .init(requests: 500, seed: 4, end: Timestamp(seconds: 1_751_241_600), days: 40))
        var records: [GeneratedRecord] = []
        while let request = generator.nextRequest() { records += request }
        _ = try store.insertGenerated(records)
        let clock = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))
        let buckets = try store.histogram(of: RecordQuery(), by: .day, clock: clock)
        #expect(buckets.count >= 30, "\(buckets.count) days")
        #expect(buckets.map(\.count).reduce(0, +) == records.count)
        for bucket in buckets.prefix(10) {
            let day = RecordQuery(since: bucket.start, until: bucket.end)
            #expect(bucket.count == (try store.allPages(day, size: 100).count))
        }
        let warnings = RecordQuery(minimumLevel: .warning)
        #expect(buckets.map(\.warnings).reduce(0, +) == (try store.count(of: warnings)))
    }
}
