/// A large import into a store that holds few records loads the records first and builds the filter
/// indexes afterwards: SQLite builds an index from sorted keys several times faster than it maintains
/// it through a million random inserts (INGEST.md). The time-led indexes stay, so duplicates are still
/// refused as they come and the Overall log is browsable throughout; a customer, subscription, admin,
/// channel, field or request view meanwhile walks the time index (correct, slower) until its index is back.
///
/// A marker row (`indexes_deferred` in `store_state`) is committed with the drop, and removed with the
/// last index built: a load killed midway (even by SIGKILL) leaves the marker, and the next writer to open
/// the store rebuilds the indexes (`finishIfInterrupted`). Subscriptions' earlier records are moved into
/// their customer's log in the same finishing step, through the rebuilt subscription index, and the
/// customers' counts are counted again from the records, so no record is lost, doubled or left out of a log.
enum BulkLoad {
    static let markerKey = "indexes_deferred"

    /// The indexes a bulk load drops and builds again: the same definitions as the schema's.
    static let deferredIndexes: [(name: String, sql: String)] = [
        ("records_by_subscription", """
            CREATE INDEX IF NOT EXISTS records_by_subscription ON records(subscription_id, time_us, id)
                WHERE subscription_id IS NOT NULL
            """),
        ("records_by_owner", """
            CREATE INDEX IF NOT EXISTS records_by_owner ON records(owner_customer, time_us, id)
                WHERE owner_customer IS NOT NULL
            """),
        ("records_by_admin", """
            CREATE INDEX IF NOT EXISTS records_by_admin ON records(admin_id, time_us, id) WHERE admin_id IS NOT NULL
            """),
        ("records_by_channel", "CREATE INDEX IF NOT EXISTS records_by_channel ON records(channel, time_us, id)"),
        ("records_by_field", """
            CREATE INDEX IF NOT EXISTS records_by_field ON records(field, time_us, id) WHERE field IS NOT NULL
            """),
        ("records_by_request", """
            CREATE INDEX IF NOT EXISTS records_by_request ON records(request_uid) WHERE request_uid IS NOT NULL
            """),
    ]

    /// Records an import must be expected to add, at least, before its indexes are deferred.
    static let minimumRecords: Int64 = 50_000

    /// Whether loading about `expected` more records is worth dropping the indexes: many records, and
    /// more than the store holds (rebuilding ten million records' indexes for one more million is not).
    static func worthIt(_ db: Connection, expected: Int64) throws -> Bool {
        guard expected >= minimumRecords else { return false }
        let stored = try db.scalarInt("SELECT max(id) FROM records") ?? 0
        return expected >= stored
    }

    /// Drops the deferred indexes and commits the marker that says they must be built again.
    static func begin(_ db: Connection) throws {
        try db.execute("BEGIN IMMEDIATE")
        do {
            for index in deferredIndexes { try db.execute("DROP INDEX IF EXISTS \(index.name)") }
            try db.prepared("INSERT OR REPLACE INTO store_state(key, value) VALUES (?, 1)").run([.text(markerKey)])
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// Builds the indexes again, moves subscriptions' records into their customers' logs, counts the
    /// customers again, and removes the marker. Each index is its own transaction (a reader is never
    /// blocked; a kill keeps the marker, so the next writer redoes what is missing).
    static func finish(_ db: Connection) throws {
        // A sort holds up to the cache's size in memory before it spills to a temporary file: a smaller
        // cache while building keeps the import's peak memory down, for little time.
        try db.execute("PRAGMA cache_size = -16384")
        defer { try? db.execute("PRAGMA cache_size = -65536") }
        func step(_ body: () throws -> Void) throws {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try body()
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
        for index in deferredIndexes where index.name != "records_by_owner" {
            try step { try db.execute(index.sql) }
        }
        try step {
            // Records stored before their subscription's customer was known belong to that customer's log.
            try db.execute("""
                UPDATE records SET owner_customer = s.customer_id FROM subscriptions s
                WHERE records.subscription_id = s.id AND records.owner_customer IS NULL AND s.customer_id IS NOT NULL
                """)
            if db.changes > 0 { try AuditStore.bumpOwnerEpoch(db) }
        }
        try step { try db.execute(deferredIndexes.first { $0.name == "records_by_owner" }!.sql) }
        try step {
            try db.execute("""
                INSERT INTO customers(id, record_count, last_us)
                SELECT owner_customer, count(*), max(time_us) FROM records INDEXED BY records_by_owner
                WHERE owner_customer IS NOT NULL GROUP BY owner_customer
                ON CONFLICT(id) DO UPDATE SET record_count = excluded.record_count, last_us = excluded.last_us
                """)
            try db.prepared("DELETE FROM store_state WHERE key = ?").run([.text(markerKey)])
        }
    }

    /// A bulk load that did not finish (killed) left its marker: build what it deferred.
    static func finishIfInterrupted(_ db: Connection) throws {
        let marked = try db.prepared("SELECT count(*) FROM store_state WHERE key = ?")
            .bind([.text(markerKey)]).single { $0.int64(0) } ?? 0
        if marked > 0 { try finish(db) }
    }
}
