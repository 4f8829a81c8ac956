/// Which customer's log shows a subscription's records (those that name no customer themselves), decided by
/// a rule that does not depend on the order logs are imported in: the customer named by the subscription's
/// newest record that names one; at the same moment, the greatest customer id (compared byte by byte, as
/// SQLite does). The directory (`import --customers`, the demo) names an owner only until a record names one.
/// A record that arrives later — an older log, a newer one — is weighed against the evidence so far
/// (`subscriptions.customer_us`: the time of the record that named the owner; NULL for the directory); when
/// the owner changes, the subscription's records move to the new owner's log, the customers' counts follow,
/// and the owner epoch is bumped so counts that go on count whole (`count(of:after:)`).
enum SubscriptionOwners {
    /// What decided a subscription's owner so far: the customer and the time of the record that named it
    /// (nil: the directory).
    struct Owner: Equatable {
        var customer: String
        var time: Int64?

        /// Whether a record at `time` naming `customer` decides over this evidence.
        func yields(to customer: String, at time: Int64) -> Bool {
            guard let known = self.time else { return true }
            if time != known { return time > known }
            return self.customer.utf8.lexicographicallyPrecedes(customer.utf8)
        }
    }

    /// Every subscription's owner as stored.
    static func load(_ db: Connection) throws -> [String: Owner] {
        var owners: [String: Owner] = [:]
        let statement = try db.prepared("SELECT id, customer_id, customer_us FROM subscriptions WHERE customer_id IS NOT NULL")
        while try statement.step() {
            owners[statement.text("id")] = Owner(customer: statement.text("customer_id"), time: statement.int64OrNil("customer_us"))
        }
        return owners
    }

    /// Stores the evidence of a record (or the directory, `time` nil) if it decides over what is stored.
    /// Returns whether the subscription's owner is now another customer.
    @discardableResult
    static func offer(_ db: Connection, subscription: String, customer: String, time: Int64?) throws -> Bool {
        let before = try db.prepared("SELECT customer_id FROM subscriptions WHERE id = ?").bind([.text(subscription)])
            .single { $0.textOrNil("customer_id") } ?? nil
        // A record decides over the directory, a later record, or one as late with a greater customer id;
        // the directory only fills an owner no record named.
        try db.prepared("""
            INSERT INTO subscriptions(id, customer_id, customer_us) VALUES (?1, ?2, ?3)
            ON CONFLICT(id) DO UPDATE SET customer_id = ?2, customer_us = ?3
            WHERE customer_id IS NULL OR (?3 IS NOT NULL
                AND (customer_us IS NULL OR ?3 > customer_us OR (?3 = customer_us AND ?2 > customer_id)))
            """).run([.text(subscription), .text(customer), time.map { .int($0) } ?? .null])
        return db.changes > 0 && before != customer
    }

    /// Moves a subscription's records that name no customer into `customer`'s log, with the counts of the
    /// customers they leave and join; bumps the owner epoch when any moved.
    static func move(_ db: Connection, subscription: String, to customer: String) throws {
        let leaving = try db.prepared("""
            SELECT owner_customer AS owner, count(*) AS records FROM records
            WHERE subscription_id = ?1 AND customer_id IS NULL AND owner_customer IS NOT ?2 GROUP BY owner_customer
            """).bind([.text(subscription), .text(customer)])
        var left: [(String, Int64)] = []
        while try leaving.step() {
            if let owner = leaving.textOrNil("owner") { left.append((owner, leaving.int64("records"))) }
        }
        try db.prepared("""
            UPDATE records SET owner_customer = ?2 WHERE subscription_id = ?1 AND customer_id IS NULL
                AND owner_customer IS NOT ?2
            """).run([.text(subscription), .text(customer)])
        let moved = Int64(db.changes)
        guard moved > 0 else { return }
        for (owner, count) in left + [(customer, -moved)] {
            // Counts of these customers' logs made before are no base for counting on; other views' are.
            try StoreState.increment(StoreState.ownerEpoch(of: owner), in: db)
            try db.prepared("INSERT INTO customers(id) VALUES (?1) ON CONFLICT(id) DO NOTHING").run([.text(owner)])
            try db.prepared("""
                UPDATE customers SET record_count = record_count - ?2,
                    last_us = (SELECT max(time_us) FROM records WHERE owner_customer = ?1) WHERE id = ?1
                """).run([.text(owner), .int(count)])
        }
    }

    /// Decides every subscription's owner from the records stored (a store made before the rule), moves
    /// the records that are in another log, and counts the customers again: the upgrade to schema 11.
    static func decideFromRecords(_ db: Connection) throws {
        if try db.scalarInt("SELECT count(*) FROM pragma_table_info('subscriptions') WHERE name = 'customer_us'") == 0 {
            try db.execute("ALTER TABLE subscriptions ADD COLUMN customer_us INTEGER")
        }
        // One pass over the records (a killed bulk load may have dropped the subscription index).
        try db.execute("""
            UPDATE subscriptions SET customer_id = n.customer_id, customer_us = n.time_us FROM (
                SELECT subscription_id, customer_id, time_us, row_number() OVER (
                    PARTITION BY subscription_id ORDER BY time_us DESC, customer_id DESC) AS rank
                FROM records WHERE subscription_id IS NOT NULL AND customer_id IS NOT NULL) n
            WHERE n.subscription_id = subscriptions.id AND n.rank = 1
            """)
        // A bulk load that was killed owes its indexes: its finishing step applies the owners then.
        guard try StoreState.value(StoreState.indexesDeferred, in: db) == nil else { return }
        if try applyToRecords(db) { try recountCustomers(db) }
    }

    /// Every record that names no customer into its subscription's owner's log, then (when any moved) the
    /// customers counted again from the records and the owner epoch bumped. `BulkLoad.finish` and the
    /// upgrade; needs the subscription index for speed. Returns whether any record moved.
    @discardableResult
    static func applyToRecords(_ db: Connection) throws -> Bool {
        try db.execute("""
            UPDATE records SET owner_customer = s.customer_id FROM subscriptions s
            WHERE records.subscription_id = s.id AND records.customer_id IS NULL AND s.customer_id IS NOT NULL
                AND records.owner_customer IS NOT s.customer_id
            """)
        guard db.changes > 0 else { return false }
        try StoreState.increment(StoreState.ownerEpoch, in: db)
        return true
    }

    /// Every customer's record count and last activity, counted again from the records (a customer left
    /// with none has 0).
    static func recountCustomers(_ db: Connection) throws {
        try db.execute("UPDATE customers SET record_count = 0, last_us = NULL WHERE record_count != 0 OR last_us IS NOT NULL")
        try db.execute("""
            INSERT INTO customers(id, record_count, last_us)
            SELECT owner_customer, count(*), max(time_us) FROM records INDEXED BY \(RecordIndex.byOwner.name)
            WHERE owner_customer IS NOT NULL GROUP BY owner_customer
            ON CONFLICT(id) DO UPDATE SET record_count = excluded.record_count, last_us = excluded.last_us
            """)
    }
}
