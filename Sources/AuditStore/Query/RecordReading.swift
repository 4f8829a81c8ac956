/// Turns a `RecordQuery` into SQL. Every query walks one index in (time, id) order, chosen by the most
/// selective link set, so a page costs the same at 10 k records as at 10 M.
///
/// A search word takes one of two plans, chosen by how many records hold its trigrams (`isSparse`):
/// a rare word reads its few candidates from the trigram index by rowid and sorts them (cost bounded by
/// `AuditStore.sparseSearchLimit`); a common word walks the scope's index in time order with LIKE, which
/// meets a page of matches after a short walk. Either way no page reads millions of rows.
struct RecordSQL {
    var conditions: [String] = []
    var values: [SQLValue] = []
    var index = RecordIndex.byTime
    /// A rare search word: candidates by rowid, then sorted (no index walk).
    var byCandidates = false


    /// With `backlog` pending (records not yet in the search index, see `TextBacklog`), a rare word's
    /// candidates are its index hits plus the pending records; with more pending than a rare word may
    /// have, every word walks the index with LIKE (the scan the browser then mentions).
    init(_ query: RecordQuery, resolve: (EntityKind, String) throws -> String,
         isSparse: (String) throws -> Bool = { _ in true }, backlog: TextBacklog = .none,
         sparseLimit: Int = 10_000, indexes: Set<RecordIndex>? = nil, maskedSearch: Bool = false) rethrows {
        defer {
            // A bulk load builds the filter indexes after its records (`BulkLoad`): meanwhile walk by time.
            if let indexes, !indexes.contains(index) { index = .byTime }
        }
        if let channel = query.channel {
            add("r.channel = ?", .text(channel))
            index = .byChannel
        }
        if let admin = query.admin {
            add("r.admin_id = ?", .text(try resolve(.admin, admin)))
            index = .byAdmin
        }
        if let customer = query.customer {
            add("r.owner_customer = ?", .text(try resolve(.customer, customer)))
            index = .byOwner
        }
        if let subscription = query.subscription {
            add("r.subscription_id = ?", .text(subscription))
            index = .bySubscription
        }
        if let request = query.request {
            add("r.request_uid = ?", .text(request))
            index = .byRequest
        }
        if let field = query.field {
            // `Customer.billingEmail`: the entity is the one the change message named, stored at import.
            let name = FieldChange.qualifiedName(field)
            add("r.\(RecordColumn.field.rawValue) = ?", .text(name.field))
            if let entity = name.entity { add("r.\(RecordColumn.entity.rawValue) = ?", .text(entity)) }
            // A customer's, subscription's or admin's own index is narrower than all changes of the field.
            if index == .byTime || index == .byChannel { index = .byField }
        }
        if let ids = query.ids {
            // A few records by rowid, then sorted, like a rare word's candidates.
            add("r.id IN (SELECT value FROM json_each(?))", .text("[" + ids.map(String.init).joined(separator: ",") + "]"))
            byCandidates = true
        }
        if let ref = query.ref {
            // A reference's prefix is a range of fingerprints (and past 13 characters, of occurrences mod 2¹⁶):
            // a few records whatever else the view says, read through their own index.
            let fingerprints = ref.fingerprints
            add("r.fingerprint BETWEEN ? AND ?", .int(fingerprints.lowerBound))
            values.append(.int(fingerprints.upperBound))
            if let occurrences = ref.occurrences {
                add("(r.occurrence & 65535) BETWEEN ? AND ?", .int(occurrences.lowerBound))
                values.append(.int(occurrences.upperBound))
            }
            index = .byFingerprint
        }
        if query.hasNote || !query.noteWords.isEmpty {
            // Few records have notes: their ids through the notes (by the identity index), then sorted.
            let words = query.noteWords.filter { !$0.isEmpty }
            let like = words.map { _ in " AND n.text LIKE ? ESCAPE '\\'" }.joined()
            conditions.append("r.id IN (SELECT r.id FROM notes n JOIN records r ON \(NoteSQL.joinSQL) WHERE 1\(like))")
            values += words.map { .text("%" + Self.escapeLike($0) + "%") }
            byCandidates = true
        }
        if let since = query.since { add("r.time_us >= ?", .int(since.microseconds)) }
        if let until = query.until { add("r.time_us < ?", .int(until.microseconds)) }
        if let level = query.minimumLevel {
            if level >= .warning {
                // Written out, so the partial index of warnings and worse (`WHERE level >= 300`) can serve it.
                conditions.append("r.level >= 300")
                if index == .byTime { index = .byWarning }
            }
            add("r.level >= ?", .int(Int64(level.rawValue)))
        }
        for word in query.words where !word.isEmpty {
            // The trigram index (no positions, to stay small) narrows to records holding every trigram of
            // the word; LIKE then checks the word itself. Context is matched in its JSON-escaped form.
            if let trigrams = Self.trigramQuery(word), backlog.pending < sparseLimit, try isSparse(trigrams) {
                if backlog.pending == 0 {
                    add("r.id IN (SELECT rowid FROM records_text WHERE records_text MATCH ?)", .text(trigrams))
                } else {
                    add("r.id IN (SELECT rowid FROM records_text WHERE records_text MATCH ? "
                        + "UNION ALL SELECT id FROM records WHERE id > ?)", .text(trigrams))
                    values.append(.int(backlog.indexedUpTo))
                }
                byCandidates = true
            }
            if maskedSearch {
                // An agent's word is checked against the record as the agent sees it (`MaskedSearch`).
                add(MaskedSearch.condition, .text(word))
                continue
            }
            add("(r.message LIKE ? ESCAPE '\\' OR r.context LIKE ? ESCAPE '\\')",
                .text("%" + Self.escapeLike(word) + "%"))
            values.append(.text("%" + Self.escapeLike(Self.jsonEscaped(word)) + "%"))
        }
    }

    /// `"acm" AND "cme"` for "acme": each trigram an FTS string (quotes doubled), so nothing a user types
    /// is an operator. nil for words under three characters. At most 16 trigrams: LIKE checks the rest.
    static func trigramQuery(_ word: String) -> String? {
        let scalars = Array(word.lowercased().unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var seen = Set<String>()
        var parts: [String] = []
        for start in 0...(scalars.count - 3) where parts.count < 16 {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<(start + 3)])
            let text = String(trigram)
            if seen.insert(text).inserted { parts.append(phrase(text)) }
        }
        return parts.joined(separator: " AND ")
    }

    /// The word as it appears inside a stored JSON string.
    static func jsonEscaped(_ word: String) -> String {
        var out = ""
        JSONValue.writeString(word, to: &out)
        return String(out.dropFirst().dropLast())
    }

    private mutating func add(_ condition: String, _ value: SQLValue) {
        conditions.append(condition)
        values.append(value)
    }

    /// A user's word as one FTS5 string: quotes doubled, so operators and quotes are plain text.
    static func phrase(_ word: String) -> String { "\"" + word.replacingAll("\"", with: "\"\"") + "\"" }

    static func escapeLike(_ word: String) -> String {
        var out = ""
        for c in word {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func whereClause(extra: [String] = []) -> String {
        let all = conditions + extra
        return all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
    }

    func pageSQL(position: PagePosition, limit: Int) -> (String, [SQLValue]) {
        var extra: [String] = []
        var bound = values
        let ascending: Bool
        switch position {
        case .newest: ascending = false
        case .oldest: ascending = true
        case .olderThan(let key):
            extra.append("(r.time_us, r.id) < (?, ?)")
            bound += [.int(key.time.microseconds), .int(key.id)]
            ascending = false
        case .newerThan(let key):
            extra.append("(r.time_us, r.id) > (?, ?)")
            bound += [.int(key.time.microseconds), .int(key.id)]
            ascending = true
        }
        let order = ascending ? "ASC" : "DESC"
        // A request's records are few: its own index, then sorted. So are a rare word's candidates: by rowid,
        // then sorted. Every other scope reads its index in order.
        let orderBy = "ORDER BY r.time_us \(order), r.id \(order)"
        if byCandidates {
            // Sorted as bare ids first, so the sort holds a few bytes per candidate, not whole records.
            let sql = """
                SELECT \(RecordRow.selectSQL) FROM records r LEFT JOIN admins a ON a.id = r.admin_id
                LEFT JOIN customers c ON c.id = r.owner_customer
                WHERE r.id IN (SELECT r.id FROM records r NOT INDEXED \(whereClause(extra: extra)) \(orderBy)
                    LIMIT ?)
                \(orderBy)
                """
            return (sql, bound + [.int(Int64(max(0, limit)))])
        }
        let indexed = index.named ? "INDEXED BY \(index.name)" : ""
        // The limit is bound, not written into the text: one statement serves every screen height.
        let sql = """
            SELECT \(RecordRow.selectSQL) FROM records r \(indexed) LEFT JOIN admins a ON a.id = r.admin_id
            LEFT JOIN customers c ON c.id = r.owner_customer
            \(whereClause(extra: extra)) \(orderBy) LIMIT ?
            """
        return (sql, bound + [.int(Int64(max(0, limit)))])
    }

}

extension AuditStore {
    /// Up to `limit` records of the view from `position`, newest first.
    public func page(of query: RecordQuery, from position: PagePosition, limit: Int) throws -> [AuditRecord] {
        try read { db in
            try db.retryingSchemaChange({
                let sql = try recordSQL(query, db)
                let (text, values) = sql.pageSQL(position: position, limit: limit)
                let statement = try db.prepared(text)
                statement.bind(values)
                var records: [AuditRecord] = []
                records.reserveCapacity(limit)
                while try statement.step() { records.append(RecordRow.decode(statement)) }
                try NoteSQL.attach(to: &records, db)
                if role.masksPersonalData { records = records.map(PersonalData.record) }
                switch position {
                case .oldest, .newerThan: records.reverse()
                case .newest, .olderThan: break
                }
                return records
            }, onChange: { knownIndexes = nil })
        }
    }

    /// Every record of the view, newest first (or oldest first), a page at a time: memory stays flat.
    public func forEachRecord(of query: RecordQuery, oldestFirst: Bool = false, pageSize: Int = 2_000,
                              _ body: (AuditRecord) throws -> Void) throws {
        var position: PagePosition = oldestFirst ? .oldest : .newest
        while true {
            var page = try self.page(of: query, from: position, limit: pageSize)
            if oldestFirst { page.reverse() }
            for record in page { try body(record) }
            guard page.count == pageSize, let last = page.last else { return }
            position = oldestFirst ? .newerThan(last.key) : .olderThan(last.key)
        }
    }

    /// How many records the view holds. Walks the index: call it off the key path on large views.
    /// A common search word is counted by scanning with `LIKE` rather than through the trigram index: the
    /// index would materialise every candidate (megabytes at 10 M records) where a scan needs none.
    public func count(of query: RecordQuery) throws -> Int {
        try read { db in
            let sql = try recordSQL(query, db)
            return Int(try db.scalarInt("SELECT count(*) FROM records r \(sql.whereClause())", sql.values) ?? 0)
        }
    }

    /// The view's count, from an earlier one where it can be: records are only ever added, with higher ids,
    /// so the count after `previous` is its count plus the view's records above its last id — unless older
    /// records changed logs since (a subscription's customer learned: `ownerEpoch`), then counted whole.
    /// Only a customer's log has records that change logs: the view's epoch is that customer's (and the
    /// store's, for a bulk load's moves), so a record teaching one subscription's customer has that
    /// customer's views count whole, not Overall nor any other (20 browsers on 10 M records).
    /// A browser on a store an import is growing asks this every second: a few new records, not ten
    /// million, each time.
    public func count(of query: RecordQuery, after previous: ViewCount?) throws -> ViewCount {
        try read { db in
            // One snapshot for the count and the bounds it is valid for.
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let last = try db.scalarInt("SELECT max(id) FROM records") ?? 0
            let epoch = try ownerEpoch(of: query, db)
            let sql = try recordSQL(query, db)
            // Going on: the records above the earlier count's last id; else all of them.
            let base = previous.flatMap { $0.epoch == epoch && $0.upTo <= last ? $0 : nil }
            let counted = try db.scalarInt("SELECT count(*) FROM records r "
                + sql.whereClause(extra: base == nil ? [] : ["r.id > ?"]), sql.values + (base.map { [.int($0.upTo)] } ?? [])) ?? 0
            return ViewCount(count: (base?.count ?? 0) + Int(counted), upTo: last, epoch: epoch, fromNothing: base == nil)
        }
    }

    /// The owner epoch a view's count depends on: 0 for a view that names no customer (its records never
    /// change, only their log does); for a customer's log the store's epoch plus that customer's.
    func ownerEpoch(of query: RecordQuery, _ db: Connection) throws -> Int64 {
        guard let customer = query.customer else { return 0 }
        let id = try resolve(.customer, customer, db)
        return try (StoreState.value(StoreState.ownerEpoch, in: db) ?? 0)
            + (StoreState.value(StoreState.ownerEpoch(of: id), in: db) ?? 0)
    }

    /// The query plan SQLite chooses for a page of the view (tests assert it uses an index).
    public func queryPlan(of query: RecordQuery, from position: PagePosition = .newest) throws -> [String] {
        try read { db in
            let sql = try recordSQL(query, db)
            let (text, values) = sql.pageSQL(position: position, limit: 50)
            let statement = try db.prepared("EXPLAIN QUERY PLAN " + text)
            statement.bind(values)
            var lines: [String] = []
            while try statement.step() { lines.append(statement.text("detail")) }
            return lines
        }
    }

    /// The SQL of a view; with search words, it knows how far the search index has come.
    func recordSQL(_ query: RecordQuery, _ db: Connection) throws -> RecordSQL {
        let backlog = query.words.isEmpty ? .none : try textBacklog(db)
        return try RecordSQL(query, resolve: { try resolve($0, $1, db) },
                             isSparse: { try isSparse($0, pending: backlog.pending, db) },
                             backlog: backlog, sparseLimit: sparseSearchLimit, indexes: try recordIndexes(db),
                             maskedSearch: role.masksPersonalData)
    }

    /// The indexes of `records` as they are now (a bulk load drops and rebuilds some), read again only
    /// when the schema changed.
    func recordIndexes(_ db: Connection) throws -> Set<RecordIndex> {
        let version = try db.scalarInt("PRAGMA schema_version") ?? 0
        if let known = knownIndexes, known.version == version { return known.names }
        let names = Set(try db.texts("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records'")
            .compactMap(RecordIndex.init(rawValue:)))
        knownIndexes = (version, names)
        return names
    }

    /// Whether fewer than `sparseSearchLimit` records hold every trigram of a word (remembered per word:
    /// it only picks a plan, so a stale answer costs time, never a wrong result).
    func isSparse(_ trigrams: String, pending: Int64 = 0, _ db: Connection) throws -> Bool {
        if pending == 0, let known = sparseWords[trigrams] { return known }
        let found = try db.scalarInt("SELECT count(*) FROM (SELECT rowid FROM records_text WHERE records_text MATCH ? LIMIT ?)",
                                     [.text(trigrams), .int(Int64(sparseSearchLimit))]) ?? 0
        let sparse = found + pending < sparseSearchLimit
        if pending > 0 { return sparse }
        if sparseWords.count > 256 { sparseWords.removeAll() }
        sparseWords[trigrams] = sparse
        return sparse
    }

    /// The id of the one entity a typed name means (see `match`); the text itself when it means none or
    /// several, so it matches no record unless it is an id. A resolved name is remembered.
    public func resolve(_ kind: EntityKind, _ text: String) throws -> String {
        try read { db in try resolve(kind, text, db) }
    }

    func resolve(_ kind: EntityKind, _ text: String, _ db: Connection) throws -> String {
        let key = kind.rawValue + "\u{0}" + text
        if let id = resolvedNames[key] { return id }
        guard case .one(let entity) = try match(kind, text, db) else { return text }
        if resolvedNames.count > 1_000 { resolvedNames.removeAll() }
        resolvedNames[key] = entity.id
        return entity.id
    }
}
