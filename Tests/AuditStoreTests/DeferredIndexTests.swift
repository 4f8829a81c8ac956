import Foundation
import Testing
@testable import AuditStore

/// A bulk import stores its records first and builds the filter indexes and the search index after
/// them; nothing a user asks may come out different for it, before, during or after.
@Suite struct DeferredIndexTests {
    /// Demo records as a Monolog prod.log (its subscriptions' records come before and after their
    /// customer is known, so the owner moves are exercised).
    static func demoLog(requests: Int, seed: UInt64 = 5) -> String {
        var generator = DemoGenerator(options: .init(requests: requests, seed: seed, end: Timestamp(seconds: 1_767_225_600),
                                                     days: 60))
        var text = ""
        while let request = generator.nextRequest() {
            for record in request { text += record.monologLine + "\n" }
        }
        return text
    }

    /// What a user can see of a store: every record of every view, and the pickers' counts.
    static func everythingShown(_ store: AuditStore) throws -> [String] {
        var shown: [String] = []
        func view(_ name: String, _ query: RecordQuery) throws {
            let records = try store.allPages(query, size: 500)
            shown.append("\(name): \(records.count) counted \(try store.count(of: query))")
            shown += records.map { "\(name) \($0.time.microseconds) \($0.message) \($0.contextJSON) \($0.ownerCustomerID ?? "-")" }
        }
        try view("all", RecordQuery())
        for kind in [EntityKind.customer, .subscription, .admin] {
            for entity in try store.entities(kind, limit: 100_000) {
                shown.append("\(kind) \(entity.id) \(entity.recordCount) \(entity.lastActivity?.microseconds ?? 0) "
                    + "\(entity.customerID ?? "-")")
                switch kind {
                case .customer: try view("customer \(entity.id)", RecordQuery(customer: entity.id))
                case .subscription: try view("subscription \(entity.id)", RecordQuery(subscription: entity.id))
                case .admin: try view("admin \(entity.id)", RecordQuery(admin: entity.id))
                }
            }
        }
        try view("channel", RecordQuery(channel: "audit"))
        try view("search", RecordQuery(words: ["refund"]))
        return shown
    }

    @Test func aBulkLoadShowsWhatARowByRowImportShows() throws {
        let log = writeFile(Self.demoLog(requests: 1_500))
        let bulk = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = .always
        let summary = try bulk.importSource(path: log, options: options)
        let rowByRow = try temporaryStore()
        options.bulkLoad = .never
        try rowByRow.importSource(path: log, options: options)

        #expect(summary.imported > 2_000)
        let moved = try bulk.write { db in try db.scalarInt("""
            SELECT count(*) FROM records WHERE customer_id IS NULL AND owner_customer IS NOT NULL
            """) } ?? 0
        #expect(moved > 0, "the demo has subscription records that belong to a customer's log")
        #expect(try Self.everythingShown(bulk) == Self.everythingShown(rowByRow))
        // The indexes are back, defined as the schema defines them, and the marker is gone.
        func indexes(_ store: AuditStore) throws -> [String] {
            try store.write { db in
                let statement = try db.prepared("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
                var out: [String] = []
                while try statement.step() {
                    out.append(statement.text("name") + ": " + statement.text("sql").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                        .replacingOccurrences(of: "IF NOT EXISTS ", with: ""))
                }
                return out
            }
        }
        #expect(try indexes(bulk) == indexes(rowByRow))
        #expect(try bulk.write { db in try db.scalarInt("SELECT count(*) FROM store_state WHERE key = 'indexes_deferred'") } == 0)
        // Importing it again, read whole (where the first import stopped forgotten), adds nothing, bulk or not.
        try bulk.write { db in try db.execute("DELETE FROM source_positions") }
        options.bulkLoad = .always
        let stored = try bulk.write { db in try db.scalarInt("SELECT max(id) FROM records") } ?? 0
        let again = try bulk.importSource(path: log, options: options)
        let added = again.imported == 0 ? [] : try Self.rowsAndTheirTwins(bulk, above: stored)
        #expect(again.imported == 0 && again.alreadyStored == summary.imported, "\(again) after \(summary); added: \(added)")
    }

    /// Records above `id`, each with the stored records of the same time (what a failed re-import added,
    /// beside what it should have matched).
    static func rowsAndTheirTwins(_ store: AuditStore, above id: Int64) throws -> [String] {
        try store.write { db in
            let added = try db.prepared("SELECT id, time_us, fingerprint, occurrence, message, context FROM records WHERE id > ? LIMIT 5")
            added.bind([.int(id)])
            var out: [String] = []
            while try added.step() {
                let time = added.int64("time_us")
                out.append("new \(added.int64("id")) \(time) \(added.int64("fingerprint")) #\(added.int64("occurrence")) "
                    + "\(added.text("message")) \(added.text("context"))")
                let twins = try db.prepared("SELECT id, fingerprint, occurrence, context FROM records WHERE time_us = ? AND id <= ?")
                twins.bind([.int(time), .int(id)])
                while try twins.step() {
                    out.append("  old \(twins.int64("id")) \(twins.int64("fingerprint")) #\(twins.int64("occurrence")) \(twins.text("context"))")
                }
            }
            return out
        }
    }

    /// A reader open while a bulk load drops the indexes keeps answering, the same records, and knows again
    /// once they are back (a statement prepared on a dropped index is prepared again, not an error).
    @Test func aReaderKeepsAnsweringWhileTheIndexesAreRebuilt() throws {
        let writer = try temporaryStore()
        try writer.importText(Self.demoLog(requests: 400))
        let reader = try AuditStore(path: writer.path, mode: .readOnly)
        let customer = try #require(reader.entities(.customer, limit: 1).first)
        let query = RecordQuery(customer: customer.id)
        let before = try reader.allPages(query, size: 20)
        #expect(try reader.queryPlan(of: query).joined().contains("records_by_owner"))

        try writer.write { db in try BulkLoad.begin(db) }
        #expect(try reader.allPages(query, size: 20) == before)
        #expect(try reader.count(of: query) == before.count)
        #expect(!(try reader.queryPlan(of: query).joined().contains("records_by_owner")))

        try writer.write { db in try BulkLoad.finish(db) }
        #expect(try reader.allPages(query, size: 20) == before)
        #expect(try reader.queryPlan(of: query).joined().contains("records_by_owner"))
    }

    /// Killed between dropping the indexes and building them again: the next writer builds them.
    @Test func theNextWriterFinishesAnInterruptedBulkLoad() throws {
        let store = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = .never
        try store.importText(Self.demoLog(requests: 300), options: options)
        let reference = try Self.everythingShown(store)
        try store.write { db in try BulkLoad.begin(db) } // as a load that was then killed leaves it
        try store.write { db in try db.execute("UPDATE records SET owner_customer = NULL WHERE customer_id IS NULL") }
        try store.write { db in try db.execute("UPDATE customers SET record_count = 0") }

        let reopened = try AuditStore(path: store.path, mode: .readWrite)
        #expect(try reopened.write { db in try db.scalarInt("SELECT count(*) FROM store_state WHERE key = 'indexes_deferred'") } == 0)
        #expect(try reopened.write { db in try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'records_by_%'") } == Int64(RecordIndex.allCases.count - 1))
        #expect(try Self.everythingShown(reopened) == reference)
    }

    /// The browser's first, quick import after such a kill leaves the owed indexes to the import beside it
    /// (the first screen waits for none), storing the tail; that import then builds them: nothing differs.
    @Test func theBrowsersFirstImportLeavesAnInterruptedBulkLoadToTheNext() throws {
        let log = Self.demoLog(requests: 400)
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        let head = lines.prefix(400).joined(separator: "\n") + "\n"
        let reference = try temporaryStore()
        var options = ImportOptions()
        options.bulkLoad = .never
        try reference.importText(log, options: options)

        let store = try temporaryStore()
        try store.importText(head, options: options)
        try store.write { db in try BulkLoad.begin(db) } // as a load that was then killed leaves it
        let first = try AuditStore(path: store.path, mode: .readWrite, finishingInterruptedLoad: false)
        #expect(try first.write { db in try db.scalarInt("SELECT count(*) FROM store_state WHERE key = 'indexes_deferred'") } == 1)
        try first.importText(log, options: options)
        #expect(try first.write { db in try db.scalarInt("SELECT count(*) FROM store_state WHERE key = 'indexes_deferred'") } == 1)
        let next = try AuditStore(path: store.path, mode: .readWrite)
        #expect(try next.write { db in try db.scalarInt("SELECT count(*) FROM store_state WHERE key = 'indexes_deferred'") } == 0)
        #expect(try Self.everythingShown(next) == (try Self.everythingShown(reference)))
    }

    @Test func searchFindsRecordsNotYetIndexedAndTheSameOnesAfter() throws {
        let store = try temporaryStore()
        var options = ImportOptions()
        options.indexSearchText = false
        try store.importText(Self.demoLog(requests: 600), options: options)
        let backlog = try store.textBacklog()
        #expect(backlog.pending == backlog.total && backlog.total > 500 && backlog.percentIndexed == 0)

        let someone = try #require(store.entities(.customer, limit: 5).last)
        let words: [[String]] = [["refund"], [String(someone.id.prefix(8))], ["nothing-has-this"], ["Subscription", "amount"]]
        func results() throws -> [[Int64]] {
            try words.map { try store.allPages(RecordQuery(words: $0), size: 50).map(\.id) }
        }
        // Few enough pending records to add to a rare word's candidates, then too many (a scan).
        store.sparseSearchLimit = 10_000
        let fewPending = try results()
        store.sparseSearchLimit = 100
        let manyPending = try results()
        store.sparseSearchLimit = 10_000

        #expect(try store.indexPendingText(batchSize: 97) == Int(backlog.total))
        #expect(try store.textBacklog().pending == 0)
        let indexed = try results()
        #expect(fewPending == indexed)
        #expect(manyPending == indexed)
        #expect(indexed[1].count > 0 && indexed[2].isEmpty)
    }

    /// The search text read back from a stored record is the text the parsed record gave: values, not
    /// keys; escapes undone; numbers and booleans as written.
    @Test func theStoredContextGivesTheSameSearchText() throws {
        let contexts = [
            #"{"customer_id":"c-1","field":"billingAddress","old_value":"array (\n  'city' => 'Köln',\n)","new_value":null}"#,
            #"{"a":[1,2.5,-3e2,true,false,null,{"k":"v \"quoted\" \\ back\/slash"}],"b":{}}"#,
            #"{"emoji":"\ud83d\ude00 and \u00e9 and \u2028","tab":"\t","lone":"\ud800x","nested":{"deep":[["x"],{"y":"z"}]}}"#,
            #"[]"#, #"{}"#, #"["just","an","array"]"#,
        ]
        for text in contexts {
            let value = try Array(text.utf8).withUnsafeBufferPointer { try JSONParser.parseDocument($0) }
            #expect(SearchText.body(message: "m", contextJSON: value.compactText) == SearchText.body(message: "m", context: value),
                    "\(text)")
        }
        var generator = DemoGenerator(options: .init(requests: 300, seed: 9, end: Timestamp(seconds: 1_767_225_600)))
        while let request = generator.nextRequest() {
            for generated in request {
                let record = generated.record
                #expect(SearchText.body(message: record.message, contextJSON: record.contextJSON)
                    == SearchText.body(message: record.message, context: record.context))
            }
        }
    }
}

/// A browser counts its view again every second while an import grows the store: it counts only the
/// records added since, unless older records moved into another log meanwhile.
@Suite struct IncrementalCountTests {
    static func line(_ second: Int, _ context: String) -> String {
        monologLine("2025-03-01T10:00:\(String(format: "%02d", second))+00:00", "Received a request", context: context)
    }

    @Test func aCountGoesOnFromTheLastOneAndStartsOverWhenRecordsMoveLogs() throws {
        let store = try temporaryStore()
        try store.importText([Self.line(1, #"{"subscription_id":"s-1"}"#), Self.line(2, #"{"subscription_id":"s-1"}"#),
                              Self.line(3, #"{"customer_id":"c-1"}"#)].joined(separator: "\n") + "\n")
        let customer = RecordQuery(customer: "c-1")
        let first = try store.count(of: customer, after: nil)
        #expect(first.count == 1)

        // The subscription's customer becomes known: its two earlier records move into c-1's log.
        try store.importText([Self.line(4, #"{"customer_id":"c-1","subscription_id":"s-1"}"#),
                              Self.line(5, #"{"customer_id":"c-2"}"#)].joined(separator: "\n") + "\n")
        let second = try store.count(of: customer, after: first)
        #expect(second.epoch != first.epoch)
        let whole = try store.count(of: customer)
        #expect(second.count == 4 && second.count == whole)

        let everything = try store.count(of: RecordQuery(), after: nil)
        try store.importText([Self.line(6, #"{"customer_id":"c-1"}"#), Self.line(7, #"{"customer_id":"c-3"}"#)]
            .joined(separator: "\n") + "\n")
        let grown = try store.count(of: RecordQuery(), after: everything)
        #expect(grown.count == 7)
        // It goes on from the earlier answer rather than counting again: a made-up earlier count is carried on.
        let madeUp = ViewCount(count: 1_000, upTo: second.upTo, epoch: second.epoch)
        let carried = try store.count(of: customer, after: madeUp)
        let counted = try store.count(of: customer, after: second)
        #expect(carried.count == 1_001)
        #expect(counted.count == 5)
    }
}

/// `field:NAME` (and `field:Entity.NAME`) is one field's history, everywhere filters work.
@Suite struct FieldFilterTests {
    static func change(_ second: Int, _ entity: String, _ id: String, _ field: String, _ old: String, _ new: String) -> String {
        let key = entity == "Customer" ? "customer_id" : "subscription_id"
        return monologLine("2025-03-01T10:00:\(String(format: "%02d", second))+00:00",
                           "A field on the \(entity) entity has been updated", channel: "audit",
                           context: #"{"\#(key)":"\#(id)","field":"\#(field)","old_value":"\#(old)","new_value":"\#(new)"}"#)
    }

    @Test func aFieldsHistoryIsItsChangesNewestFirst() throws {
        let store = try temporaryStore()
        try store.importText([
            Self.change(1, "Customer", "c-1", "billingEmail", "'a@x.example'", "'b@x.example'"),
            Self.change(2, "Subscription", "s-1", "name", "'Basic'", "'Pro'"),
            Self.change(3, "Customer", "c-2", "name", "'Ann'", "'Anna'"),
            Self.change(4, "Customer", "c-1", "billingEmail", "'b@x.example'", "'c@x.example'"),
            monologLine("2025-03-01T10:00:05+00:00", "Received request to update customer billingEmail",
                        context: #"{"customer_id":"c-1"}"#),
        ].joined(separator: "\n") + "\n")
        let clock = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))
        func times(_ text: String) throws -> [Int64] {
            try store.allPages(QueryText.parse(text, clock: clock), size: 2).map { $0.time.seconds % 60 }
        }
        #expect(try times("field:billingEmail") == [4, 1], "changes only, not a record that mentions the word")
        #expect(try times("field:name") == [3, 2])
        #expect(try times("field:Customer.name") == [3])
        #expect(try times("field:subscription.name") == [2], "the entity in any case")
        #expect(try times("field:billingEmail customer:c-2").isEmpty)
        #expect(try times("field:billingEmail customer:c-1 since:2025-03-01T10:00:02") == [4])
        #expect(try store.count(of: QueryText.parse("field:billingEmail", clock: clock)) == 2)

        #expect(try store.queryPlan(of: QueryText.parse("field:billingEmail", clock: clock)).joined().contains("records_by_field"))
        #expect(try store.queryPlan(of: QueryText.parse("field:billingEmail customer:c-1", clock: clock)).joined()
            .contains("records_by_owner"))
        let parsed = try QueryText.parse("field:Customer.billingEmail", clock: clock)
        #expect(parsed.field == "Customer.billingEmail")
        #expect(QueryText.format(parsed, clock: clock) == "field:Customer.billingEmail")
    }
}
