#if canImport(Glibc)
import Glibc
#endif

/// A bulk load into a store whose search index is empty builds that index on a thread of its own, in a
/// file of its own (`STORE-text-build`), while the writer builds the filter indexes: the two take about
/// as long (1 M records: 6 s of index builds, 10–12 s of trigrams, BENCHMARKS.md), and SQLite lets only
/// one connection write a database at a time, so in the store they would run one after the other with
/// the second core idle. The side file's index is then adopted whole: its FTS5 tables' rows copied into
/// the store's empty ones in one transaction with the watermark (`text_indexed_upto`), a copy of blocks
/// that takes a second where indexing took ten. The side index is made by the store's own
/// `CREATE VIRTUAL TABLE` statement, so its blocks are what the store's table would hold.
///
/// Nothing a user sees depends on it: until the adoption the records are pending as in any import (a
/// search reads them by scan); if the side build fails, is stopped, or another writer indexed text
/// meanwhile, the side file is dropped and the writer indexes the records itself (`indexPendingText`).
/// A kill leaves the side file, which the next side build replaces; the store is untouched by it.
final class SideTextIndex: Sendable {
    /// The side file.
    let path: String
    /// Every record up to this id is indexed in the side file once it is done.
    let upTo: Int64

    private struct State: Sendable {
        var done = false
        var stop = false
        /// Records indexed in the side file so far.
        var indexed: Int64 = 0
        var failure: String?
    }
    private let state = Guarded(State())

    /// Records read and indexed per side transaction (the store's reads are short: a long read would pin
    /// the write-ahead log while the writer builds indexes).
    static let batchSize: Int64 = 25_000

    static func sidePath(of store: String) -> String { store + "-text-build" }

    private init(path: String, upTo: Int64) {
        self.path = path
        self.upTo = upTo
    }

    /// Starts building when the store's search index is empty and records wait for it; nil otherwise.
    static func start(store: String, db: Connection) throws -> SideTextIndex? {
        guard try (StoreState.value(StoreState.textIndexedUpTo, in: db) ?? 0) == 0,
              let last = try db.scalarInt("SELECT max(id) FROM records"), last > 0,
              let createSQL = try db.texts("SELECT sql FROM sqlite_schema WHERE name = 'records_text'").first
        else { return nil }
        let config = try configuration(db)
        let build = SideTextIndex(path: sidePath(of: store), upTo: last)
        build.removeFiles()
        startThread(name: "import-text", stackSize: 1 << 20) {
            let failure: String?
            do {
                try build.run(store: store, createSQL: createSQL, config: config)
                failure = nil
            } catch {
                failure = "\(error)"
            }
            build.state.withLock {
                $0.failure = failure
                $0.done = true
            }
        }
        return build
    }

    /// The store's search index options (`automerge`, `crisismerge`, …): the side index merges as the
    /// store's would.
    private static func configuration(_ db: Connection) throws -> [(String, Int64)] {
        let rows = try db.prepared("SELECT k, v FROM records_text_config WHERE k <> 'version'")
        var out: [(String, Int64)] = []
        while try rows.step() { out.append((rows.text(at: 0), rows.int64(at: 1))) }
        return out
    }

    private func run(store: String, createSQL: String, config: [(String, Int64)]) throws {
        let side = try Connection(path: path, readOnly: false)
        // A scratch file: a crash loses it, and the store never depends on it.
        try side.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384")
        try side.execute(createSQL)
        for (key, value) in config {
            try side.prepared("INSERT INTO records_text(records_text, rank) VALUES (?, ?)").run([.text(key), .int(value)])
        }
        let source = try Connection(path: store, readOnly: true)
        let rows = try source.prepared("SELECT id, message, context FROM records WHERE id > ? AND id <= ? ORDER BY id")
        let insert = try side.prepared("INSERT INTO records_text(rowid, body) VALUES (?, ?)")
        var from: Int64 = 0
        while from < upTo {
            if state.withLock({ $0.stop }) { throw StoreError("stopped") }
            let to = min(upTo, from + Self.batchSize)
            rows.reset()
            rows.bind([.int(from), .int(to)])
            try side.execute("BEGIN")
            while try rows.step() {
                let body = SearchText.body(message: rows.text(at: 1), contextJSON: rows.text(at: 2))
                try insert.run([.int(rows.int64(at: 0)), .text(body)])
            }
            try side.execute("COMMIT")
            from = to
            state.withLock { $0.indexed = to }
        }
    }

    /// Waits for the side build and, when it succeeded and the store's search index is still empty, copies
    /// it into the store with the watermark. Returns the records it indexed (0: nothing adopted, the
    /// caller indexes them). Runs on a connection of its own: FTS5 keeps what it read of an index per
    /// connection and drops it when another connection has written, as this one does.
    /// `progress` gets the records indexed so far twice a second while it waits (the import's progress line).
    func adopt(into store: String, progress: ((Int64) -> Void)? = nil) throws -> Int64 {
        defer { removeFiles() }
        while !state.wait(until: { $0.done }, timeout: 0.5) { progress?(state.withLock { $0.indexed }) }
        guard state.withLock({ $0.failure }) == nil else { return 0 }
        let db = try Connection(path: store, readOnly: false)
        try db.prepared("ATTACH DATABASE ? AS side").run([.text(path)])
        defer { try? db.execute("DETACH DATABASE side") }
        let shadows = try db.texts("""
            SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name GLOB 'records_text_*'
                AND name <> 'records_text_config'
            """)
        return try db.transaction {
            // Another writer (a follower beside the import) indexed text meanwhile: its index is not empty.
            guard try (StoreState.value(StoreState.textIndexedUpTo, in: db) ?? 0) == 0 else { return 0 }
            for table in shadows {
                try db.execute("DELETE FROM main.\(table); INSERT INTO main.\(table) SELECT * FROM side.\(table)")
            }
            try StoreState.set(StoreState.textIndexedUpTo, to: upTo, in: db)
            return upTo
        }
    }

    /// Stops the side build (between two batches) and removes its file.
    func cancel() {
        state.withLock { $0.stop = true }
        state.wait(until: { $0.done }, then: { _ in })
        removeFiles()
    }

    /// Why the side build failed, if it did (tests).
    var failure: String? { state.withLock { $0.failure } }

    private func removeFiles() {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
