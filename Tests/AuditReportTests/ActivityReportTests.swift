import AuditStore
import Foundation
import Testing
@testable import AuditReport

/// The report's numbers on a hand-made set whose answers were counted by hand, its working hours, and
/// its text at 80 columns.
@Suite struct ActivityReportTests {
    static let utc = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))

    static func store(_ lines: [String]) throws -> AuditStore {
        let dir = NSTemporaryDirectory() + "auditlog-report-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        try "id,email\nadm-1,ops@acme.example\nadm-2,finance@acme.example\n".write(toFile: dir + "/users.csv",
                                                                                   atomically: true, encoding: .utf8)
        let store = try AuditStore(path: dir + "/audit.db", mode: .readWrite)
        _ = try store.loadAdmins(csvPath: dir + "/users.csv")
        try store.importSource(path: dir + "/prod.log")
        return store
    }

    static func line(_ time: String, _ level: String, _ message: String, _ context: String, admin: String?, uid: String) -> String {
        "[\(time)+00:00] audit.\(level): \(message) \(context) "
            + (admin.map { "{\"uid\":\"\(uid)\",\"billing_admin_id\":\"\($0)\"}" } ?? "{\"uid\":\"\(uid)\"}")
    }

    /// ops: four records in two requests (one a Saturday), two changes, a warning; finance: one error at
    /// 20:00 on a Tuesday; no admin: two records of a job.
    static let handMade = [
        line("2025-03-03T10:00:00", "INFO", "Received request to update customer", #"{"customer_id":"c-1"}"#, admin: "adm-1", uid: "r1"),
        line("2025-03-03T10:00:01", "INFO", "A field on the Customer entity has been updated",
             #"{"customer_id":"c-1","field":"billingEmail","old_value":"'a@x.example'","new_value":"'b@x.example'"}"#,
             admin: "adm-1", uid: "r1"),
        line("2025-03-03T10:00:02", "WARNING", "Customer has no billing address", #"{"customer_id":"c-1"}"#, admin: "adm-1", uid: "r1"),
        line("2025-03-08T12:00:00", "INFO", "A field on the Subscription entity has been updated",
             #"{"subscription_id":"s-1","customer_id":"c-1","field":"seats","old_value":"2","new_value":"3"}"#,
             admin: "adm-1", uid: "r2"),
        line("2025-03-04T20:00:00", "ERROR", "Got an error from payment provider", #"{"customer_id":"c-2"}"#, admin: "adm-2", uid: "r3"),
        line("2025-03-05T09:00:00", "INFO", "Charging subscription", #"{"customer_id":"c-2","subscription_id":"s-2"}"#, admin: nil, uid: "j1"),
        line("2025-03-05T09:00:01", "INFO", "Charged subscription", #"{"customer_id":"c-2","subscription_id":"s-2"}"#, admin: nil, uid: "j1"),
    ]

    @Test func aHandMadeSetCountedByHand() throws {
        let store = try Self.store(Self.handMade)
        let report = try ActivityReport.make(store: store, query: RecordQuery(), filterText: "", clock: Self.utc,
                                             hours: WorkingHours("08-18")!)
        #expect(report.records == 7)
        #expect(report.admins.map(\.label) == ["ops@acme.example", "finance@acme.example", ActivityReport.noAdminLabel])
        let ops = report.admins[0], finance = report.admins[1], none = report.admins[2]
        func numbers(_ a: AdminActivity) -> [Int] {
            [a.records, a.requests, a.customers, a.subscriptions, a.fieldChanges, a.warnings, a.errors, a.outsideHours]
        }
        #expect(numbers(ops) == [4, 2, 1, 1, 2, 1, 0, 1])
        #expect(ops.changesByField.map { "\($0.field) \($0.count)" } == ["Customer.billingEmail 1", "Subscription.seats 1"])
        #expect(ops.first == Timestamp.parseISO("2025-03-03T10:00:00Z") && ops.last == Timestamp.parseISO("2025-03-08T12:00:00Z"))
        #expect(numbers(finance) == [1, 1, 1, 0, 0, 0, 1, 1])
        #expect(numbers(none) == [2, 1, 1, 1, 0, 0, 0, 0])
        #expect(report.topFields.map(\.field) == ["Customer.billingEmail", "Subscription.seats"])
        #expect(report.topCustomers.map { "\($0.id) \($0.count)" } == ["c-1 2"], "c-2 had no field change")
        // Days from the first record's to the last's, empty ones included.
        #expect(report.days.map(\.label) == ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07", "2025-03-08"])
        #expect(report.days.map { $0.perAdmin } == [[3, 0, 0], [0, 1, 0], [0, 0, 2], [0, 0, 0], [0, 0, 0], [1, 0, 0]])
        #expect(report.head?.id == 7)

        // Other hours move records in and out; in another zone the same instants are other hours.
        let early = try ActivityReport.make(store: store, query: RecordQuery(), filterText: "", clock: Self.utc,
                                            hours: WorkingHours("11-21")!)
        #expect(early.admins.map(\.outsideHours) == [4, 0, 2])
        let tokyo = Clock.fixed(now: Self.utc.now, offsetSeconds: 9 * 3_600, name: "JST")
        let there = try ActivityReport.make(store: store, query: RecordQuery(), filterText: "", clock: tokyo,
                                            hours: WorkingHours("08-18")!)
        #expect(there.admins.map(\.outsideHours) == [4, 1, 2],
                "10:00 UTC is 19:00 in Tokyo; 20:00 UTC is 05:00 the next day; 09:00 UTC is 18:00, the end of the day")
    }

    @Test func workingHoursAreReadStrictly() {
        #expect(WorkingHours("08-18")?.text == "08-18")
        #expect(WorkingHours("9-17")?.text == "09-17")
        for bad in ["", "8", "18-08", "08-25", "-1-5", "a-b", "08-18-20"] { #expect(WorkingHours(bad) == nil, "\(bad)") }
    }

    @Test func theTextFits80ColumnsAndEndsWithTheHead() throws {
        let store = try Self.store(Self.handMade)
        let report = try ActivityReport.make(store: store, query: RecordQuery(), filterText: "", clock: Self.utc,
                                             hours: WorkingHours("08-18")!)
        let lines = report.text(clock: Self.utc).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains { $0.hasPrefix("ops@acme.example") && $0.hasSuffix("      1") })
        #expect(lines.contains("  " + (report.head?.link ?? "?")))
        // A name longer than its column is whole on its own line, its numbers on the next (the tryout found
        // "(no billing admin: jobs, A" cut at 80 columns).
        let table = lines.prefix { !$0.hasPrefix("Reqs.:") }
        let noAdmin = try #require(table.firstIndex(of: ActivityReport.noAdminLabel), "\(table.joined(separator: "\n"))")
        #expect(lines[noAdmin + 1].hasPrefix(String(repeating: " ", count: 28)) && lines[noAdmin + 1].last?.isNumber == true,
                "\(lines[noAdmin + 1])")
        let csv = report.csv().split(separator: "\n").map(String.init)
        #expect(csv.first == ActivityReport.csvHeader && csv.count == 5 && csv.last?.hasPrefix("# chain head ") == true)
        #expect(csv[1].hasPrefix("adm-1,ops@acme.example,4,2,1,1,2,1,0,"))
    }

    /// The records to cite: the period's first and last, each admin's, and the chain head's, by reference in
    /// each of the four formats.
    @Test func everyFormatNamesTheRecordsToCiteByReference() throws {
        let store = try Self.store(Self.handMade)
        let report = try ActivityReport.make(store: store, query: RecordQuery(), filterText: "", clock: Self.utc,
                                             hours: WorkingHours("08-18")!)
        let records = try store.page(of: RecordQuery(), from: .newest, limit: 10)
        func ref(_ time: String) -> String { records.first { $0.time == Timestamp.parseISO(time + "Z") }!.ref.text }
        let first = ref("2025-03-03T10:00:00"), last = ref("2025-03-08T12:00:00")
        let head = try #require(records.first { $0.id == report.head?.id }).ref.text
        let text = report.text(clock: Self.utc)
        #expect(text.contains("\nRecords \(first) (first) to \(last) (last)\n"), "\(text)")
        #expect(text.contains("ops@acme.example\n  first 2025-03-03 10:00  \(first)\n  last  2025-03-08 12:00  \(last)\n"), "\(text)")
        #expect(text.contains("Chain head (record 7, \(head)):"), "\(text)")
        let csv = report.csv().split(separator: "\n").map(String.init)
        #expect(csv[0].hasSuffix(",first_ref,last_ref") && csv[1].hasSuffix(",\(first),\(last)"), "\(csv)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(json["first_ref"] as? String == first && json["last_ref"] as? String == last)
        #expect(json["chain_record_ref"] as? String == head)
        #expect((json["admins"] as? [[String: Any]])?.first?["first_ref"] as? String == first)
        let html = report.html(clock: Self.utc)
        #expect(html.contains("the first <code>\(first)</code>, the last <code>\(last)</code>"))
        #expect(html.contains("<br><code>\(first)</code>") && html.contains(", <code>\(head)</code>"))
    }

    @Test func htmlEscapesEverythingFromTheData() {
        #expect(ActivityReport.escape("<script>alert('x')</script> & \"q\"")
            == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        // Controls and bidi overrides are made visible first (as on the screen).
        #expect(!ActivityReport.escape("a\u{1B}[31m\u{202E}b").unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
    }
}
