/// What a name a person typed (`--customer billing@acme.example`, `admin:ops`) means.
public enum EntityMatch: Equatable, Sendable {
    case one(Entity)
    /// Nothing by that name; `closest` holds the nearest names, when some are near.
    case none(closest: [Entity])
    case several([Entity])
    /// Shorter than an id prefix may be (`AuditStore.shortestIDPrefix`), though these ids start with it.
    case tooShort(startingWith: [Entity])
}

extension EntityKind {
    /// How messages name the kind: "customer", "subscription", "billing admin".
    public var noun: String {
        switch self {
        case .customer: "customer"
        case .subscription: "subscription"
        case .admin: "billing admin"
        }
    }

    public var pluralNoun: String { noun + "s" }
}

extension AuditStore {
    /// The fewest characters an id prefix may have: three hex digits are shared by many ids in a large store.
    public static let shortestIDPrefix = 4

    /// Resolves a typed name the way the screens show entities, any case: an id; an admin's email or its
    /// short name (the part before `@`, as the list shows it); a customer's email, current or any earlier
    /// one its `billingEmail` changes mention, or name; a unique id prefix (four characters or more). The
    /// first of these steps that finds something decides. With no match, the ids a too short prefix starts,
    /// else the closest names.
    public func match(_ kind: EntityKind, _ text: String) throws -> EntityMatch {
        try read { db in shown(try match(kind, text, db)) }
    }

    func match(_ kind: EntityKind, _ text: String, _ db: Connection) throws -> EntityMatch {
        let text = String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        guard !text.isEmpty else { return .none(closest: []) }
        if let exact = try entities(kind, where: "id = ?1", [.text(text)], limit: 2, db).first { return .one(exact) }
        var found = try entities(kind, where: Self.nameCondition(kind, agent: role.masksPersonalData), [.text(text)], limit: 11, db)
        if found.isEmpty, kind == .customer, text.contains("@") {
            found = try customersOnceEmailed(text, db)
        }
        if found.isEmpty {
            let prefix = RecordSQL.escapeLike(text) + "%"
            found = try entities(kind, where: "id LIKE ?1 ESCAPE '\\'", [.text(prefix)], limit: 11, db)
            if !found.isEmpty, text.count < Self.shortestIDPrefix { return .tooShort(startingWith: found) }
        }
        switch found.count {
        // An agent is offered no names near what they typed: that would spell out what the screen masks.
        case 0: return .none(closest: role.masksPersonalData && kind != .admin ? [] : try closest(kind, to: text, db))
        case 1: return .one(found[0])
        default: return .several(found)
        }
    }

    /// id, email or name in any case; for admins also the short name before `@`.
    /// An agent (`agent`) finds a customer by its id or an e-mail typed whole, never by its name.
    private static func nameCondition(_ kind: EntityKind, agent: Bool = false) -> String {
        switch kind {
        case .customer where agent:
            return "id = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE OR log_email = ?1 COLLATE NOCASE"
        case .subscription:
            return "id = ?1 COLLATE NOCASE"
        case .customer:
            return "id = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE OR log_email = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE"
        case .admin:
            return """
                id = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
                OR (instr(email, '@') > 1 AND substr(email, 1, instr(email, '@') - 1) = ?1 COLLATE NOCASE)
                """
        }
    }

    private func entities(_ kind: EntityKind, where condition: String, _ values: [SQLValue], limit: Int,
                          _ db: Connection) throws -> [Entity] {
        let statement = try db.prepared("""
            \(Self.entitySelect(kind)) WHERE \(condition)
            ORDER BY coalesce(last_us, 0) DESC, id DESC LIMIT \(limit)
            """)
        statement.bind(values)
        var result: [Entity] = []
        while try statement.step() {
            result.append(Self.entity(kind, from: statement))
        }
        return result
    }

    /// Customers whose `billingEmail` was once `email`: its changes store the value PHP-quoted
    /// (`'old@x.example'`). The trigram index finds the few records that hold it, with the records not
    /// yet indexed (`TextBacklog`).
    private func customersOnceEmailed(_ email: String, _ db: Connection) throws -> [Entity] {
        guard let trigrams = RecordSQL.trigramQuery(email) else { return [] }
        let backlog = try textBacklog(db)
        let ids = try db.texts("""
            SELECT DISTINCT owner_customer FROM records
            WHERE id IN (SELECT rowid FROM records_text WHERE records_text MATCH ?1
                         UNION ALL SELECT id FROM records WHERE id > ?3)
              AND field = 'billingEmail' AND owner_customer IS NOT NULL
              AND (lower(old_value) = lower(?2) OR lower(new_value) = lower(?2)) LIMIT 11
            """, [.text(trigrams), .text("'" + email + "'"), .int(backlog.indexedUpTo)])
        return try ids.compactMap { id in
            try entities(.customer, where: "id = ?1", [.text(id)], limit: 1, db).first
                ?? Entity(kind: .customer, id: id)
        }
    }

    /// Up to five names near `text`: those that contain it, else those a few edits away.
    private func closest(_ kind: EntityKind, to text: String, _ db: Connection) throws -> [Entity] {
        let pattern = "%" + RecordSQL.escapeLike(text) + "%"
        let second = Self.entityColumns(kind).0
        let containing = try entities(kind, where: "id LIKE ?1 ESCAPE '\\' OR \(second) LIKE ?1 ESCAPE '\\'",
                                      [.text(pattern)], limit: 5, db)
        if !containing.isEmpty { return containing }
        let wanted = Array(text.lowercased())
        let allowed = max(2, wanted.count / 5)
        var scored: [(Int, Entity)] = []
        for entity in try entities(kind, where: "1", [], limit: 50_000, db) {
            let names = [entity.id, entity.email, entity.plan, entity.name].compactMap { $0 }
            let best = names.map { name -> Int in
                // Compare with the whole name and, for an email, its part before `@`.
                let whole = Array(name.lowercased())
                let local = whole.firstIndex(of: "@").map { Array(whole[..<$0]) }
                return min(editDistance(wanted, whole, limit: allowed),
                           local.map { editDistance(wanted, $0, limit: allowed) } ?? Int.max)
            }.min() ?? Int.max
            if best <= allowed { scored.append((best, entity)) }
        }
        return scored.sorted { $0.0 < $1.0 }.prefix(5).map(\.1)
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...max(1, a.count) where !a.isEmpty {
        current[0] = i
        var rowBest = current[0]
        for j in 1...max(1, b.count) where !b.isEmpty {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            rowBest = min(rowBest, current[j])
        }
        if rowBest > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return a.isEmpty ? b.count : previous[b.count]
}
