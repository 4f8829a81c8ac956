/// The trigram search index is built after the records are stored, not row by row beside them: a bulk
/// import makes its records browsable first (the index is three quarters of SQLite's work on a record,
/// BENCHMARKS.md), then indexes them in batches of its own transactions. What is indexed is kept as a
/// watermark: every record whose id is at or below `text_indexed_upto` is in `records_text`. New
/// records always get higher ids (the store never deletes one), so the records still to index are
/// exactly those above it. A search meanwhile reads them by scan (`TextBacklog`), so it is never
/// wrong, only slower, and the browser says so.
public struct TextBacklog: Equatable, Sendable {
    /// Records at or below this id are in the search index.
    public var indexedUpTo: Int64
    /// Records above it (stored, not yet indexed).
    public var pending: Int64
    /// Records stored.
    public var total: Int64

    public static let none = TextBacklog(indexedUpTo: 0, pending: 0, total: 0)

    /// Indexed share of the records, in percent (100 when nothing is pending).
    public var percentIndexed: Int {
        total == 0 || pending == 0 ? 100 : Int((total - pending) * 100 / total)
    }
}

extension AuditStore {
    /// How far the search index has come. Cheap: two index lookups.
    public func textBacklog() throws -> TextBacklog {
        try read { db in try textBacklog(db) }
    }

    func textBacklog(_ db: Connection) throws -> TextBacklog {
        let upTo = try StoreState.value(StoreState.textIndexedUpTo, in: db) ?? 0
        // Ids are dense (records are never deleted), so the last id is the count.
        let last = try db.scalarInt("SELECT max(id) FROM records") ?? 0
        return TextBacklog(indexedUpTo: upTo, pending: max(0, last - upTo), total: last)
    }

    /// Adds every record not yet in the search index, `batchSize` records per transaction (a kill loses
    /// at most one batch of index work, never a record). `shouldStop` is asked between batches;
    /// `progress` gets (indexed so far by this call, still pending). Returns the records indexed.
    @discardableResult
    public func indexPendingText(batchSize: Int = 25_000, shouldStop: (() -> Bool)? = nil,
                                 progress: ((Int, Int64) -> Void)? = nil) throws -> Int {
        var indexed = 0
        if let side = sideTextIndex {
            sideTextIndex = nil
            if shouldStop?() == true { side.cancel(); return 0 }
            indexed = Int(try side.adopt(into: path, progress: { progress?(Int($0), side.upTo - $0) }))
            if indexed > 0 { progress?(indexed, try textBacklog().pending) }
        }
        while shouldStop?() != true {
            let done = try write { db in try db.transaction { try indexTextBatch(db, limit: batchSize) } }
            indexed += done.0
            progress?(indexed, done.1)
            if done.0 < batchSize { break }
        }
        return indexed
    }

    /// Indexes up to `limit` records not yet in the search index, in the caller's transaction (the follower
    /// indexes a poll's records in the transaction that stores them: one commit a poll, not two). Returns
    /// (records indexed, records still pending).
    func indexTextBatch(_ db: Connection, limit: Int) throws -> (Int, Int64) {
        let upTo = try StoreState.value(StoreState.textIndexedUpTo, in: db) ?? 0
        let rows = try db.prepared("SELECT id, message, context FROM records WHERE id > ? ORDER BY id LIMIT ?")
        rows.bind([.int(upTo), .int(Int64(limit))])
        var batch: [(Int64, String)] = []
        batch.reserveCapacity(min(limit, 1_024))
        while try rows.step() {
            batch.append((rows.int64("id"), SearchText.body(message: rows.text("message"), contextJSON: rows.text("context"))))
        }
        guard let last = batch.last?.0 else { return (0, 0) }
        let insert = try db.prepared("INSERT INTO records_text(rowid, body) VALUES (?, ?)")
        for (id, body) in batch { try insert.run([.int(id), .text(body)]) }
        try StoreState.set(StoreState.textIndexedUpTo, to: last, in: db)
        let remaining = (try db.scalarInt("SELECT max(id) FROM records") ?? last) - last
        return (batch.count, remaining)
    }
}

extension SearchText {
    /// The same text as `body(message:context:)`, from a stored record's message and compact context JSON, read
    /// straight from the bytes: every string, number and boolean value (object keys are not), strings
    /// unescaped. Invalid JSON (never stored) yields what could be read.
    static func body(message: String, contextJSON: String) -> String {
        var body = message
        var json = contextJSON
        json.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            let n = bytes.count
            // Whether the next string is an object's key: after `{` or `,` inside an object.
            var containers: [UInt8] = []
            var expectKey = false
            while i < n {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "{"): containers.append(b); expectKey = true; i += 1
                case UInt8(ascii: "["): containers.append(b); expectKey = false; i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = containers.popLast(); expectKey = false; i += 1
                case UInt8(ascii: ","): expectKey = containers.last == UInt8(ascii: "{"); i += 1
                case UInt8(ascii: ":"): expectKey = false; i += 1
                case UInt8(ascii: "\""):
                    let isKey = expectKey
                    if !isKey { out.append(0x0A) }
                    i += 1
                    while i < n, bytes[i] != UInt8(ascii: "\"") {
                        if bytes[i] == UInt8(ascii: "\\"), i + 1 < n {
                            let (scalar, length) = Self.escape(bytes, at: i)
                            if !isKey { Self.appendUTF8(scalar, to: &out) }
                            i += length
                        } else {
                            if !isKey { out.append(bytes[i]) }
                            i += 1
                        }
                    }
                    i += 1
                case UInt8(ascii: "n"): i += 4 // null: no text
                case UInt8(ascii: " "), 0x0A, 0x0D, 0x09: i += 1
                default:
                    // A number, true or false: its text as written.
                    out.append(0x0A)
                    while i < n, !Self.endsScalar(bytes[i]) { out.append(bytes[i]); i += 1 }
                }
            }
            body += String(decoding: out, as: UTF8.self)
        }
        return body
    }

    private static func endsScalar(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == UInt8(ascii: " ")
            || b == 0x0A || b == 0x0D || b == 0x09
    }

    /// The scalar an escape at `i` stands for and its length in bytes (a surrogate pair is one scalar).
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        switch bytes[i + 1] {
        case UInt8(ascii: "n"): return (0x0A, 2)
        case UInt8(ascii: "t"): return (0x09, 2)
        case UInt8(ascii: "r"): return (0x0D, 2)
        case UInt8(ascii: "b"): return (0x08, 2)
        case UInt8(ascii: "f"): return (0x0C, 2)
        case UInt8(ascii: "u"):
            guard let high = hex4(bytes, at: i + 2) else { return (0xFFFD, 2) }
            if (0xD800..<0xDC00).contains(high), i + 12 <= bytes.count, bytes[i + 6] == UInt8(ascii: "\\"),
               bytes[i + 7] == UInt8(ascii: "u"), let low = hex4(bytes, at: i + 8), (0xDC00..<0xE000).contains(low) {
                return (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), 12)
            }
            return ((0xD800..<0xE000).contains(high) ? 0xFFFD : high, 6)
        default: return (UInt32(bytes[i + 1]), 2) // \" \\ \/
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = bytes[k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: String(Character(scalar)).utf8)
    }
}
