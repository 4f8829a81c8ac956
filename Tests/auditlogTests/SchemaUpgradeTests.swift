@testable import AuditStore
import Foundation
import Testing

/// A store written by the previous schema (5, before each field change stored its entity) is upgraded by
/// its first writer and then reads, exports and verifies exactly as the auditlog that wrote it did, but for
/// the subscription owners it decides again by the rule (the customer named by the newest record naming one).
extension ProcessTests {
@Suite struct SchemaUpgradeTests {
    static let fixtures = Binary.samples + "/schema5"

    /// The store auditlog 74bceb2 (schema 5) made of `prod.log` and `users.csv`: its layout from the first
    /// five migrations, then its rows exactly as that binary stored them (`store.sql`: `sqlite3 .dump` of
    /// the records, their links and the directory). `export.ndjson` is that binary's export of it
    /// (`--utc --chain-head`).
    static func schema5Store(at path: String) throws {
        let db = try Connection(path: path, readOnly: false)
        try db.transaction {
            for migration in Schema.migrations.prefix(5) { try db.execute(migration) }
            try db.execute(try String(contentsOfFile: fixtures + "/store.sql", encoding: .utf8))
            try db.execute("PRAGMA user_version = 5")
            try db.execute("PRAGMA application_id = \(Schema.applicationID)")
        }
    }

    @Test func aStoreOfTheLastSchemaIsUpgradedByItsFirstWriterAndReadsTheSame() throws {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        try Self.schema5Store(at: db)
        #expect(try Binary.run(["verify", "--db", db]).stderr.contains("older layout"), "a reader does not upgrade")

        // The first writer upgrades it: importing the same log again adds nothing (identities kept).
        let again = try Binary.run(["import", "--db", db, Binary.samples + "/prod.log"])
        #expect(again.status == 0 && (again.stdout + again.stderr).contains("0 new, 99 already stored"), "\(again.stdout)\(again.stderr)")

        // The chain made before the change is still proved, to the same head.
        let verify = try Binary.run(["verify", "--db", db])
        let head = "7dfd06f1bed6264cd7212d05c94c7eb961d36be3833e93c59c0be2ed6ba4b4fa"
        #expect(verify.status == 0 && verify.stdout == "chain: 99 records, whole; head \(head)\n",
                "\(verify.stdout)\(verify.stderr)")
        // And every record reads as the old auditlog exported it, change entities included; in text (whose
        // labels have grown since) as the same logs imported afresh by this auditlog read.
        let fresh = dir + "/fresh.db"
        #expect(try Binary.run(["import", "--db", fresh, "--users", Binary.samples + "/users.csv", Binary.samples + "/prod.log"]).status == 0)
        let ndjson = try Binary.run(["export", "--db", db, "--format", "ndjson", "--utc", "--chain-head", "-o", dir + "/x.ndjson"])
        #expect(ndjson.status == 0, "\(ndjson.stderr)")
        // Byte for byte the old binary's, but for the owner the upgrade decides again (`SubscriptionOwners`):
        // prod.log names two customers for subscription 70cd0392 (…4a88 at 08:26:22, …dbe1 at 08:43:58); the
        // old binary kept the first one learned, the rule takes the newest, so its two records that name no
        // customer (ids 95 and 96) move to …dbe1's log. Nothing else changes.
        let (subscription, first, newest) = ("70cd0392-7688-4cdd-a943-19d714fb8025",
                                             "2182d453-3036-40fd-ac37-d21f1cde4a88", "9044f695-3d1d-4ce0-a2a2-d879d64dfbe1")
        let old = try String(contentsOfFile: Self.fixtures + "/export.ndjson", encoding: .utf8)
        let moved = old.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix(#"{"id":95,"#) || line.hasPrefix(#"{"id":96,"#) else { return String(line) }
            #expect(line.contains(#""customer_id":"\#(first)""#), "the old binary filed \(line.prefix(9)) under the first customer")
            return line.replacingOccurrences(of: #""customer_id":"\#(first)""#, with: #""customer_id":"\#(newest)""#)
        }.joined(separator: "\n")
        #expect(moved != old)
        // Each record has its reference (which that auditlog did not write), the same as imported afresh.
        let exported = try String(contentsOfFile: dir + "/x.ndjson", encoding: .utf8)
        #expect(exported.replacing(/,"ref":"[0-9a-z-]{19}"/, with: "") == moved)
        let refs = { (db: String) in try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout
            .matches(of: /"ref":"([0-9a-z-]{19})"/).map { String($0.output.1) } }
        let upgradedRefs = try refs(db), freshRefs = try refs(fresh)
        #expect(upgradedRefs.count == 99 && upgradedRefs == freshRefs)
        let upgraded = try AuditStore(path: db, mode: .readOnly)
        #expect(try upgraded.entity(.subscription, subscription)?.customerID == newest)
        for (customer, ids) in [(newest, [94, 95, 96]), (first, [51])] {
            var shown: [Int64] = []
            try upgraded.forEachRecord(of: RecordQuery(customer: customer)) { if $0.subscriptionID == subscription { shown.append($0.id) } }
            #expect(shown.sorted() == ids.map(Int64.init), "\(customer)'s log: the subscription's records \(shown)")
            #expect(try upgraded.entity(.customer, customer)?.recordCount == upgraded.count(of: RecordQuery(customer: customer)),
                    "\(customer)'s count in the picker follows the move")
        }
        let upgradedText = try Binary.run(["export", "--db", db, "--format", "text", "--utc"])
        let freshText = try Binary.run(["export", "--db", fresh, "--format", "text", "--utc"])
        #expect(upgradedText.status == 0 && upgradedText.stdout == freshText.stdout && upgradedText.stdout.contains("Subscription.seats"))
        // The stored entity serves a qualified field as the message did (counts from the old binary).
        for (field, count) in [("Subscription.seats", 5), ("customer.creditLimit", 3), ("subscription.creditLimit", 0)] {
            let found = try Binary.run(["export", "--db", db, "--format", "ndjson", "--field", field])
            #expect(found.stdout.split(separator: "\n").count == count, "\(field): \(found.stdout)")
        }
    }
}
}
