import Testing
@testable import AuditStore

@Suite struct ExportEncodingTests {
    /// A subscription's change in a customer's export names that customer, in CSV and JSON.
    @Test func aSubscriptionsRecordCarriesItsCustomer() throws {
        let store = try temporaryStore()
        try store.importText([
            monologLine("2025-02-01T08:00:01+00:00", "A field on the Subscription entity has been updated",
                        channel: "audit", context: #"{"subscription_id":"s-1","field":"seats","old_value":"1","new_value":"2"}"#),
            monologLine("2025-02-01T08:00:02+00:00", "Received request", context: #"{"customer_id":"c-1","subscription_id":"s-1"}"#),
        ].joined(separator: "\n"))
        let records = try store.page(of: RecordQuery(customer: "c-1"), from: .newest, limit: 10)
        #expect(records.count == 2)
        for record in records {
            let row = try CSV.parse(RecordEncoding.csvHeader + "\n" + RecordEncoding.csv(record))
            let column = row[0].firstIndex(of: "customer_id")!
            #expect(row[1][column] == "c-1", "\(row[1])")
            #expect(RecordEncoding.json(record).contains(#""customer_id":"c-1""#))
        }
    }

    /// Formula-like cells are guarded; a plain number is not a formula.
    @Test func theFormulaGuardLeavesPlainNumbers() {
        for number in ["-100", "+2.5", "-1e3", "-0.25", "+7E-2"] { #expect(CSV.field(number) == number) }
        for formula in ["=1+2", "-1+2", "+A1", "@SUM(A1)", "-", "-1e", "\tx", "-1.", "- 100"] {
            #expect(CSV.field(formula).hasPrefix("'") || CSV.field(formula).hasPrefix("\"'"), "\(formula.debugDescription)")
        }
    }
}
