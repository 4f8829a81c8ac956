import Foundation
import Testing
@testable import AuditStore

@Suite struct QueryTests {
    /// 60 records in one second, 20 around it: a page boundary must fall inside the burst.
    func burstStore() throws -> AuditStore {
        let store = try temporaryStore()
        var lines: [String] = []
        for i in 0..<10 { lines.append(monologLine("2025-02-01T08:00:0\(i)+00:00", "before \(i)")) }
        for i in 0..<60 {
            lines.append(monologLine("2025-02-01T08:00:30+00:00", "burst \(i)",
                                     context: #"{"customer_id":"c-\#(i % 3)"}"#))
        }
        for i in 0..<10 { lines.append(monologLine("2025-02-01T08:01:0\(i)+00:00", "after \(i)")) }
        try store.importText(lines.joined(separator: "\n"))
        return store
    }

    @Test(arguments: [1, 7, 25, 59, 60, 61, 100])
    func pagingDownVisitsEveryRecordOnceInOrder(size: Int) throws {
        let store = try burstStore()
        let records = try store.allPages(RecordQuery(), size: size)
        #expect(records.count == 80)
        #expect(Set(records.map(\.id)).count == 80)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.key > $1.key })
    }

    @Test func pagingUpReturnsThePreviousPageNotTheNewest() throws {
        let store = try burstStore()
        let all = try store.allPages(RecordQuery(), size: 1000)
        // Walk up from the oldest in pages of 25, through the burst.
        var position = PagePosition.oldest
        var seen: [AuditRecord] = []
        while true {
            let page = try store.page(of: RecordQuery(), from: position, limit: 25)
            #expect(zip(page, page.dropFirst()).allSatisfy { $0.key > $1.key })
            seen = page + seen
            guard page.count == 25, let first = page.first else { break }
            position = .newerThan(first.key)
        }
        #expect(seen.map(\.id) == all.map(\.id))
        let middle = all[40].key
        let above = try store.page(of: RecordQuery(), from: .newerThan(middle), limit: 5)
        #expect(above.map(\.id) == all[35..<40].map(\.id))
    }

    @Test func customerScopeWithinABurst() throws {
        let store = try burstStore()
        let records = try store.allPages(RecordQuery(customer: "c-1"), size: 3)
        #expect(records.count == 20)
        #expect(records.allSatisfy { $0.customerID == "c-1" })
    }

    @Test func sinceIsInclusiveAndUntilExclusive() throws {
        let store = try burstStore()
        let since = Timestamp.parseISO("2025-02-01T08:00:30+00:00")!
        let until = Timestamp.parseISO("2025-02-01T08:01:01+00:00")!
        let records = try store.allPages(RecordQuery(since: since, until: until), size: 10)
        #expect(records.count == 61) // the burst, and "after 0" at 08:01:00
        #expect(records.first?.message == "after 0")
        #expect(try store.count(of: RecordQuery(since: since, until: until)) == 61)
        #expect(try store.count(of: RecordQuery(until: since)) == 10)
    }

    @Test func scopesSelectTheirRecords() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let admin = "25eb8c48-ff89-4b85-afc0-9081cc47edfc"
        let byAdmin = try store.allPages(RecordQuery(admin: admin), size: 7)
        #expect(!byAdmin.isEmpty && byAdmin.allSatisfy { $0.adminID == admin })
        let subscription = "9f3a59fb-6e29-4fe0-a26a-3657a747fe24"
        let bySubscription = try store.allPages(RecordQuery(subscription: subscription), size: 7)
        #expect(!bySubscription.isEmpty && bySubscription.allSatisfy { $0.subscriptionID == subscription })
        let audit = try store.allPages(RecordQuery(channel: "audit"), size: 7)
        #expect(!audit.isEmpty && audit.allSatisfy { $0.channel == "audit" && $0.change != nil })
        let warnings = try store.allPages(RecordQuery(minimumLevel: .warning), size: 7)
        #expect(!warnings.isEmpty && warnings.allSatisfy { $0.level >= 300 })
        let request = try store.allPages(RecordQuery(request: "ba0f06b"), size: 7)
        #expect(request.count == 4 && request.allSatisfy { $0.requestUID == "ba0f06b" })
        let total = try store.recordCount()
        #expect(try store.count(of: RecordQuery(channel: "audit")) + store.count(of: RecordQuery(channel: "controller"))
            == total)
    }

    @Test func customerLogIncludesItsSubscriptionsChanges() throws {
        let store = try temporaryStore()
        // The subscription's change comes first; only a later record ties it to the customer.
        try store.importText([
            monologLine("2025-02-01T08:00:00+00:00", "A field on the Subscription entity has been updated",
                        channel: "audit", context: #"{"subscription_id":"s-1","field":"seats","old_value":"1","new_value":"2"}"#),
            monologLine("2025-02-01T08:00:05+00:00", "Received request to view customer",
                        context: #"{"customer_id":"c-1"}"#),
            monologLine("2025-02-01T08:00:09+00:00", "Cancel subscription",
                        context: #"{"customer_id":"c-1","subscription_id":"s-1"}"#),
            monologLine("2025-02-01T08:00:10+00:00", "Other", context: #"{"customer_id":"c-2"}"#),
        ].joined(separator: "\n"))
        let log = try store.allPages(RecordQuery(customer: "c-1"), size: 2)
        #expect(log.map(\.message) == ["Cancel subscription", "Received request to view customer",
                                       "A field on the Subscription entity has been updated"])
        #expect(try store.entity(.customer, "c-1")?.recordCount == 3)
        // A later subscription change goes straight into the customer's log.
        try store.importText(monologLine("2025-02-01T09:00:00+00:00", "A field on the Subscription entity has been updated",
                                         channel: "audit", context: #"{"subscription_id":"s-1","field":"seats","old_value":"2","new_value":"3"}"#))
        #expect(try store.count(of: RecordQuery(customer: "c-1")) == 4)
        #expect(try store.entity(.customer, "c-1")?.recordCount == 4)
    }

    @Test func searchFindsMessagesContextAndValuesAsLiteralText() throws {
        let store = try temporaryStore()
        try store.importText([
            monologLine("2025-02-01T08:00:00+00:00", "Refund created", context: #"{"reason":"customer said \"NEAR\" AND OR"}"#),
            monologLine("2025-02-01T08:00:01+00:00", "A field on the Customer entity has been updated", channel: "audit",
                        context: #"{"customer_id":"c1","field":"billingEmail","old_value":"'old@acme.example'","new_value":"'o\\'neil@globex.example'"}"#),
            monologLine("2025-02-01T08:00:02+00:00", "100% done_now", context: #"{"path":"C:\\dir"}"#),
            monologLine("2025-02-01T08:00:03+00:00", "Nothing here"),
        ].joined(separator: "\n"))
        func find(_ words: String...) throws -> [String] {
            try store.allPages(RecordQuery(words: words), size: 10).map(\.message)
        }
        #expect(try find("refund") == ["Refund created"])
        #expect(try find("\"NEAR\" AND") == ["Refund created"])
        #expect(try find("AND OR") == ["Refund created"])
        #expect(try find("globex") == ["A field on the Customer entity has been updated"])
        #expect(try find("o\\'neil") == ["A field on the Customer entity has been updated"])
        #expect(try find("old@ACME") == ["A field on the Customer entity has been updated"])
        #expect(try find("100%") == ["100% done_now"])
        #expect(try find("0%") == ["100% done_now"])
        #expect(try find("e_") == ["100% done_now"])
        #expect(try find("%") == ["100% done_now"])
        #expect(try find("C:\\dir") == ["100% done_now"])
        #expect(try find("*", "NEAR(", "-x", "^a", "'; DROP TABLE records; --") == [])
        #expect(try find("refund", "nothing") == [])
        #expect(try store.recordCount() == 4)
    }

    @Test func everyScopeAndFilterReadsAnIndexInOrder() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        store.sparseSearchLimit = 1 // the words below are common: walk the scope's index (rare: next test)
        let queries = [
            RecordQuery(), RecordQuery(customer: "c"), RecordQuery(subscription: "s"), RecordQuery(admin: "a"),
            RecordQuery(channel: "audit"), RecordQuery(since: Timestamp(seconds: 1), until: Timestamp(seconds: 2)),
            RecordQuery(words: ["refund"]), RecordQuery(minimumLevel: .warning),
            RecordQuery(customer: "c", since: Timestamp(seconds: 1), words: ["x"], minimumLevel: .error, channel: "audit"),
        ]
        for query in queries {
            for position in [PagePosition.newest, .oldest, .olderThan(PageKey(time: Timestamp(seconds: 5), id: 3))] {
                let plan = try store.queryPlan(of: query, from: position).joined(separator: " | ")
                #expect(plan.contains("USING INDEX records_by") || plan.contains("USING COVERING INDEX records_by"),
                        "\(query): \(plan)")
                #expect(!plan.contains("TEMP B-TREE"), "\(query): \(plan)")
                #expect(!plan.contains("SCAN r\n") && !plan.hasPrefix("SCAN r |"), "\(query): \(plan)")
            }
        }
        let requestPlan = try store.queryPlan(of: RecordQuery(request: "abc")).joined(separator: " | ")
        #expect(requestPlan.contains("records_by_request"), "\(requestPlan)")
        // Warnings and worse on the whole log read their own partial index, and find what a scan finds.
        for level in [Level.warning, .error, .critical] {
            let query = RecordQuery(minimumLevel: level)
            #expect(try store.queryPlan(of: query).joined().contains("records_by_warning"), "\(level)")
            let scanned = try store.write { db in
                try db.scalarInt("SELECT count(*) FROM records NOT INDEXED WHERE level >= ?", [.int(Int64(level.rawValue))])
            } ?? -1
            #expect(try store.count(of: query) == Int(scanned) && store.allPages(query, size: 7).count == Int(scanned))
        }
    }

    @Test func aRareWordReadsItsCandidatesByRowidAndACommonWordWalksTheTimeIndex() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let withWord = [RecordQuery(words: ["refund"]), RecordQuery(customer: "c", words: ["updated"])]
        store.sparseSearchLimit = 1_000 // every word of the 99 samples is rare
        for query in withWord {
            let plan = try store.queryPlan(of: query).joined(separator: " | ")
            #expect(plan.contains("INTEGER PRIMARY KEY"), "\(query): \(plan)")
            #expect(plan.contains("records_text VIRTUAL TABLE"), "\(query): \(plan)")
            #expect(!plan.contains("records_by"), "\(query): \(plan)")
        }
        store.sparseWords = [:]
        store.sparseSearchLimit = 1 // every word that occurs at all is common
        for query in withWord {
            let plan = try store.queryPlan(of: query).joined(separator: " | ")
            #expect(plan.contains("INDEX records_by"), "\(query): \(plan)")
            #expect(!plan.contains("TEMP B-TREE") && !plan.contains("records_text"), "\(query): \(plan)")
        }
        // Both plans find the same records.
        for query in withWord {
            store.sparseWords = [:]
            store.sparseSearchLimit = 1
            let common = try store.allPages(query, size: 7).map(\.id)
            store.sparseWords = [:]
            store.sparseSearchLimit = 1_000
            let rare = try store.allPages(query, size: 7).map(\.id)
            #expect(common == rare)
        }
        #expect(try store.allPages(RecordQuery(words: ["refund"]), size: 7).count > 0)
    }

    @Test func entitiesListMostRecentFirstAndFilterByText() throws {
        let store = try temporaryStore()
        try store.upsertCustomer(id: "c-1", email: "billing@acme.example", name: "Acme Ltd")
        try store.upsertCustomer(id: "c-2", email: "ap@globex.example", name: "Globex")
        try store.importText([
            monologLine("2025-02-01T08:00:00+00:00", "View", context: #"{"customer_id":"c-1"}"#),
            monologLine("2025-02-01T09:00:00+00:00", "View", context: #"{"customer_id":"c-2"}"#),
            monologLine("2025-02-01T09:30:00+00:00", "View", context: #"{"customer_id":"c-2"}"#),
        ].joined(separator: "\n"))
        let all = try store.entities(.customer)
        #expect(all.map(\.id) == ["c-2", "c-1"])
        #expect(all.map(\.recordCount) == [2, 1])
        #expect(all[0].lastActivity == Timestamp.parseISO("2025-02-01T09:30:00+00:00"))
        #expect(try store.entities(.customer, matching: "ACME").map(\.label) == ["billing@acme.example"])
        #expect(try store.entities(.customer, matching: "%").isEmpty)
        #expect(try store.entities(.customer, after: all[0]).map(\.id) == ["c-1"])
        #expect(try store.page(of: RecordQuery(customer: "billing@acme.example"), from: .newest, limit: 5).count == 1)
    }
}

@Suite struct ConcurrentReadingTests {
    /// A browser's connection must see what an import commits after it opened (no pinned snapshot).
    @Test func aReaderSeesRecordsCommittedLater() throws {
        let writer = try temporaryStore()
        try writer.importText(monologLine("2025-02-01T08:00:00+00:00", "First"))
        let reader = try AuditStore(path: writer.path, mode: .readOnly)
        let token = try reader.changeToken()
        #expect(try reader.count(of: RecordQuery()) == 1)
        #expect(try reader.entities(.admin).isEmpty)
        #expect(try reader.page(of: RecordQuery(), from: .newest, limit: 1).count == 1)
        try writer.importText(monologLine("2025-02-01T08:00:01+00:00", "Second"))
        #expect(try reader.changeToken() != token)
        #expect(try reader.count(of: RecordQuery()) == 2)
        #expect(try reader.page(of: RecordQuery(), from: .newest, limit: 5).map(\.message) == ["Second", "First"])
    }

    /// A reader opened with no writer about reads the file as immutable (it creates nothing beside it); a
    /// writer that comes, imports and goes while the reader is idle must not leave it on stale pages.
    @Test func aReaderOpenedWithoutAWriterSeesAWholeImportThatCameAndWent() throws {
        let dir = temporaryDirectory()
        let path = dir + "/audit.db"
        do {
            let writer = try AuditStore(path: path, mode: .readWrite)
            try writer.importText(monologLine("2025-02-01T08:00:00+00:00", "First"))
        } // closed: the log is folded in and removed
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["audit.db"])
        let reader = try AuditStore(path: path, mode: .readOnly)
        let token = try reader.changeToken()
        #expect(try reader.page(of: RecordQuery(), from: .newest, limit: 5).map(\.message) == ["First"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["audit.db"])
        do {
            let writer = try AuditStore(path: path, mode: .readWrite)
            let lines = (1...3_000).map { monologLine(String(format: "2025-02-01T09:%02d:%02d+00:00", $0 / 60 % 60, $0 % 60),
                                                      "Later \($0)", context: #"{"customer_id":"c-\#($0 % 7)"}"#) }
            try writer.importText(lines.joined(separator: "\n"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["audit.db"])
        #expect(try reader.changeToken() != token)
        #expect(try reader.count(of: RecordQuery()) == 3_001)
        #expect(try reader.page(of: RecordQuery(), from: .newest, limit: 1).first?.message == "Later 3000")
        #expect(try reader.count(of: RecordQuery(customer: "c-3")) > 0)
    }

    /// A reader that followed a writer through its log must notice when the writer closes (the log goes)
    /// and see what a later writer adds while the reader is idle.
    @Test func aReaderFollowsOneWriterAfterAnother() throws {
        let path = temporaryDirectory() + "/audit.db"
        do { try AuditStore(path: path, mode: .readWrite).importText(monologLine("2025-02-01T08:00:00+00:00", "First")) }
        let reader = try AuditStore(path: path, mode: .readOnly)
        #expect(try reader.count(of: RecordQuery()) == 1)
        do {
            let writer = try AuditStore(path: path, mode: .readWrite)
            try writer.importText(monologLine("2025-02-01T08:00:01+00:00", "Second"))
            #expect(try reader.count(of: RecordQuery()) == 2) // read through the live log
        } // the writer closes: its log is folded in and removed
        do { try AuditStore(path: path, mode: .readWrite).importText(monologLine("2025-02-01T08:00:02+00:00", "Third")) }
        #expect(try reader.page(of: RecordQuery(), from: .newest, limit: 5).map(\.message) == ["Third", "Second", "First"])
    }
}
