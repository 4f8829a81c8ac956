@testable import AuditStore
import Foundation
import Testing

/// The customer whose log shows a subscription's records is decided by a rule that does not depend on the
/// order the logs are imported in: the customer named by the subscription's newest record that names one
/// (at the same time, the greatest id). `prod.log*` in a shell is newest first; a script may go oldest first.
@Suite struct OwnerRuleTests {
    /// A rotated set whose logs name two customers for `sub-1` (`cus-a` in the oldest, `cus-b` in the newest)
    /// and, at the same moment where two logs meet, two for `sub-2` (`cus-c` and `cus-d`).
    static let files: [(name: String, lines: [String])] = [
        ("prod.log.2", [
            line("2025-02-01T08:00:00+00:00", "Received request to update subscription", "controller",
                 #"{"subscription_id":"sub-1","customer_id":"cus-a"}"#),
            change("2025-02-01T08:00:01+00:00", "sub-1", "seats", "1", "2"),
            line("2025-02-01T08:00:02+00:00", "Received request to read subscription", "controller", #"{"subscription_id":"sub-3"}"#),
            line("2025-02-01T23:59:59+00:00", "Received request to update subscription", "controller",
                 #"{"subscription_id":"sub-2","customer_id":"cus-d"}"#),
            change("2025-02-01T23:59:59+00:00", "sub-2", "status", "'active'", "'paused'"),
        ]),
        ("prod.log.1", [
            line("2025-02-01T23:59:59+00:00", "Received request to update subscription", "controller",
                 #"{"subscription_id":"sub-2","customer_id":"cus-c"}"#),
            change("2025-02-02T09:00:00+00:00", "sub-1", "seats", "2", "3"),
            change("2025-02-02T09:00:01+00:00", "sub-2", "status", "'paused'", "'active'"),
        ]),
        ("prod.log", [
            line("2025-02-03T10:00:00+00:00", "Received request to update subscription", "controller",
                 #"{"subscription_id":"sub-1","customer_id":"cus-b"}"#),
            change("2025-02-03T10:00:01+00:00", "sub-1", "seats", "3", "4"),
            line("2025-02-03T10:00:02+00:00", "Customer updated", "controller", #"{"customer_id":"cus-a"}"#),
        ]),
    ]

    static func line(_ time: String, _ message: String, _ channel: String, _ context: String) -> String {
        monologLine(time, message, channel: channel, context: context, extra: #"{"uid":"u"}"#)
    }

    static func change(_ time: String, _ subscription: String, _ field: String, _ old: String, _ new: String) -> String {
        monologLine(time, "A field on the Subscription entity has been updated", channel: "audit",
                    context: #"{"subscription_id":"\#(subscription)","field":"\#(field)","old_value":"\#(old)","new_value":"\#(new)"}"#)
    }

    static func writeFiles() -> String {
        let dir = temporaryDirectory()
        for file in files {
            FileManager.default.createFile(atPath: dir + "/" + file.name, contents: Data((file.lines.joined(separator: "\n") + "\n").utf8))
        }
        return dir
    }

    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[T]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    /// Everything a user sees of the store but the ids (which follow the import order): every record as
    /// exported, and every customer's and subscription's line in the pickers.
    static func shown(_ store: AuditStore) throws -> [String] {
        var lines: [String] = []
        try store.forEachRecord(of: RecordQuery()) { record in
            let json = RecordEncoding.json(record)
            lines.append(String(json[json.firstIndex(of: ",")!...]))
        }
        for kind in [EntityKind.customer, .subscription] {
            for entity in try store.entities(kind) {
                lines.append("\(kind) \(entity.id) \(entity.customerID ?? "-") \(entity.recordCount) \(entity.lastActivity?.microseconds ?? 0)")
            }
        }
        for customer in ["cus-a", "cus-b", "cus-c", "cus-d"] {
            lines.append("\(customer): \(try store.count(of: RecordQuery(customer: customer)))")
        }
        return lines.sorted()
    }

    @Test(arguments: [BulkLoadChoice.never, .always])
    func everyOrderOfTheLogsGivesTheSameStore(bulk: BulkLoadChoice) throws {
        let dir = Self.writeFiles()
        var options = ImportOptions()
        options.bulkLoad = bulk
        var stores: [[String]: [String]] = [:]
        for order in Self.permutations(Self.files.map(\.name)) {
            let store = try temporaryStore()
            for name in order { try store.importSource(path: dir + "/" + name, options: options) }
            stores[try Self.shown(store), default: []].append(order.joined(separator: " "))
        }
        #expect(stores.count == 1, "\(stores.values.map { $0.joined(separator: ", ") }.joined(separator: "\n  differs from "))")
        // The rule: sub-1's newest record naming a customer names cus-b; sub-2's two at one moment, the greater id.
        let store = try temporaryStore()
        for name in ["prod.log", "prod.log.1", "prod.log.2"] { try store.importSource(path: dir + "/" + name, options: options) }
        #expect(try store.entity(.subscription, "sub-1")?.customerID == "cus-b")
        #expect(try store.entity(.subscription, "sub-2")?.customerID == "cus-d")
        #expect(try store.count(of: RecordQuery(customer: "cus-b")) == 4) // its own record and sub-1's three changes
        #expect(try store.count(of: RecordQuery(customer: "cus-a")) == 2) // its own two records only
    }

    /// When an older log arrives or a newer one names another customer, the records that change logs make
    /// counts that go on count again: each count equals a fresh one.
    @Test(arguments: [BulkLoadChoice.never, .always])
    func countsThatGoOnCountWholeWhenRecordsMoveLogs(bulk: BulkLoadChoice) throws {
        let dir = Self.writeFiles()
        var options = ImportOptions()
        options.bulkLoad = bulk
        let store = try temporaryStore()
        let reader = try AuditStore(path: store.path, mode: .readOnly)
        var counts: [String: ViewCount] = [:]
        for name in ["prod.log.2", "prod.log", "prod.log.1"] {
            try store.importSource(path: dir + "/" + name, options: options)
            for customer in ["cus-a", "cus-b", "cus-c", "cus-d"] {
                let query = RecordQuery(customer: customer)
                let goneOn = try reader.count(of: query, after: counts[customer])
                #expect(goneOn.count == (try reader.count(of: query)), "\(customer) after \(name)")
                counts[customer] = goneOn
                let listed = try reader.entity(.customer, customer)?.recordCount ?? 0
                #expect(listed == goneOn.count, "the picker's count of \(customer) after \(name)")
            }
        }
    }

    /// A store of the layout before (schema 10), whose owners were the first customer learned, is upgraded by
    /// its first writer: every owner decided again by the rule, the records moved, the counts following; also
    /// when a bulk load was killed in it (its indexes owed: the upgrade reads the records without them).
    @Test(arguments: [false, true])
    func anUpgradedStoreDecidesItsOwnersAgain(killedBulkLoad: Bool) throws {
        let dir = Self.writeFiles()
        let path = temporaryDirectory() + "/audit.db"
        do {
            let store = try AuditStore(path: path, mode: .readWrite)
            for name in ["prod.log", "prod.log.1", "prod.log.2"] { try store.importSource(path: dir + "/" + name) }
            // As schema 10 left it when the oldest log came first: sub-1 in cus-a's log.
            try store.write { db in try db.execute("""
                UPDATE subscriptions SET customer_id = 'cus-a' WHERE id = 'sub-1';
                UPDATE records SET owner_customer = 'cus-a' WHERE subscription_id = 'sub-1' AND customer_id IS NULL;
                UPDATE customers SET record_count = 5 WHERE id = 'cus-a';
                UPDATE customers SET record_count = 1 WHERE id = 'cus-b';
                ALTER TABLE subscriptions DROP COLUMN customer_us;
                PRAGMA user_version = 10
                """) }
            if killedBulkLoad { try store.write { db in try BulkLoad.begin(db) } }
        }
        #expect(throws: StoreError.self) { try AuditStore(path: path, mode: .readOnly) }
        _ = try AuditStore(path: path, mode: .readWrite)
        let store = try AuditStore(path: path, mode: .readOnly)
        #expect(try store.read { db in try StoreState.value(BulkLoad.markerKey, in: db) } == nil, "the owed indexes built")
        #expect(try store.entity(.subscription, "sub-1")?.customerID == "cus-b")
        for (customer, count) in [("cus-a", 2), ("cus-b", 4)] {
            #expect(try store.count(of: RecordQuery(customer: customer)) == count, "\(customer)'s log")
            #expect(try store.entity(.customer, customer)?.recordCount == count, "\(customer)'s count in the picker")
        }
        let fresh = try temporaryStore()
        for name in ["prod.log.2", "prod.log.1", "prod.log"] { try fresh.importSource(path: dir + "/" + name) }
        #expect(try Self.shown(store) == Self.shown(fresh))
    }

    /// `import --follow` applies the rule as lines arrive, also when another import decided an owner
    /// meanwhile (the operator imports the rotated logs beside the follower): the followed records go to the
    /// log the store says, and the store ends as any order of the same logs gives.
    @Test func aFollowerAppliesTheRuleWithAnotherImportBesideIt() throws {
        let dir = Self.writeFiles()
        let store = try temporaryStore()
        let followed = dir + "/followed.log"
        let newest = Self.files[2].lines // cus-b named for sub-1 at 10:00:00, sub-1 changed at 10:00:01, cus-a updated
        try (newest[2] + "\n").write(toFile: followed, atomically: false, encoding: .utf8)
        let follower = LogFollower(store: store, paths: [followed], startingAt: [followed: 0])
        #expect(try follower.poll(now: 0) == 1)
        // Another writer imports the older logs: sub-1 is cus-a's (named at 08:00:00).
        let beside = try AuditStore(path: store.path, mode: .readWrite)
        for name in ["prod.log.2", "prod.log.1"] { try beside.importSource(path: dir + "/" + name) }
        func append(_ line: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: followed))
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try handle.close()
        }
        try append(newest[1])
        #expect(try follower.poll(now: 1) == 1)
        #expect(try store.count(of: RecordQuery(customer: "cus-a")) == 5, "sub-1's newest change in the owner's log the store says")
        try append(newest[0])
        #expect(try follower.poll(now: 2) == 1)
        #expect(try store.entity(.subscription, "sub-1")?.customerID == "cus-b")
        let fresh = try temporaryStore()
        for name in ["prod.log", "prod.log.1", "prod.log.2"] { try fresh.importSource(path: dir + "/" + name) }
        #expect(try Self.shown(store) == Self.shown(fresh))
    }
}
