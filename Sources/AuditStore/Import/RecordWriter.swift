/// Inserts parsed records inside the caller's transaction and keeps the derived tables true: the
/// directory's record counts and last activity, and which customer owns a subscription (so a customer's
/// log includes its subscriptions' changes).
final class RecordWriter {
    private let db: Connection
    /// Each subscription's owner and the evidence for it (`SubscriptionOwners`), as stored and as this writer
    /// has decided since.
    private var subscriptionOwners: [String: SubscriptionOwners.Owner] = [:]
    /// Subscriptions whose owner a newer record named again (the same customer): their evidence is written
    /// with the counts.
    private var newerEvidence: Set<String> = []
    /// The database's `data_version` when the owners were read, and whether this transaction has looked at
    /// it: another writer (an import beside a follower) may decide owners between two transactions.
    private var ownersReadAt: Int64?
    private var ownersChecked = false
    /// How often each fingerprint was seen in the current source: the nth identical record is a new one.
    /// Kept for the last ten minutes of record time (`OccurrenceWindow`, as a resumed import's), pruned at
    /// each flush: a map of every fingerprint grew with the file (10 M records: over 300 MiB of the import).
    private var occurrences = OccurrenceWindow()
    private var deltas: [EntityTable: [String: (count: Int64, last: Int64)]] = [:]
    /// Customers' e-mails from their `billingEmail` changes, written with the counts.
    private var emails = CustomerEmails()
    /// The hash chain's newest link, read at the first record of each transaction (another writer may
    /// have stored records between two).
    private var lastLink: [UInt8]?

    enum EntityTable: String { case customers, subscriptions, admins }
    /// A bulk load: a subscription's records are moved into its owner's log when the load finishes
    /// (`BulkLoad.finish`), not at once (that needs the subscription index it deferred).
    private let deferOwnerMoves: Bool

    /// The two statements every record runs, held here: through the connection's cache each would be
    /// found by hashing its text, twice per record.
    private let insertRecord: Statement
    private let insertLink: Statement

    init(db: Connection, deferOwnerMoves: Bool = false) throws {
        self.db = db
        self.deferOwnerMoves = deferOwnerMoves
        insertRecord = try Statement(connection: db, sql: RecordColumn.insertSQL)
        insertLink = try Statement(connection: db, sql: "INSERT INTO record_links(id, link) VALUES (?, ?)")
        try reloadOwners()
    }

    func reloadOwners() throws {
        ownersReadAt = try db.scalarInt("PRAGMA data_version")
        subscriptionOwners = try SubscriptionOwners.load(db)
        newerEvidence = []
    }

    /// At a transaction's first record: the owners again if another connection has written since.
    private func checkOwners() throws {
        ownersChecked = true
        if try db.scalarInt("PRAGMA data_version") != ownersReadAt { try reloadOwners() }
    }

    /// Starts a new source: occurrence numbers count from zero again, or from where an earlier import of
    /// it stopped (`SourcePositions`).
    func beginSource(occurrences seeds: OccurrenceWindow = OccurrenceWindow()) { occurrences = seeds }

    /// How many fingerprints the writer remembers (tests: bounded by the window, not the file).
    var rememberedFingerprints: Int { occurrences.counts.count }

    /// Forgets what was counted since the last flush (after a rollback).
    func discardPending() throws {
        deltas.removeAll()
        emails.discard()
        lastLink = nil
        ownersChecked = false
        try reloadOwners()
    }

    /// Stores one record unless the same record of the same occurrence is stored already.
    /// Returns whether it was new.
    @discardableResult
    func insert(_ record: AuditRecord) throws -> Bool { try insert(PreparedRecord(record)) }

    @discardableResult
    func insert(_ prepared: PreparedRecord) throws -> Bool {
        let occurrence = occurrences.counts[prepared.fingerprint]?.count ?? 0
        var record = prepared.record
        let time = record.time.microseconds
        occurrences.note(prepared.fingerprint, time: time)

        let customer = record.customerID
        let subscription = record.subscriptionID
        let admin = record.adminID
        if !ownersChecked { try checkOwners() }
        if let subscription, let customer {
            try weighOwner(subscription: subscription, customer: customer, time: time)
        }
        let owner = customer ?? subscription.flatMap { subscriptionOwners[$0]?.customer }
        record.ownerCustomerID = owner
        record.ref = RecordRef(fingerprint: prepared.fingerprint, occurrence: occurrence)

        try insertRecord.run(RecordColumn.inserted.map { $0.value(of: record) })
        guard db.changes == 1 else { return false }
        let id = db.lastInsertRowID
        let previous = try lastLink ?? HashChain.head(db).link
        let link = HashChain.link(after: previous, id: id, occurrence: occurrence, content: prepared.contentDigest)
        try insertLink.run([.int(id), .blob(link)])
        lastLink = link
        // Its search text is indexed later (`indexPendingText`), after the records are browsable.
        if let owner { count(.customers, owner, time) }
        if let subscription { count(.subscriptions, subscription, time) }
        if let admin { count(.admins, admin, time) }
        emails.note(customer: customer, change: record.change, time: time)
        return true
    }

    private func count(_ table: EntityTable, _ id: String, _ time: Int64, by amount: Int64 = 1) {
        let old = deltas[table, default: [:]][id] ?? (0, Int64.min)
        deltas[table, default: [:]][id] = (old.count + amount, max(old.last, time))
    }

    /// A record naming a subscription and a customer is evidence for the subscription's owner
    /// (`SubscriptionOwners`): when it decides for another customer, the subscription's records move to
    /// that customer's log (at once, or for a bulk load when it finishes).
    private func weighOwner(subscription: String, customer: String, time: Int64) throws {
        let known = subscriptionOwners[subscription]
        guard known?.yields(to: customer, at: time) ?? true else { return }
        subscriptionOwners[subscription] = SubscriptionOwners.Owner(customer: customer, time: time)
        if known?.customer == customer {
            newerEvidence.insert(subscription) // the same owner, on newer evidence: written with the counts
            return
        }
        newerEvidence.remove(subscription)
        // The counts so far first: the move counts the customers' records from the table.
        if !deferOwnerMoves { try flushCounts() }
        try Self.assignOwner(db: db, subscription: subscription, customer: customer, time: time, move: !deferOwnerMoves)
    }

    /// Offers an owner for a subscription (`time` nil: the directory's) and, when it decides, moves the
    /// subscription's records into that customer's log.
    static func assignOwner(db: Connection, subscription: String, customer: String, time: Int64?, move: Bool = true) throws {
        guard try SubscriptionOwners.offer(db, subscription: subscription, customer: customer, time: time), move else { return }
        try SubscriptionOwners.move(db, subscription: subscription, to: customer)
    }

    /// Writes the pending counts; call before every commit.
    func flush() throws {
        try flushCounts()
        for subscription in newerEvidence {
            if let owner = subscriptionOwners[subscription] {
                try SubscriptionOwners.offer(db, subscription: subscription, customer: owner.customer, time: owner.time)
            }
        }
        newerEvidence.removeAll(keepingCapacity: true)
        try emails.flush(db)
        lastLink = nil
        occurrences.prune()
        ownersChecked = false
    }

    private func flushCounts() throws {
        for (table, entries) in deltas {
            for (id, delta) in entries {
                try Self.addCounts(db: db, table: table, id: id, count: delta.count, last: delta.last)
            }
        }
        deltas.removeAll(keepingCapacity: true)
    }

    private static func addCounts(db: Connection, table: EntityTable, id: String, count: Int64, last: Int64) throws {
        try db.prepared("""
            INSERT INTO \(table.rawValue)(id, record_count, last_us) VALUES (?1, ?2, ?3)
            ON CONFLICT(id) DO UPDATE SET record_count = record_count + ?2,
                last_us = max(coalesce(last_us, ?3), ?3)
            """).run([.text(id), .int(count), .int(last)])
    }
}

/// A 64-bit FNV-1a hash of everything a record says: the same record from any source form has the
/// same fingerprint.
enum Fingerprint {
    static func of(_ record: AuditRecord) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        func mix(_ text: String) {
            // Over the contiguous bytes: an import hashes every byte of every record.
            var text = text
            text.withUTF8 { bytes in
                var h = hash
                for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
                hash = h
            }
            mix(0xFF) // never in UTF-8: separates fields
        }
        var time = UInt64(bitPattern: record.time.microseconds)
        for _ in 0..<8 { mix(UInt8(time & 0xFF)); time >>= 8 }
        mix(record.channel)
        mix(String(record.level))
        mix(record.message)
        mix(record.contextJSON)
        mix(record.extraJSON)
        return hash
    }
}

/// What a search looks through: the message, then every value in the context (which holds the old
/// and new values of a change).
enum SearchText {
    static func body(message: String, context: JSONValue) -> String {
        var body = message
        context.forEachLeaf { body += "\n"; body += $0 }
        return body
    }
}
