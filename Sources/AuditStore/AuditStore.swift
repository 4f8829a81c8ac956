import CSQLite
import FoundationEssentials

/// The SQLite store of audit records. Opened read-only for browsing (it never writes then), or
/// read-write for import and demo data. One instance per thread.
public final class AuditStore {
    public enum Mode: Sendable { case readOnly, readWrite }

    private var connection: Connection
    /// The open connection's handle, for `interruptHandle` (another thread); replaced with the connection,
    /// emptied before the store's connection is released (`deinit`).
    private let interruptible: Locked<SQLiteHandle?>
    /// A reader's connection fits the state the files were in when it opened (see `open`): with no log it
    /// reads the file as immutable, with a log it reads the log's index read-only. When a log appears or
    /// goes, or the file changes under it (a writer came and went, or checkpointed), it is reopened.
    private var openedAs = FileSystem.Identity()
    private var logAtOpen = false
    private var reopened: Int64 = 0

    /// Public reads in progress (a read may call another): only the outermost refreshes the connection.
    private var readDepth = 0

    /// One public read: the connection is first brought up to date with the files — reopened, explicitly
    /// and once per public call, when a writer came or went or the file changed — then `body` runs on it.
    /// A reopening that fails is an error of this call, never silently the old connection.
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        if readDepth == 0 { try refreshConnection() }
        readDepth += 1
        defer { readDepth -= 1 }
        return try body(connection)
    }

    /// One piece of writing (an import, the directory, the search index): `body` runs on the connection as
    /// it is — a writer never reopens. Reads and writes are the only ways to the connection.
    func write<T>(_ body: (Connection) throws -> T) rethrows -> T {
        try body(connection)
    }

    private func refreshConnection() throws {
        guard mode == .readOnly,
              FileSystem.exists(path + "-wal") != logAtOpen || FileSystem.identity(path) != openedAs else { return }
        let (fresh, log, identity) = try Self.open(path: path, mode: mode)
        try configure(fresh)
        interruptible.withLock { $0 = SQLiteHandle(fresh) }
        connection = fresh
        logAtOpen = log
        openedAs = identity
        reopened += 1
    }
    public let path: String
    public let mode: Mode
    /// Whose eyes read it: an agent's store masks customers' personal data in everything it answers
    /// (`PersonalData`, `shown`) and searches only what an agent sees (`MaskedSearch`).
    public let role: Role
    /// A search word held by fewer records than this reads them by rowid; a commoner one walks the time
    /// index (see `RecordSQL`). 10 000 rowid reads and checks take about 50 ms even at 10 M records.
    var sparseSearchLimit = 10_000
    var sparseWords: [String: Bool] = [:]
    /// The records table's indexes at a schema version (`recordIndexes`).
    var knownIndexes: (version: Int64, names: Set<RecordIndex>)?
    /// Names a person typed that matched exactly one entity, by kind and text (a match stays a match).
    var resolvedNames: [String: String] = [:]
    /// The search index a bulk load is building beside the store (`SideTextIndex`), adopted by the next
    /// `indexPendingText`.
    var sideTextIndex: SideTextIndex?

    /// `finishingInterruptedLoad: false` (the browser's first, quick import of a log's tail) leaves the
    /// indexes a killed bulk load owes to the next writer (the import beside the browser), so the first
    /// screen does not wait for them.
    /// `role` nil: the process's (`Role.ofThisProcess`).
    public init(path: String, mode: Mode, finishingInterruptedLoad: Bool = true, role: Role? = nil) throws {
        self.path = path
        self.mode = mode
        self.role = role ?? Role.ofThisProcess
        if mode == .readOnly {
            guard FileSystem.isRegularFile(path) else {
                throw StoreError("no database at \(path)") // the command adds what to do (`Environment.openForReading`)
            }
        } else if let reason = FileSystem.whyNotWritable(path) {
            throw StoreError(reason)
        }
        do {
            (connection, logAtOpen, openedAs) = try Self.open(path: path, mode: mode)
            interruptible = Locked(SQLiteHandle(connection))
            let db = connection
            if mode == .readWrite {
                try db.execute("PRAGMA journal_mode = WAL")
                try db.execute("PRAGMA synchronous = NORMAL")
                try db.execute("PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
                // After a checkpoint has let the log start over, it is cut back to 64 MB (a large append's
                // 1 GB log does not stay beside the store).
                try db.execute("PRAGMA journal_size_limit = \(Self.checkpointPages * 4096)")
                try Schema.migrate(db, path: path)
                if finishingInterruptedLoad { try BulkLoad.finishIfInterrupted(db) }
            } else {
                let version = try db.scalarInt("PRAGMA user_version") ?? 0
                try Schema.check(db, version: version, path: path)
                if version == 0 { throw StoreError("\(path) is empty, not an auditlog database") }
                if version < Schema.currentVersion {
                    throw StoreError("\(path) uses an older layout; run `auditlog import` once to upgrade it")
                }
            }
            try configure(db)
        } catch let error as StoreError {
            throw StoreError(Self.describe(error, path: path))
        }
    }

    /// The write-ahead log is copied into the database once it holds this many pages (64 MB)…
    static let checkpointPages = 16_384
    /// … or, during a large append (`ImportOptions.largeAppendRecords`), this many (1 GB).
    static let largeAppendCheckpointPages = 262_144

    /// An `InterruptHandle` kept by another thread outlives the store: it must find no handle once the
    /// connection closes (stored properties are released after this body).
    deinit {
        sideTextIndex?.cancel()
        interruptible.withLock { $0 = nil }
    }

    private func configure(_ db: Connection) throws {
        // An import's hot pages are the ends of the time-led indexes and the filter indexes it maintains
        // (a bulk load builds those afterwards, sorting within this cache): 64 MB keeps an import's peak
        // memory near 100 MB. A browser reads a few pages per key (the operating system caches the file):
        // a 1 MB cache per connection (four of them) keeps its memory flat however large the database.
        try db.execute(mode == .readWrite ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -1000")
        // A writer's big sorts (a bulk load's CREATE INDEX) spill to a temporary file beyond the cache rather
        // than to memory: an import's peak stays near the cache's size. A reader's small sorts stay in memory.
        try db.execute(mode == .readWrite ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY")
        if role.masksPersonalData { try MaskedSearch.register(on: db) }
    }

    /// Opens the connection; for reading, without writing a byte beside the database:
    /// - no write-ahead log (no writer): read the file as immutable — SQLite creates no `-wal`/`-shm`;
    /// - a log and its index (a writer is at work): open the index read-only (`readonly_shm`), so the
    ///   reader never writes it;
    /// - a log without a usable index (a writer was killed): SQLite must rebuild the index to read the
    ///   log's records, so open normally; where that cannot be written (a read-only directory), read
    ///   the file alone as the last resort.
    /// Returns the connection, whether a log was there, and the file as it was opened.
    private static func open(path: String, mode: Mode) throws -> (Connection, Bool, FileSystem.Identity) {
        let identity = FileSystem.identity(path)
        guard mode == .readOnly else { return (try Connection(path: path, readOnly: false), false, identity) }
        func probe(_ parameter: String?) -> Connection? {
            guard let db = try? Connection(path: path, readOnly: true, parameter: parameter),
                  (try? db.scalarInt("PRAGMA user_version")) != nil else { return nil }
            return db
        }
        if !FileSystem.exists(path + "-wal") {
            return (try Connection(path: path, readOnly: true, parameter: "immutable=1"), false, identity)
        }
        if FileSystem.exists(path + "-shm"), let db = probe("readonly_shm=1") { return (db, true, identity) }
        if let db = probe(nil) { return (db, true, identity) }
        return (try Connection(path: path, readOnly: true, parameter: "immutable=1"), true, identity)
    }

    /// SQLite says "file is not a database" (SQLITE_NOTADB) or "database disk image is malformed"
    /// (SQLITE_CORRUPT); say which file.
    private static func describe(_ error: StoreError, path: String) -> String {
        error.isNotADatabase ? "\(path) is not a readable auditlog database (\(error.description))" : error.description
    }

    /// Transactions this store's connection has committed (a writer's: the follower's commits per poll).
    public var commitCount: Int { connection.commits }

    /// Changes whenever another connection commits: the browser polls it to follow an import.
    public func changeToken() throws -> Int64 {
        try read { db in
            let version = try db.scalarInt("PRAGMA data_version") ?? 0
            return reopened << 40 + version
        }
    }

    /// Stops the statement running on this store's connection, from another thread: the one thing a
    /// store lets other threads do, so it is a separate `Sendable` value. Once the store is gone it does
    /// nothing (`deinit` empties the box it reads).
    public var interruptHandle: InterruptHandle {
        let box = interruptible
        return InterruptHandle(reaching: {
            box.withLock { handle in
                handle?.interrupt()
                return handle != nil
            }
        })
    }

    /// Copies the write-ahead log into the database file and empties it.
    public func checkpoint() throws {
        try write { db in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// SQLite's own check of the file: "ok" when every page and index is sound.
    public func integrityCheck() throws -> String {
        try read { db in try db.texts("PRAGMA integrity_check").joined(separator: "\n") }
    }

    public func recordCount() throws -> Int {
        try read { db in Int(try db.scalarInt("SELECT count(*) FROM records") ?? 0) }
    }

    // MARK: Directory

    /// Loads BillaBear's users table as `id,email` (a header row is recognised and skipped).
    public func loadAdmins(csvPath: String) throws -> Int {
        try loadDirectory(csvPath: csvPath, minimumColumns: 2) { row in
            try self.upsertAdmin(id: row[0], email: row[1], name: row.count > 2 ? row[2] : nil)
        }
    }

    /// Loads customers as `id,email[,name]`.
    public func loadCustomers(csvPath: String) throws -> Int {
        try loadDirectory(csvPath: csvPath, minimumColumns: 2) { row in
            try self.upsertCustomer(id: row[0], email: row[1], name: row.count > 2 ? row[2] : nil)
        }
    }

    private func loadDirectory(csvPath: String, minimumColumns: Int, _ apply: ([String]) throws -> Void) throws
        -> Int {
        let text: String
        do { text = try FileSystem.readText(csvPath) } catch let error as StoreError {
            throw StoreError("\(csvPath): \(error.description)")
        }
        let rows: [[String]]
        do { rows = try CSV.parse(text) } catch let error as CSV.ParseError {
            throw StoreError("\(csvPath):\(error.line): \(error.reason)")
        }
        return try inTransaction {
            var count = 0
            for (index, row) in rows.enumerated() {
                if row.count == 1, row[0].isEmpty { continue }
                if index == 0, row.first?.lowercased() == "id" { continue }
                guard row.count >= minimumColumns, !row[0].isEmpty else {
                    throw StoreError("\(csvPath):\(index + 1): expected at least \(minimumColumns) columns: id,email")
                }
                try apply(row)
                count += 1
            }
            return count
        }
    }

    public func upsertAdmin(id: String, email: String?, name: String?) throws {
        try write { db in try db.prepared("""
            INSERT INTO admins(id, email, name) VALUES (?1, ?2, ?3)
            ON CONFLICT(id) DO UPDATE SET email = coalesce(?2, email), name = coalesce(?3, name)
            """).run([.text(id), SQLValue(email.nonEmpty), SQLValue(name.nonEmpty)]) }
    }

    public func upsertCustomer(id: String, email: String?, name: String?) throws {
        try write { db in try db.prepared("""
            INSERT INTO customers(id, email, name) VALUES (?1, ?2, ?3)
            ON CONFLICT(id) DO UPDATE SET email = coalesce(?2, email), name = coalesce(?3, name)
            """).run([.text(id), SQLValue(email.nonEmpty), SQLValue(name.nonEmpty)]) }
    }

    public func upsertSubscription(id: String, customerID: String?, plan: String?) throws {
        try write { db in
            try db.prepared("""
                INSERT INTO subscriptions(id, plan) VALUES (?1, ?2)
                ON CONFLICT(id) DO UPDATE SET plan = coalesce(?2, plan)
                """).run([.text(id), SQLValue(plan.nonEmpty)])
            if let customerID { try RecordWriter.assignOwner(db: db, subscription: id, customer: customerID, time: nil) }
        }
    }

    /// Runs `body` in one write transaction, rolled back if it throws.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try write { db in try db.transaction(body) }
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
