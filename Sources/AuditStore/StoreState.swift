/// The `store_state` table: a few numbers the store keeps about itself, by name.
enum StoreState {
    /// Every record with an id at or below it is in the search index (`indexPendingText`).
    static let textIndexedUpTo = "text_indexed_upto"
    /// Present while a bulk load owes the filter indexes (`BulkLoad`).
    static let indexesDeferred = "indexes_deferred"
    /// Changes whenever stored records move between logs (`RecordWriter.assignOwner`, `BulkLoad.finish`):
    /// a count made before is no base for counting on (`count(of:after:)`).
    static let ownerEpoch = "owner_epoch"

    /// One customer's part of the owner epoch: bumped when records join or leave that customer's log
    /// (`RecordWriter.assignOwner`), so only that customer's views count whole; the store's `ownerEpoch`
    /// stays for moves of many customers at once (a bulk load's).
    static func ownerEpoch(of customer: String) -> String { ownerEpoch + ":" + customer }

    static func value(_ key: String, in db: Connection) throws -> Int64? {
        try db.scalarInt("SELECT value FROM store_state WHERE key = ?", [.text(key)])
    }

    static func set(_ key: String, to value: Int64, in db: Connection) throws {
        try db.prepared("INSERT OR REPLACE INTO store_state(key, value) VALUES (?, ?)").run([.text(key), .int(value)])
    }

    static func increment(_ key: String, in db: Connection) throws {
        try db.prepared("""
            INSERT INTO store_state(key, value) VALUES (?1, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1
            """).run([.text(key)])
    }

    static func remove(_ key: String, in db: Connection) throws {
        try db.prepared("DELETE FROM store_state WHERE key = ?").run([.text(key)])
    }
}
