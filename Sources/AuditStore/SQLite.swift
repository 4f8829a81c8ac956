import CSQLite

/// An error from SQLite or from the store's own checks, with a message fit for one line of output, and
/// SQLite's primary result code when it came from SQLite (recognised by code, never by message text).
public struct StoreError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public let code: Int32?
    public init(_ description: String) {
        self.description = description
        code = nil
    }

    init(_ description: String, code: Int32) {
        self.description = description
        self.code = code & 0xFF
    }

    public static func == (a: StoreError, b: StoreError) -> Bool { a.description == b.description }

    /// The file is not a database, or a damaged one.
    var isNotADatabase: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
    var isInterrupt: Bool { code == SQLITE_INTERRUPT }
}

/// A thin owner of one `sqlite3*` connection. Not thread-safe: one connection per thread.
final class Connection {
    let handle: OpaquePointer
    /// Prepared statements by their text, at most `statementCapacity` (the least recently used goes).
    private var statements: [String: Statement] = [:]
    private var recentlyUsed: [String] = []
    static let statementCapacity = 64
    /// Transactions this connection committed through `transaction` (each one has every reader connection
    /// drop its page cache at its next read: the follower's are counted in tests and the bench).
    private(set) var commits = 0

    /// `parameter`: a URI parameter such as `immutable=1` or `readonly_shm=1` (see `AuditStore.open`).
    init(path: String, readOnly: Bool, parameter: String? = nil) throws {
        var db: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY
            : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let name = parameter.map { "file:" + Self.uriPath(path) + "?" + $0 } ?? path
        let rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX | (parameter == nil ? 0 : SQLITE_OPEN_URI), nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError("cannot open database \(path): \(message)", code: rc)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
    }

    /// A path as a `file:` URI path: only `%`, `?` and `#` need escaping.
    static func uriPath(_ path: String) -> String {
        var out = ""
        for character in path {
            switch character {
            case "%": out += "%25"
            case "?": out += "%3F"
            case "#": out += "%23"
            default: out.append(character)
            }
        }
        return out
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`), rolled back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            commits += 1
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(error)
            throw StoreError(message, code: rc)
        }
    }

    /// A cached prepared statement, reset and unbound, ready for new bindings.
    func prepared(_ sql: String) throws -> Statement {
        if let statement = statements[sql] {
            statement.reset()
            if recentlyUsed.last != sql, let index = recentlyUsed.lastIndex(of: sql) {
                recentlyUsed.remove(at: index)
                recentlyUsed.append(sql)
            }
            return statement
        }
        let statement = try Statement(connection: self, sql: sql)
        if statements.count >= Self.statementCapacity {
            statements[recentlyUsed.removeFirst()] = nil
        }
        statements[sql] = statement
        recentlyUsed.append(sql)
        return statement
    }

    /// Statements held prepared now.
    var cachedStatements: Int { statements.count }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The one value a query answers (`SELECT count(*) …`, `PRAGMA user_version`); nil for no row or NULL.
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try prepared(sql).bind(values).single { $0.int64OrNil(at: 0) } ?? nil
    }

    /// The values of a query's one column, every row (a list of names or ids).
    func texts(_ sql: String, _ values: [SQLValue] = []) throws -> [String] {
        let statement = try prepared(sql).bind(values)
        var out: [String] = []
        while try statement.step() { out.append(statement.text(at: 0)) }
        return out
    }

    /// Runs `body` again once when SQLite says the schema changed under a prepared statement or an index it
    /// names is gone (a bulk load dropped it between choosing the plan and running it): recognised by the
    /// result code (`SQLITE_SCHEMA`, or `SQLITE_ERROR` with `PRAGMA schema_version` moved), never the wording.
    func retryingSchemaChange<T>(_ body: () throws -> T, onChange: () -> Void = {}) throws -> T {
        let version = try scalarInt("PRAGMA schema_version")
        do {
            return try body()
        } catch let error as StoreError where error.code == SQLITE_SCHEMA
            || (error.code == SQLITE_ERROR && (try? scalarInt("PRAGMA schema_version")) != version) {
            onChange()
            return try body()
        }
    }
}

final class Statement {
    /// Unowned: the connection caches its statements, and a strong reference back would keep both alive
    /// forever — the database was then never closed, leaving its write-ahead log beside it.
    private unowned let connection: Connection
    let handle: OpaquePointer

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw StoreError("SQL error: \(connection.errorMessage)", code: rc) }
        self.connection = connection
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    @discardableResult
    func bind(_ values: [SQLValue]) -> Statement {
        for (index, value) in values.enumerated() { bind(value, at: Int32(index + 1)) }
        return self
    }

    func bind(_ value: SQLValue, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .int(let v): sqlite3_bind_int64(handle, index, v)
        // With its byte length: text holding U+0000 is stored whole, not cut at the NUL.
        case .text(let v): sqlite3_bind_text(handle, index, v, Int32(v.utf8.count), audit_sqlite_transient())
        case .blob(let v): sqlite3_bind_blob(handle, index, v, Int32(v.count), audit_sqlite_transient())
        }
    }

    /// Advances one row; true while a row is available.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            sqlite3_reset(handle) // ends the implicit read transaction now, not at the next use
            return false
        case let rc:
            let message = connection.errorMessage
            sqlite3_reset(handle)
            if rc == SQLITE_INTERRUPT { throw StoreError("interrupted", code: rc) }
            throw StoreError(message, code: rc)
        }
    }

    /// Reads the first row, if any, and resets at once: a statement left mid-way would hold a read
    /// transaction open, pinning this connection to an old snapshot of the database.
    func single<T>(_ read: (Statement) -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        return try step() ? read(self) : nil
    }

    func run(_ values: [SQLValue] = []) throws {
        reset()
        bind(values)
        while try step() {}
    }

    /// A column's position in the result, by the name the SELECT gives it (a plain column's name, or its
    /// `AS` name): rows are read by name, never by a position written at the reading site.
    func position(of name: String) -> Int32 {
        if positions.isEmpty {
            for index in 0..<sqlite3_column_count(handle) {
                positions[String(cString: sqlite3_column_name(handle, index))] = index
            }
        }
        guard let position = positions[name] else { preconditionFailure("no column \(name) in the statement's result") }
        return position
    }

    private var positions: [String: Int32] = [:]

    func int64(_ name: String) -> Int64 { int64(at: position(of: name)) }
    func int64OrNil(_ name: String) -> Int64? { int64OrNil(at: position(of: name)) }
    func text(_ name: String) -> String { text(at: position(of: name)) }
    func textOrNil(_ name: String) -> String? { textOrNil(at: position(of: name)) }
    func bytes(_ name: String) -> [UInt8]? { bytes(at: position(of: name)) }

    func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int64OrNil(at column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func text(at column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func textOrNil(at column: Int32) -> String? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : text(at: column)
    }

    /// A text column's number in `names`, -1 for NULL: its bytes looked up where SQLite holds them.
    func name(at column: Int32, in names: inout NameTable) -> Int32 {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return -1 }
        let pointer = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return names.id(bytes: UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    /// A column's bytes as stored (a blob, or text's UTF-8); nil for NULL.
    func bytes(at column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count).bindMemory(to: UInt8.self))
    }
}

enum SQLValue: Equatable {
    case null
    case int(Int64)
    case text(String)
    case blob([UInt8])

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
}

/// A connection's SQLite handle, kept only to interrupt it from another thread. `@unchecked Sendable`,
/// because a raw `sqlite3*` is not: it is sound only as the store uses it. `sqlite3_interrupt` is safe to
/// call from any thread while the connection is open, and the handle lives only in the store's
/// `Locked` box, which the store empties — under that lock — before the connection it belongs to is
/// released (when a reader reopens, and in `deinit`). An interrupt holds the same lock while it calls, so it
/// either reaches an open connection or finds the box empty.
struct SQLiteHandle: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ connection: Connection) { handle = connection.handle }

    func interrupt() { sqlite3_interrupt(handle) }
}

/// Stops whatever runs on a store's connection, from another thread. Kept after the store is gone, it
/// does nothing.
public struct InterruptHandle: Sendable {
    private let run: @Sendable () -> Bool

    public init(_ run: @escaping @Sendable () -> Void) { self.run = { run(); return true } }

    /// `run` says whether it reached an open connection.
    public init(reaching run: @escaping @Sendable () -> Bool) { self.run = run }

    /// Whether a connection was open to be interrupted.
    @discardableResult
    public func interrupt() -> Bool { run() }
}
