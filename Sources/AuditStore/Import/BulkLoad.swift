/// A large import into a store that holds few records loads the records first and builds the filter
/// indexes afterwards: SQLite builds an index from sorted keys several times faster than it maintains
/// it through a million random inserts (BENCHMARKS.md). The time-led indexes stay, so duplicates are still
/// refused as they come and the Overall log is browsable throughout; a customer, subscription, admin,
/// channel, field or request view meanwhile walks the time index (correct, slower) until its index is back.
///
/// A marker row (`indexes_deferred` in `store_state`) is committed with the drop, and removed with the
/// last index built: a load killed midway (even by SIGKILL) leaves the marker, and the next writer to open
/// the store rebuilds the indexes (`finishIfInterrupted`). Subscriptions' earlier records are moved into
/// their customer's log in the same finishing step, through the rebuilt subscription index, and the
/// customers' counts are counted again from the records, so no record is lost, doubled or left out of a log.
enum BulkLoad {
    static let markerKey = StoreState.indexesDeferred

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
        try db.transaction {
            for index in RecordIndex.deferred { try db.execute("DROP INDEX IF EXISTS \(index.name)") }
            try StoreState.set(markerKey, to: 1, in: db)
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
        for index in RecordIndex.deferred where index != .byOwner {
            try db.transaction { try db.execute(index.createSQL) }
        }
        // A subscription's records that name no customer belong to its owner's log (`SubscriptionOwners`: the
        // owner the load's records decided, whatever order they came in).
        try db.transaction { try SubscriptionOwners.applyToRecords(db) }
        try db.transaction { try db.execute(RecordIndex.byOwner.createSQL) }
        try db.transaction {
            try SubscriptionOwners.recountCustomers(db)
            try StoreState.remove(markerKey, in: db)
        }
    }

    /// A bulk load that did not finish (killed) left its marker: build what it deferred.
    static func finishIfInterrupted(_ db: Connection) throws {
        if try StoreState.value(markerKey, in: db) != nil { try finish(db) }
    }
}
