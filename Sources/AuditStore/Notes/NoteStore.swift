/// Notes in the store: written (by the user's own writer, or by the ingester from a drop file), read with
/// a page of records, listed for a view. SQL for notes lives here and in `NoteChain`.
enum NoteSQL {
    /// The notes table and its chain (schema 10).
    static let createSQL = """
        CREATE TABLE IF NOT EXISTS notes(
            id INTEGER PRIMARY KEY,
            record_time_us INTEGER NOT NULL, record_fingerprint INTEGER NOT NULL, record_occurrence INTEGER NOT NULL,
            author TEXT NOT NULL, time_us INTEGER NOT NULL, text TEXT NOT NULL, corrects INTEGER);
        CREATE INDEX IF NOT EXISTS notes_by_record ON notes(record_time_us, record_fingerprint, record_occurrence);
        CREATE INDEX IF NOT EXISTS notes_by_time ON notes(time_us, id);
        CREATE TABLE IF NOT EXISTS note_links(id INTEGER PRIMARY KEY, link BLOB NOT NULL);
        """

    /// A note's columns, each `AS` its name (the table is `n`).
    static let selectSQL = "n.id AS note_id, n.author AS note_author, n.time_us AS note_time_us, n.text AS note_text, "
        + "n.corrects AS note_corrects"

    /// Joins a record `r` to its notes `n` through the identity index.
    static let joinSQL = "n.record_time_us = r.time_us AND n.record_fingerprint = r.fingerprint "
        + "AND n.record_occurrence = r.occurrence"

    static func decode(_ row: Statement) -> Note {
        Note(id: row.int64("note_id"), author: row.text("note_author"), time: Timestamp(microseconds: row.int64("note_time_us")),
             text: row.text("note_text"), corrects: row.int64OrNil("note_corrects"))
    }

    /// Whether the store holds any note (one probe: most stores hold none, and a page then asks nothing more).
    static func any(_ db: Connection) throws -> Bool {
        (try db.scalarInt("SELECT EXISTS(SELECT 1 FROM notes)") ?? 0) != 0
    }

    /// Gives each record of a page its notes, oldest first.
    static func attach(to records: inout [AuditRecord], _ db: Connection) throws {
        guard !records.isEmpty, try any(db) else { return }
        let statement = try db.prepared("""
            SELECT r.id AS record_id, \(selectSQL) FROM records r JOIN notes n ON \(joinSQL)
            WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY n.time_us, n.id
            """)
        statement.bind([.text("[" + records.map { String($0.id) }.joined(separator: ",") + "]")])
        var notes: [Int64: [Note]] = [:]
        while try statement.step() { notes[statement.int64("record_id"), default: []].append(decode(statement)) }
        guard !notes.isEmpty else { return }
        for index in records.indices { records[index].notes = notes[records[index].id] ?? [] }
    }

    /// A record's identity by its id.
    static func identity(ofRecord id: Int64, _ db: Connection) throws -> RecordIdentity? {
        try db.prepared("SELECT time_us, fingerprint, occurrence FROM records WHERE id = ?").bind([.int(id)])
            .single { RecordIdentity(time: $0.int64("time_us"), fingerprint: $0.int64("fingerprint"), occurrence: $0.int64("occurrence")) }
    }

    /// Stores a note (inside the caller's transaction) and links it into the notes' chain.
    static func insert(on record: RecordIdentity, author: String, time: Timestamp, text: String, corrects: Int64?,
                       _ db: Connection) throws -> Note {
        let stored = try NoteText.checked(text)
        guard try db.scalarInt("SELECT count(*) FROM records WHERE time_us = ? AND fingerprint = ? AND occurrence = ?",
                               [.int(record.time), .int(record.fingerprint), .int(record.occurrence)]) == 1 else {
            throw StoreError("the record the note is on is not in this store")
        }
        if let corrects {
            let same = try db.scalarInt("""
                SELECT count(*) FROM notes WHERE id = ? AND record_time_us = ? AND record_fingerprint = ? AND record_occurrence = ?
                """, [.int(corrects), .int(record.time), .int(record.fingerprint), .int(record.occurrence)])
            guard same == 1 else { throw StoreError("note \(corrects) is not a note on this record: a correction names a note on the same record") }
        }
        try db.prepared("""
            INSERT INTO notes(record_time_us, record_fingerprint, record_occurrence, author, time_us, text, corrects)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.int(record.time), .int(record.fingerprint), .int(record.occurrence), .text(author),
                      .int(time.microseconds), .text(stored), corrects.map { .int($0) } ?? .null])
        let id = db.lastInsertRowID
        let content = NoteChain.digest(record: record, author: author, time: time.microseconds, text: stored, corrects: corrects)
        let link = HashChain.link(after: try NoteChain.head(db).link, id: id, occurrence: 0, content: content)
        try db.prepared("INSERT INTO note_links(id, link) VALUES (?, ?)").run([.int(id), .blob(link)])
        return Note(id: id, author: author, time: time, text: stored, corrects: corrects)
    }
}

extension AuditStore {
    /// Writes a note on a stored record (a read-write store: the user's own). The author is the account
    /// running this process (`NoteAuthor.current`), the time the clock's: neither is the caller's to say.
    @discardableResult
    public func addNote(onRecord id: Int64, text: String, corrects: Int64? = nil) throws -> Note {
        try write { db in
            try db.transaction {
                guard let identity = try NoteSQL.identity(ofRecord: id, db) else { throw StoreError("no record \(id) in this store") }
                return try NoteSQL.insert(on: identity, author: NoteAuthor.current(),
                                          time: Timestamp(microseconds: SystemClock.nowMicroseconds()),
                                          text: text, corrects: corrects, db)
            }
        }
    }

    /// Stores a note whose author and time were established elsewhere (the ingester, from a drop file's
    /// owner and time). Not for notes a user types: `addNote` is.
    func addNote(on record: RecordIdentity, author: String, time: Timestamp, text: String, corrects: Int64?) throws -> Note {
        try write { db in
            try db.transaction { try NoteSQL.insert(on: record, author: author, time: time, text: text, corrects: corrects, db) }
        }
    }

    /// A record's content identity (what a drop file names).
    public func identity(ofRecord id: Int64) throws -> RecordIdentity? {
        try read { db in try NoteSQL.identity(ofRecord: id, db) }
    }

    /// The notes of the view's records, newest note first, each with its record; at most `limit`. With
    /// `note:` words, only the notes that hold them.
    public func notes(of query: RecordQuery, limit: Int = 10_000) throws -> [NotedRecord] {
        try read { db in
            guard try NoteSQL.any(db) else { return [] }
            let sql = try recordSQL(query, db)
            let words = query.noteWords.filter { !$0.isEmpty }
            let statement = try db.prepared("""
                SELECT \(RecordRow.selectSQL), \(NoteSQL.selectSQL) FROM notes n
                JOIN records r ON \(NoteSQL.joinSQL)
                LEFT JOIN admins a ON a.id = r.admin_id LEFT JOIN customers c ON c.id = r.owner_customer
                \(sql.whereClause(extra: words.map { _ in "n.text LIKE ? ESCAPE '\\'" })) ORDER BY n.time_us DESC, n.id DESC LIMIT ?
                """)
            statement.bind(sql.values + words.map { .text("%" + RecordSQL.escapeLike($0) + "%") } + [.int(Int64(limit))])
            var found: [NotedRecord] = []
            while try statement.step() { found.append(NotedRecord(note: NoteSQL.decode(statement), record: shown(RecordRow.decode(statement)))) }
            return found
        }
    }

    /// How many notes the store holds.
    public func noteCount() throws -> Int {
        try read { db in Int(try db.scalarInt("SELECT count(*) FROM notes") ?? 0) }
    }
}
