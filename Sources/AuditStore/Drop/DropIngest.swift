#if canImport(Glibc)
import Glibc
#endif

/// A kind of drop file and what the ingester does with one. `take` runs inside the transaction that records the
/// file as taken: what it writes and that record commit together, or neither. It says in a few words what it
/// stored ("note 3 on r7kq-…"); it refuses a file by throwing a `DropRefusal` (a `StoreError` of its own checks
/// is a refusal too; one from SQLite leaves the file for the next round). A new kind is a `DropKind` and its
/// line in `DropKinds.all`: listing, reading, the owner, the file's record and its removal are the ingester's.
struct DropKind: Sendable {
    let name: String
    let take: @Sendable (DropEnvelope, DroppedFile, Connection) throws -> String
}

enum DropKinds {
    /// The kinds the ingester takes; any other is refused (and counted).
    static let all: [DropKind] = [NoteDrop.kind, AccessDrop.kind]

    static func named(_ name: String) -> DropKind? { all.first { $0.name == name } }
}

/// What the ingester did with one file.
public struct DropOutcome: Equatable, Sendable {
    public var name: String
    /// What was stored ("note 3 by alice on r7kq-…"), or why the file was refused.
    public var result: Result<String, DropRefusal>
}

/// The files the ingester took and refused, as the store keeps them (`drop_files`).
public struct DropCounts: Equatable, Sendable {
    public var taken = 0
    /// Refused files by reason.
    public var refused: [DropRefusal.Reason: Int] = [:]

    public var refusedTotal: Int { refused.values.reduce(0, +) }
}

enum DropSQL {
    /// Every file the ingester took or refused (`outcome` is `taken` or the refusal's reason): a file is
    /// recorded in the transaction that stores what it holds, and removed after it commits, so a file found
    /// again after a crash between the two is recognised by its name (its content's digest) and only removed.
    /// `store_settings`: text the store keeps about itself, such as its drop directory.
    static let createSQL = """
        CREATE TABLE IF NOT EXISTS drop_files(name TEXT PRIMARY KEY, kind TEXT, owner TEXT, time_us INTEGER NOT NULL,
            outcome TEXT NOT NULL, detail TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS store_settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """

    static let dropDirectoryKey = "drop_directory"

    static func record(_ name: String, kind: String?, owner: String?, outcome: String, detail: String, _ db: Connection) throws {
        try db.prepared("INSERT INTO drop_files(name, kind, owner, time_us, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .run([.text(name), SQLValue(kind), SQLValue(owner), .int(SystemClock.nowMicroseconds()), .text(outcome), .text(detail)])
    }

    static func hasTable(_ name: String, _ db: Connection) throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]) == 1
    }
}

extension AuditStore {
    /// Stale files a writer left half-written (killed before its rename) are removed after this long.
    static let staleTemporarySeconds = 3_600

    /// One round of the ingester over its drop directory: every final file, oldest first, is read (its owner
    /// and change time from the kernel), checked, taken into the store by its kind in one transaction with its
    /// record in `drop_files`, and removed once that committed; a refused file is recorded (its reason, its
    /// owner) and removed too. A file recorded already (a crash after the commit) is only removed.
    @discardableResult
    public func ingestDrops(from directory: String) throws -> [DropOutcome] {
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw StoreError("cannot read the drop directory \(directory): \(DropFile.systemError())") }
        defer { close(directoryFD) }
        var outcomes: [DropOutcome] = []
        for name in try Self.listed(directoryFD, directory) {
            if name.hasPrefix(DropFile.temporaryPrefix) {
                Self.removeIfStale(name, in: directoryFD)
                continue
            }
            let known = try write { db in
                try db.scalarInt("SELECT count(*) FROM drop_files WHERE name = ?", [.text(name)]) == 1
            }
            if !known { outcomes.append(try ingest(name, in: directoryFD)) }
            unlinkat(directoryFD, name, 0) // after the commit: a crash before this finds the file known next time
        }
        return outcomes
    }

    /// One file, taken or refused, recorded.
    private func ingest(_ name: String, in directoryFD: Int32) throws -> DropOutcome {
        var file: DroppedFile?
        do {
            let read = try DroppedFile.read(name, in: directoryFD)
            file = read
            let envelope = try read.envelope()
            guard let kind = DropKinds.named(envelope.kind) else {
                throw DropRefusal(.kind, "no such kind \"\(envelope.kind)\"", owner: read.ownerLogin)
            }
            let summary = try write { db in
                try db.transaction {
                    let summary: String
                    do { summary = try kind.take(envelope, read, db) } catch let error as StoreError where error.code == nil {
                        throw DropRefusal(.rejected, error.description, owner: read.ownerLogin)
                    }
                    try DropSQL.record(name, kind: kind.name, owner: read.ownerLogin, outcome: "taken", detail: summary, db)
                    return summary
                }
            }
            return DropOutcome(name: name, result: .success(summary))
        } catch var refusal as DropRefusal {
            if refusal.owner == nil { refusal.owner = file?.ownerLogin }
            try write { db in
                try db.transaction {
                    try DropSQL.record(name, kind: DropFile.kind(ofName: name), owner: refusal.owner,
                                       outcome: refusal.reason.rawValue, detail: refusal.detail, db)
                }
            }
            return DropOutcome(name: name, result: .failure(refusal))
        }
    }

    /// The directory's names, the oldest change first (then by name).
    private static func listed(_ directoryFD: Int32, _ directory: String) throws -> [String] {
        let copy = dup(directoryFD)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw StoreError("cannot read the drop directory \(directory): \(DropFile.systemError())")
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [(Int64, String)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name != ".", name != ".." else { continue }
            var info = stat()
            let changed = fstatat(directoryFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0
                ? Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec) : 0
            names.append((changed, name))
        }
        return names.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
    }

    private static func removeIfStale(_ name: String, in directoryFD: Int32) {
        var info = stat()
        guard fstatat(directoryFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
              Int(time(nil)) - Int(info.st_mtim.tv_sec) > staleTemporarySeconds else { return }
        unlinkat(directoryFD, name, 0)
    }

    /// The files the ingester took and refused.
    public func dropCounts() throws -> DropCounts {
        try read { db in
            var counts = DropCounts()
            guard try DropSQL.hasTable("drop_files", db) else { return counts }
            let statement = try db.prepared("SELECT outcome, count(*) AS n FROM drop_files GROUP BY outcome")
            while try statement.step() {
                let outcome = statement.text("outcome"), count = Int(statement.int64("n"))
                if outcome == "taken" { counts.taken += count }
                else { counts.refused[DropRefusal.Reason(rawValue: outcome) ?? .format, default: 0] += count }
            }
            return counts
        }
    }

    /// Records where this store's drop directory is (the ingester, when it runs with one), so a user who
    /// cannot write the store finds where notes go in the store itself, not in the environment.
    public func recordDropDirectory(_ path: String) throws {
        try write { db in
            try db.transaction {
                try db.prepared("INSERT OR REPLACE INTO store_settings(key, value) VALUES (?, ?)")
                    .run([.text(DropSQL.dropDirectoryKey), .text(path)])
            }
        }
    }

    /// The drop directory the ingester recorded; nil when none did (or the store is older than schema 12).
    public func dropDirectory() throws -> String? {
        try read { db in
            guard try DropSQL.hasTable("store_settings", db) else { return nil }
            return try db.prepared("SELECT value FROM store_settings WHERE key = ?").bind([.text(DropSQL.dropDirectoryKey)])
                .single { $0.text("value") }
        }
    }
}
