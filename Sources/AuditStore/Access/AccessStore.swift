/// Looks in the store (`access_records`), written only by the ingester from drop files, each linked into a
/// chain of its own (`access_links`) as notes are (`NoteChain`): `verify` names a look changed, removed or
/// inserted behind the tool's back. There is no UPDATE or DELETE of a look anywhere. SQL for looks lives here.
enum AccessSQL {
    /// The looks' table and chain (schema 13).
    static let createSQL = """
        CREATE TABLE IF NOT EXISTS access_records(
            id INTEGER PRIMARY KEY, user TEXT NOT NULL, time_us INTEGER NOT NULL, action TEXT NOT NULL,
            scope TEXT NOT NULL, scope_id TEXT, filters TEXT NOT NULL, words TEXT NOT NULL, count INTEGER,
            file TEXT, record_ref TEXT, reason TEXT);
        CREATE INDEX IF NOT EXISTS access_by_time ON access_records(time_us, id);
        CREATE INDEX IF NOT EXISTS access_by_scope ON access_records(scope, scope_id, time_us);
        CREATE INDEX IF NOT EXISTS access_by_user ON access_records(user, time_us);
        CREATE TABLE IF NOT EXISTS access_links(id INTEGER PRIMARY KEY, link BLOB NOT NULL);
        """

    static let columns = "id, user, time_us, action, scope, scope_id, filters, words, count, file, record_ref, reason"

    /// The digest of a look's content: every column in a fixed order (texts with their length, an absent value
    /// distinct from an empty one).
    static func digest(user: [UInt8], time: Int64, action: [UInt8], scope: [UInt8], scopeID: [UInt8]?, filters: [UInt8],
                       words: [UInt8], count: Int64?, file: [UInt8]?, record: [UInt8]?, reason: [UInt8]?) -> [UInt8] {
        var content = DigestBytes()
        content.add(time)
        for text in [user, action, scope, scopeID, filters, words, file, record, reason] { content.add(optionalText: text) }
        content.add(optional: count)
        return content.digest
    }

    /// The link a stored row should have after `previous`.
    static func link(of row: Statement, after previous: [UInt8]) -> [UInt8] {
        let content = digest(user: row.bytes("user") ?? [], time: row.int64("time_us"), action: row.bytes("action") ?? [],
                             scope: row.bytes("scope") ?? [], scopeID: row.bytes("scope_id"), filters: row.bytes("filters") ?? [],
                             words: row.bytes("words") ?? [], count: row.int64OrNil("count"), file: row.bytes("file"),
                             record: row.bytes("record_ref"), reason: row.bytes("reason"))
        return HashChain.link(after: previous, id: row.int64("id"), occurrence: 0, content: content)
    }

    static func head(_ db: Connection) throws -> (link: [UInt8], id: Int64) {
        let statement = try db.prepared("SELECT id, link FROM access_links ORDER BY id DESC LIMIT 1")
        return try statement.single { ($0.bytes("link") ?? HashChain.genesis, $0.int64("id")) } ?? (HashChain.genesis, 0)
    }

    /// The words as one text: a JSON array.
    static func wordsText(_ words: [String]) -> String {
        "[" + words.map { word in
            var text = ""
            JSONValue.writeString(word, to: &text)
            return text
        }.joined(separator: ",") + "]"
    }

    static func insert(_ event: AccessEvent, user: String, _ db: Connection) throws -> Int64 {
        guard !user.isEmpty else { throw StoreError("an access record needs its user") }
        let words = wordsText(event.words)
        try db.prepared("""
            INSERT INTO access_records(user, time_us, action, scope, scope_id, filters, words, count, file, record_ref, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(user), .int(event.time.microseconds), .text(event.action.rawValue), .text(event.scope.kind),
                      event.scope.id.map { .text($0) } ?? .null, .text(event.filters), .text(words),
                      event.count.map { .int(Int64($0)) } ?? .null, event.file.map { .text($0) } ?? .null,
                      event.record.map { .text($0) } ?? .null, event.reason.map { .text($0) } ?? .null])
        let id = db.lastInsertRowID
        let content = digest(user: Array(user.utf8), time: event.time.microseconds, action: Array(event.action.rawValue.utf8),
                             scope: Array(event.scope.kind.utf8), scopeID: event.scope.id.map { Array($0.utf8) },
                             filters: Array(event.filters.utf8), words: Array(words.utf8), count: event.count.map(Int64.init),
                             file: event.file.map { Array($0.utf8) }, record: event.record.map { Array($0.utf8) },
                             reason: event.reason.map { Array($0.utf8) })
        let link = HashChain.link(after: try head(db).link, id: id, occurrence: 0, content: content)
        try db.prepared("INSERT INTO access_links(id, link) VALUES (?, ?)").run([.int(id), .blob(link)])
        return id
    }

    static func decode(_ row: Statement) -> AccessRecord? {
        guard let action = AccessAction(rawValue: row.text("action")),
              let scope = AccessScope(kind: row.text("scope"), id: row.textOrNil("scope_id")) else { return nil }
        var words: [String] = []
        if case .array(let items)? = try? JSONParser.parse(row.text("words")) {
            words = items.compactMap { if case .string(let word) = $0 { word } else { nil } }
        }
        let event = AccessEvent(action: action, time: Timestamp(microseconds: row.int64("time_us")), scope: scope,
                                filters: row.text("filters"), words: words, count: row.int64OrNil("count").map(Int.init),
                                file: row.textOrNil("file"), record: row.textOrNil("record_ref"), reason: row.textOrNil("reason"))
        return AccessRecord(id: row.int64("id"), user: row.text("user"), event: event)
    }
}

extension AuditStore {
    /// Stores a look whose user and content were established elsewhere (the ingester: the user is the login of
    /// the drop file's owner), linked into the looks' chain in the same transaction.
    @discardableResult
    public func addAccess(_ event: AccessEvent, user: String) throws -> AccessRecord {
        try write { db in
            try db.transaction {
                AccessRecord(id: try AccessSQL.insert(event, user: user, db), user: user, event: event)
            }
        }
    }

    /// The looks the filter selects, newest first.
    public func accessRecords(_ filter: AccessFilter) throws -> [AccessRecord] {
        try read { db in
            guard try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'access_records'") == 1 else { return [] }
            var conditions: [String] = []
            var values: [SQLValue] = []
            if let scope = filter.scope {
                conditions.append(scope.id == nil ? "scope = ?" : "scope = ? AND scope_id = ?")
                values += [.text(scope.kind)] + (scope.id.map { [.text($0)] } ?? [])
            }
            if let user = filter.user {
                conditions.append("user = ?")
                values.append(.text(user))
            }
            if let since = filter.since {
                conditions.append("time_us >= ?")
                values.append(.int(since.microseconds))
            }
            if let until = filter.until {
                conditions.append("time_us < ?")
                values.append(.int(until.microseconds))
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let statement = try db.prepared("""
                SELECT \(AccessSQL.columns) FROM access_records \(whereClause) ORDER BY time_us DESC, id DESC LIMIT ?
                """)
            statement.bind(values + [.int(Int64(filter.limit))])
            var found: [AccessRecord] = []
            while try statement.step() { if let record = AccessSQL.decode(statement) { found.append(record) } }
            return found
        }
    }

    /// Walks the looks' chain in id order, as `verifyNoteChain` walks the notes': a look changed, removed or
    /// inserted by hand is named by its id (`records` in the report counts looks).
    public func verifyAccessChain() throws -> ChainReport {
        try read { db in
            guard try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'access_records'") == 1 else { return ChainReport() }
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let looks = try db.prepared("SELECT \(AccessSQL.columns) FROM access_records ORDER BY id")
            let links = try db.prepared("SELECT id, link FROM access_links ORDER BY id")
            return try ChainReport.walk(items: looks, links: links, wanted: nil) { row, previous in
                AccessSQL.link(of: row, after: previous)
            }
        }
    }
}
