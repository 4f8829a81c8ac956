/// The database layout, versioned through `PRAGMA user_version`. Each migration takes the database from
/// version `index` to `index + 1`; a database newer than the last migration is refused.
enum Schema {
    /// Marks a database as auditlog's, so another program's SQLite file is not taken for ours.
    static let applicationID: Int64 = 0x4155_4C47 // "AULG"

    static let migrations: [String] = [
        // 0 → 1: the first layout.
        """
        CREATE TABLE records (
            id              INTEGER PRIMARY KEY,
            time_us         INTEGER NOT NULL,
            channel         TEXT NOT NULL,
            level           INTEGER NOT NULL,
            level_name      TEXT NOT NULL,
            message         TEXT NOT NULL,
            context         TEXT NOT NULL,
            extra           TEXT NOT NULL,
            customer_id     TEXT,
            subscription_id TEXT,
            admin_id        TEXT,
            request_uid     TEXT,
            field           TEXT,
            old_value       TEXT,
            new_value       TEXT,
            -- The customer whose log shows this record: its own customer_id, else its subscription's.
            owner_customer  TEXT,
            -- Content fingerprint and its occurrence number within one source: re-imports add nothing,
            -- identical records inside one source are all kept.
            fingerprint     INTEGER NOT NULL,
            occurrence      INTEGER NOT NULL
        );
        \(RecordIndex.identity.createSQL);
        \(RecordIndex.byTime.createSQL);
        \(RecordIndex.byOwner.createSQL);
        \(RecordIndex.bySubscription.createSQL);
        \(RecordIndex.byAdmin.createSQL);
        \(RecordIndex.byChannel.createSQL);
        \(RecordIndex.byRequest.createSQL);

        -- Message, context values and old/new values, searchable as substrings. No column sizes (nothing is
        -- ranked): a fifth less work per record. Databases made before this option keep theirs; both work.
        CREATE VIRTUAL TABLE records_text USING fts5(body, content='', tokenize='trigram', detail=none, columnsize=0);

        CREATE TABLE admins (
            id TEXT PRIMARY KEY, email TEXT, name TEXT,
            record_count INTEGER NOT NULL DEFAULT 0, last_us INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE customers (
            id TEXT PRIMARY KEY, email TEXT, name TEXT,
            record_count INTEGER NOT NULL DEFAULT 0, last_us INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY, customer_id TEXT, plan TEXT,
            record_count INTEGER NOT NULL DEFAULT 0, last_us INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX admins_by_activity ON admins(coalesce(last_us, 0), id);
        CREATE INDEX customers_by_activity ON customers(coalesce(last_us, 0), id);
        CREATE INDEX subscriptions_by_activity ON subscriptions(coalesce(last_us, 0), id);
        """,
        // 1 → 2: the search index is built after the records (`indexPendingText`); this is how far it is.
        """
        CREATE TABLE store_state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO store_state(key, value) SELECT 'text_indexed_upto', coalesce(max(id), 0) FROM records;
        -- The search index merges its segments 16 at a time, not 4: a fifth less work while indexing a
        -- bulk load, for a few more segments to read per search (BENCHMARKS.md).
        INSERT INTO records_text(records_text, rank) VALUES ('automerge', 16);
        INSERT INTO records_text(records_text, rank) VALUES ('crisismerge', 64);
        \(RecordIndex.byField.createSQL);
        """,
        // 2 → 3: the hash chain over the records in the order they were stored (`HashChain`); the records
        // stored before are linked by `migrate`, in id order.
        """
        CREATE TABLE record_links(id INTEGER PRIMARY KEY, link BLOB NOT NULL);
        """,
        // 3 → 4: warnings and worse in time order, a few per cent of the records: `level:warning` on the whole
        // log, its count, and the histogram's warnings per bucket read ranges of it instead of every record.
        "\(RecordIndex.byWarning.createSQL);",
        // 4 → 5: a customer's subscriptions without reading them all ("state then" lists those linked then).
        """
        CREATE INDEX IF NOT EXISTS subscriptions_by_customer ON subscriptions(customer_id) WHERE customer_id IS NOT NULL;
        """,
        // 5 → 6: a customer's e-mails as its `billingEmail` changes say (`CustomerEmails`; filled from the
        // records stored before by `migrate`): the newest for pickers and labels, every one for the filter.
        // The columns `customers.log_email` and `log_email_us` are added there too (when missing).
        """
        CREATE TABLE IF NOT EXISTS customer_emails(customer_id TEXT NOT NULL, email TEXT NOT NULL,
            PRIMARY KEY(customer_id, email)) WITHOUT ROWID;
        """,
        // 6 → 7: how far each file was read (`SourcePositions`): importing it again reads only what it got since.
        """
        CREATE TABLE IF NOT EXISTS source_positions(
            device INTEGER NOT NULL, inode INTEGER NOT NULL, path TEXT NOT NULL,
            head_length INTEGER NOT NULL, head_hash BLOB NOT NULL,
            offset INTEGER NOT NULL, lines INTEGER NOT NULL, size INTEGER NOT NULL, complete INTEGER NOT NULL,
            occurrences BLOB NOT NULL,
            PRIMARY KEY(device, inode));
        """,
        // 7 → 8: the entity a field change is of (`records.entity`), derived from its message once
        // (`FieldChange.entity(named:)`) rather than parsed by every reader: the column is added (when
        // missing) and the records stored before get theirs by `migrate` (`fillEntities`).
        "",
        // 8 → 9: a record by its reference (`RecordRef`, `ref:`): its fingerprint, indexed.
        "\(RecordIndex.byFingerprint.createSQL);",
        // 9 → 10: notes on records (`Notes/`): who wrote what on which record (by its content identity), and
        // their own hash chain (`NoteChain`).
        NoteSQL.createSQL,
        // 10 → 11: a subscription's owner decided by a rule that does not depend on the import order (its newest
        // record naming a customer, `SubscriptionOwners`): `subscriptions.customer_us` keeps the evidence's
        // time; `migrate` adds it (when missing), decides every owner from the records and moves those in
        // another customer's log.
        "",
        // 11 → 12: the drop directory (`Drop/`): the files the ingester took or refused (`drop_files`), and the
        // store's own settings (`store_settings`), where the ingester records its drop directory.
        DropSQL.createSQL,
        // 12 → 13: who looked (`Access/`): the shared server's access records, from the drop directory, and their
        // own hash chain (`access_links`).
        AccessSQL.createSQL,
    ]

    /// The schema version that introduced the hash chain.
    static let chainVersion: Int64 = 3
    /// The schema version that introduced customers' e-mails from their changes.
    static let customerEmailsVersion: Int64 = 6
    /// The schema version that stored each field change's entity.
    static let entityVersion: Int64 = 8
    /// The schema version that added notes.
    static let notesVersion: Int64 = 10
    /// The schema version that decides a subscription's owner by its newest record naming one.
    static let ownerRuleVersion: Int64 = 11
    /// The schema version that added the drop directory's tables.
    static let dropVersion: Int64 = 12
    /// The schema version that added access records.
    static let accessVersion: Int64 = 13

    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Brings a writable database up to date; creates it when empty.
    static func migrate(_ db: Connection, path: String) throws {
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        try check(db, version: version, path: path)
        guard version < currentVersion else { return }
        try db.transaction {
            for index in Int(version)..<migrations.count { try db.execute(migrations[index]) }
            if version < chainVersion { try HashChain.linkUnlinked(db) }
            if version < customerEmailsVersion { try CustomerEmails.backfill(db) }
            if version < entityVersion { try fillEntities(db) }
            if version < ownerRuleVersion { try SubscriptionOwners.decideFromRecords(db) }
            try db.execute("PRAGMA user_version = \(currentVersion)")
            try db.execute("PRAGMA application_id = \(applicationID)")
        }
    }

    /// Gives the field changes stored before schema 8 their entity: one update per distinct change message
    /// (a handful), read by the same function an import uses.
    static func fillEntities(_ db: Connection) throws {
        if try db.scalarInt("SELECT count(*) FROM pragma_table_info('records') WHERE name = 'entity'") == 0 {
            try db.execute("ALTER TABLE records ADD COLUMN entity TEXT")
        }
        let messages = try db.texts("SELECT DISTINCT message FROM records WHERE field IS NOT NULL")
        let update = try db.prepared("UPDATE records SET entity = ?1 WHERE field IS NOT NULL AND message = ?2")
        for message in messages {
            guard let entity = FieldChange.entity(named: message) else { continue }
            try update.run([.text(entity), .text(message)])
        }
    }

    /// Refuses a database that is not ours or is newer than this program.
    static func check(_ db: Connection, version: Int64, path: String) throws {
        let applicationID = try db.scalarInt("PRAGMA application_id") ?? 0
        if version > currentVersion {
            throw StoreError("\(path) was written by a newer auditlog (schema \(version), this one reads up to "
                + "\(currentVersion)); upgrade auditlog")
        }
        if version == 0 {
            let tables = try db.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
            if tables > 0 { throw StoreError("\(path) is a database of another program, not an auditlog database") }
        } else if applicationID != Schema.applicationID {
            throw StoreError("\(path) is a database of another program, not an auditlog database")
        }
    }
}
