/// The notes' hash chain, beside the records' (`HashChain`): each note's link is the SHA-256 of the previous
/// note's link, its id and the digest of everything it says (its record's identity, author, time, text and
/// the note it corrects). Notes are evidence too: a note changed, removed or inserted behind the tool's back
/// no longer fits, and `verify` names it. A chain of its own, so the records' head (which reports and exports
/// carry, and `verify --head` proves) means what it meant before notes existed.
enum NoteChain {
    /// The newest note link and its note's id; the genesis link and 0 for none.
    static func head(_ db: Connection) throws -> (link: [UInt8], id: Int64) {
        let statement = try db.prepared("SELECT id, link FROM note_links ORDER BY id DESC LIMIT 1")
        return try statement.single { ($0.bytes("link") ?? HashChain.genesis, $0.int64("id")) } ?? (HashChain.genesis, 0)
    }

    /// The digest of a note's content: each value in a fixed order, integers as 8 bytes, text with its length.
    static func digest(record: RecordIdentity, author: String, time: Int64, text: String, corrects: Int64?) -> [UInt8] {
        digest(record: record, author: Array(author.utf8), time: time, text: Array(text.utf8), corrects: corrects)
    }

    /// The same from the bytes as stored.
    static func digest(record: RecordIdentity, author: [UInt8], time: Int64, text: [UInt8], corrects: Int64?) -> [UInt8] {
        var content = DigestBytes()
        for value in [record.time, record.fingerprint, record.occurrence, time] { content.add(value) }
        for utf8 in [author, text] { content.add(text: utf8) }
        content.add(optional: corrects)
        return content.digest
    }

    /// The link a stored note row (read with `walkSQL`) should have after `previous`.
    static func link(of row: Statement, after previous: [UInt8]) -> [UInt8] {
        let record = RecordIdentity(time: row.int64("record_time_us"), fingerprint: row.int64("record_fingerprint"),
                                    occurrence: row.int64("record_occurrence"))
        let content = digest(record: record, author: row.bytes("author") ?? [],
                             time: row.int64("time_us"), text: row.bytes("text") ?? [],
                             corrects: row.int64OrNil("corrects"))
        return HashChain.link(after: previous, id: row.int64("id"), occurrence: 0, content: content)
    }

    static let walkSQL = "SELECT id, record_time_us, record_fingerprint, record_occurrence, author, time_us, text, corrects FROM notes ORDER BY id"
}

extension AuditStore {
    /// Walks the notes' chain in id order, as `verifyChain` walks the records': a note changed, removed or
    /// inserted by hand is named by its id (`records` in the report counts notes).
    public func verifyNoteChain() throws -> ChainReport {
        try read { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let notes = try db.prepared(NoteChain.walkSQL)
            let links = try db.prepared("SELECT id, link FROM note_links ORDER BY id")
            return try ChainReport.walk(items: notes, links: links, wanted: nil) { row, previous in
                NoteChain.link(of: row, after: previous)
            }
        }
    }

    /// The notes' chain head now (hex) and its note's id; nil when there is no note.
    public func noteChainHead() throws -> (link: String, id: Int64)? {
        try read { db in
            let (link, id) = try NoteChain.head(db)
            return id == 0 ? nil : (link.hex, id)
        }
    }
}
