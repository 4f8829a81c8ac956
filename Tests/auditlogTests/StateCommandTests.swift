import Foundation
import Testing

/// `auditlog state`: the fields of a customer or subscription as of a moment, in text, JSON and CSV.
extension ProcessTests {
@Suite struct StateCommandTests {
    static func line(_ minute: Int, _ message: String, _ context: String, admin: Bool = true) -> String {
        "[2025-03-01T10:\(String(format: "%02d", minute)):00+00:00] audit.INFO: \(message) \(context) "
            + (admin ? "{\"uid\":\"u\(minute)\",\"billing_admin_id\":\"adm-1\"}" : "[]")
    }

    static func change(_ minute: Int, _ entity: String, _ id: String, _ field: String, _ old: String, _ new: String,
                       admin: Bool = true) -> String {
        let key = entity == "Customer" ? "customer_id" : "subscription_id"
        return line(minute, "A field on the \(entity) entity has been updated",
                    "{\"\(key)\":\"\(id)\",\"field\":\"\(field)\",\"old_value\":\"\(old)\",\"new_value\":\"\(new)\"}", admin: admin)
    }

    static func database() throws -> String {
        let dir = Binary.temporaryDirectory()
        let log = [
            line(0, "Received request to read subscription", #"{"customer_id":"c-0001","subscription_id":"s-0001"}"#),
            change(1, "Customer", "c-0001", "billingEmail", "'a@x.example'", "'b@x.example'"),
            change(2, "Subscription", "s-0001", "plan", "'Basic'", "'Pro'"),
            change(3, "Customer", "c-0001", "billingEmail", "'b@x.example'", "'c@x.example'", admin: false),
            change(5, "Customer", "c-0001", "name", "'Ann'", "'Anna'"),
        ].joined(separator: "\n") + "\n"
        try log.write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        try "id,email\nadm-1,ops@acme.example\n".write(toFile: dir + "/users.csv", atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        let run = try Binary.run(["import", "--db", db, "--users", dir + "/users.csv", dir + "/prod.log"])
        #expect(run.status == 0, "\(run.stderr)")
        return db
    }

    @Test func theStateAsOfAMomentInTextJSONAndCSV() throws {
        let db = try Self.database()
        let before = try Binary.run(["state", "--db", db, "--customer", "c-0001", "--at", "2025-03-01T10:00:30", "--utc"])
        #expect(before.status == 0, "\(before.stderr)")
        let lines = before.stdout.split(separator: "\n").map(String.init)
        // Named by the newest e-mail its changes gave it (the logs carry no directory).
        #expect(lines.first == "Customer c@x.example as of 2025-03-01 10:00:30 UTC")
        #expect(lines.contains { $0.contains("billingEmail") && $0.contains("a@x.example")
            && $0.hasSuffix("as before the change of 2025-03-01 10:01:00") }, "\(lines)")
        #expect(lines.contains { $0.contains("plan") && $0.contains("Basic") }, "the subscription's fields: \(lines)")

        let later = try Binary.run(["state", "--db", db, "--customer", "c-0001", "--at", "2025-03-01T10:04", "--utc"])
        #expect(later.stdout.contains("c@x.example") && later.stdout.contains("by no billing admin"), "\(later.stdout)")
        let day = try Binary.run(["state", "--db", db, "--customer", "c-0001", "--at", "2025-03-01", "--utc"])
        #expect(day.stdout.hasPrefix("Customer c@x.example as of 2025-03-01 23:59:59 UTC"), "a day means all of it")
        #expect(day.stdout.contains("Anna"))

        let json = try Binary.run(["state", "--db", db, "--customer", "c-0001", "--at", "2025-03-01T10:02:00Z",
                                   "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        let email = try #require(fields.first { $0["field"] as? String == "billingEmail" })
        #expect(email["value"] as? String == "'b@x.example'" && email["admin"] as? String == "ops@acme.example")
        let subscriptions = try #require(object["subscriptions"] as? [[String: Any]])
        #expect(((subscriptions.first?["fields"] as? [[String: Any]])?.first?["value_lines"] as? [String]) == ["Pro"])

        let csv = try Binary.run(["state", "--db", db, "--subscription", "s-0001", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n") == ["entity,entity_id,field,value,since,by,note",
                                                      "Subscription,s-0001,plan,'Pro',2025-03-01T10:02:00Z,ops@acme.example,"])
    }

    @Test func badRequestsSayWhatIsWrong() throws {
        let db = try Self.database()
        let none = try Binary.run(["state", "--db", db])
        #expect(none.status == 2 && none.stderr.contains("--customer NAME or --subscription ID"))
        let unknown = try Binary.run(["state", "--db", db, "--customer", "nobody@x.example"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no customer matches"))
        let time = try Binary.run(["state", "--db", db, "--customer", "c-0001", "--at", "soon"])
        #expect(time.status == 2 && time.stderr.contains("--at"), "\(time.stderr)")
    }
}
}

/// `export --format histogram`: records per bucket, each bucket's count what `export` writes for it.
extension ProcessTests {
@Suite struct HistogramExportTests {
    @Test func eachBucketCountsWhatExportWritesForIt() throws {
        let db = Binary.demoDatabase(requests: 600, seed: 21)
        let run = try Binary.run(["export", "--db", db, "--format", "histogram", "--by", "day", "--utc"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows.count > 100, "a demo spans months of days")
        let total = try Binary.run(["export", "--db", db]).stdout.split(separator: "\n").count
        #expect(rows.compactMap { Int($0[1]) }.reduce(0, +) == total)
        let warnings = try Binary.run(["export", "--db", db, "--level", "warning"]).stdout.split(separator: "\n").count
        #expect(rows.compactMap { Int($0[2]) }.reduce(0, +) == warnings)
        // Days with records, checked one by one against export with that day as the range.
        for row in rows.filter({ Int($0[1]) ?? 0 > 0 }).prefix(6) {
            let day = String(row[0])
            let export = try Binary.run(["export", "--db", db, "--utc", "--since", day, "--until", day])
            #expect(export.stdout.split(separator: "\n").count == Int(row[1]), "\(day)")
            let marks = row.count > 3 ? String(row[3]) : ""
            #expect(marks.hasPrefix(String(repeating: "!", count: min(1, Int(row[2]) ?? 0))), "warnings marked first: \(row)")
        }
        let weeks = try Binary.run(["export", "--db", db, "--format", "histogram", "--by", "week", "--utc"])
        let weekRows = weeks.stdout.split(separator: "\n")
        #expect(weekRows.compactMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[2]) }.reduce(0, +) == total)
        let bad = try Binary.run(["export", "--db", db, "--format", "histogram", "--by", "fortnight"])
        #expect(bad.status == 2)
    }
}
}
