/// The store's hash chain: every record, in the order it was stored, has a link — the SHA-256 of the
/// previous record's link, its id and occurrence, and the digest of its content (every column an import
/// writes, as stored, but `owner_customer`, which moves by design). A record changed, removed or added by
/// hand (`sqlite3 audit.db "update …"`) no longer fits the chain, and `verify` names it. The link of the
/// newest record is the chain's head: a report or export that writes it can later be proved to come
/// from an unaltered store (`verify --head`). SECURITY.md says what this proves and what it cannot.
enum HashChain {
    /// The link before the first record.
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// The link of a record from the previous link.
    static func link(after previous: [UInt8], id: Int64, occurrence: Int64, content: [UInt8]) -> [UInt8] {
        var message = previous
        message.reserveCapacity(80)
        appendInteger(id, to: &message)
        appendInteger(occurrence, to: &message)
        message += content
        return SHA256.hash(message)
    }

    /// The newest link stored (the head), and the id of its record; the genesis link and 0 for none.
    static func head(_ db: Connection) throws -> (link: [UInt8], id: Int64) {
        let statement = try db.prepared("SELECT id, link FROM record_links ORDER BY id DESC LIMIT 1")
        return try statement.single { ($0.bytes("link") ?? genesis, $0.int64("id")) } ?? (genesis, 0)
    }

    /// Links the records stored before the chain existed (a store made by an older auditlog), in id order.
    static func linkUnlinked(_ db: Connection) throws {
        let (last, linkedUpTo) = try head(db)
        var previous = last
        let read = try db.prepared("SELECT \(ChainContent.selectSQL) FROM records r WHERE r.id > ? ORDER BY r.id")
        let insert = try db.prepared("INSERT INTO record_links(id, link) VALUES (?, ?)")
        read.bind([.int(linkedUpTo)])
        let row = ChainContent.Positions(read)
        // Written as they are read (another table than the one read): memory stays flat at any size.
        while try read.step() {
            let id = read.int64(at: row.id)
            previous = link(after: previous, id: id, occurrence: read.int64(at: row.occurrence),
                            content: ChainContent.digest(of: read, at: row))
            try insert.run([.int(id), .blob(previous)])
        }
    }

    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }
}

extension AuditStore {
    /// The records of a store written before the hash chain existed: the next writer links them all, once
    /// (10 M records in about two minutes here), so a command can say so first. 0 when nothing is due.
    public static func recordsToLinkOnUpgrade(path: String) -> Int {
        // Not for a store this user cannot write: even a read-only connection would leave -wal and -shm
        // files beside it, and the writer refuses it anyway, saying why (`FileSystem.whyNotWritable`).
        guard FileSystem.isRegularFile(path), FileSystem.whyNotWritable(path) == nil,
              let db = try? Connection(path: path, readOnly: true),
              let version = try? db.scalarInt("PRAGMA user_version"), version > 0, version < Schema.chainVersion
        else { return 0 }
        return Int((try? db.scalarInt("SELECT coalesce(max(id), 0) FROM records")) ?? 0)
    }
}

/// A record's content as the chain sees it: the declaration's chained columns (`RecordColumn.chained`) in
/// their order, integers as 8 bytes, text as a presence byte, its length and its bytes (`DigestBytes`). Made the same way from a prepared record and from a stored row, so a
/// store written before a column was added still proves its chain.
struct ChainContent {
    private var encoded = DigestBytes(capacity: 512)

    /// What `digest(of:at:)` reads: the id, the occurrence, and the chained columns, each by its name.
    static let selectSQL = ([RecordColumn.id, .occurrence] + RecordColumn.chainedColumns)
        .map { "r.\($0.rawValue) AS \($0.rawValue)" }.joined(separator: ", ")

    /// Where a statement selecting `selectSQL` has each column, looked up by name once per walk.
    struct Positions {
        let id: Int32
        let occurrence: Int32
        let chained: [(RecordColumn.Kind, Int32)]

        init(_ statement: Statement) {
            id = statement.position(of: RecordColumn.id.rawValue)
            occurrence = statement.position(of: RecordColumn.occurrence.rawValue)
            chained = RecordColumn.chainedColumns.map { ($0.kind, statement.position(of: $0.rawValue)) }
        }
    }

    /// The digest of a record read from a source (on the import's reading thread): the values an import writes.
    static func digest(of record: AuditRecord) -> [UInt8] {
        var content = ChainContent()
        for column in RecordColumn.chainedColumns {
            content.add(column.value(of: record))
        }
        return content.encoded.digest
    }

    /// The digest of a stored row (the bytes as stored).
    static func digest(of row: Statement, at positions: Positions) -> [UInt8] {
        var content = ChainContent()
        for (kind, position) in positions.chained { content.add(row, kind, at: position) }
        return content.encoded.digest
    }

    /// The chained columns in which a stored row (selecting `selectSQL`) differs from a record read from its
    /// log, by the name an export gives them (`message`, `time`): what `verify LOG` says of a record different
    /// in the store. (The link covers the columns together, so the chain alone cannot tell which changed.)
    static func differingColumns(_ row: Statement, at positions: Positions, _ record: PreparedRecord) -> [String] {
        zip(RecordColumn.chainedColumns, positions.chained).compactMap { column, stored in
            var logged = ChainContent(), kept = ChainContent()
            logged.add(column.value(of: record.record))
            kept.add(row, stored.0, at: stored.1)
            return logged.encoded.bytes == kept.encoded.bytes ? nil : column.exportKey ?? column.rawValue
        }
    }

    private mutating func add(_ value: SQLValue) {
        switch value {
        case .int(let value): encoded.add(value)
        case .text(let text): encoded.add(optionalText: text)
        case .null: encoded.add(optionalText: nil as String?)
        case .blob(let value): encoded.add(optionalText: value)
        }
    }

    private mutating func add(_ row: Statement, _ kind: RecordColumn.Kind, at position: Int32) {
        switch kind {
        case .integer: encoded.add(row.int64(at: position))
        case .text: encoded.add(optionalText: row.bytes(at: position))
        }
    }
}
