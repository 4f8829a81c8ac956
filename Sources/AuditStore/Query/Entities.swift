/// The things a log can be scoped to.
public enum EntityKind: String, CaseIterable, Sendable {
    case customer, subscription, admin

    var table: String {
        switch self {
        case .customer: "customers"
        case .subscription: "subscriptions"
        case .admin: "admins"
        }
    }
}

/// A customer, subscription or admin as a picker lists it.
public struct Entity: Hashable, Sendable, Identifiable {
    public var kind: EntityKind
    public var id: String
    /// A customer's or admin's email.
    public var email: String?
    /// A customer's or admin's name.
    public var name: String?
    /// A subscription's plan.
    public var plan: String?
    /// A subscription's customer (its id).
    public var customerID: String?
    /// A subscription's customer's e-mail (the newest its changes named, else the directory's).
    public var customerEmail: String?
    public var recordCount: Int
    public var lastActivity: Timestamp?

    public init(kind: EntityKind, id: String, email: String? = nil, name: String? = nil, plan: String? = nil,
                customerID: String? = nil, customerEmail: String? = nil, recordCount: Int = 0,
                lastActivity: Timestamp? = nil) {
        self.kind = kind
        self.id = id
        self.email = email
        self.name = name
        self.plan = plan
        self.customerID = customerID
        self.customerEmail = customerEmail
        self.recordCount = recordCount
        self.lastActivity = lastActivity
    }

    /// What a person calls it: email (or plan), else name, else the id.
    public var label: String { email ?? plan ?? name ?? id }
}

/// A place in an entity list, ordered by last activity (most recent first), then id.
public struct EntityKey: Hashable, Sendable {
    public var last: Int64
    public var id: String
}

extension AuditStore {
    /// Entities of a kind, most recently active first, optionally those whose id, email, name or plan
    /// contains `filter` (any case). Paged by key.
    public func entities(_ kind: EntityKind, matching filter: String = "", after: Entity? = nil, limit: Int = 200)
        throws -> [Entity] {
        try entityPage(kind, matching: filter, from: after, towardsEnd: true, limit: limit)
    }

    /// The same list read from its other end: the `limit` entries just before `before` (nil: the last ones),
    /// still most recently active first. A picker's `G` reads the end of a long list this way, not all of it.
    public func entities(_ kind: EntityKind, matching filter: String = "", before: Entity?, limit: Int) throws -> [Entity] {
        try entityPage(kind, matching: filter, from: before, towardsEnd: false, limit: limit)
    }

    /// One page of the list by its key, `(coalesce(last_us, 0), id)`, walking `<kind>_by_activity` either way.
    private func entityPage(_ kind: EntityKind, matching filter: String, from key: Entity?, towardsEnd: Bool,
                            limit: Int) throws -> [Entity] {
        try read { db in
            var (conditions, values) = Self.filterCondition(kind, filter, agent: role.masksPersonalData)
            if let key {
                conditions.append("(coalesce(last_us, 0), id) \(towardsEnd ? "<" : ">") (?\(values.count + 1), ?\(values.count + 2))")
                values += [.int(key.lastActivity?.microseconds ?? 0), .text(key.id)]
            }
            let whereText = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let order = towardsEnd ? "DESC" : "ASC"
            let statement = try db.prepared("""
                \(Self.entitySelect(kind)) \(whereText)
                ORDER BY coalesce(last_us, 0) \(order), id \(order) LIMIT \(max(0, limit))
                """)
            statement.bind(values)
            var result: [Entity] = []
            while try statement.step() { result.append(shown(Self.entity(kind, from: statement))) }
            return towardsEnd ? result : result.reversed()
        }
    }

    /// How many entities a picker with this filter lists.
    public func entityCount(_ kind: EntityKind, matching filter: String) throws -> Int {
        try read { db in
            let (conditions, values) = Self.filterCondition(kind, filter, agent: role.masksPersonalData)
            let whereText = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return Int(try db.scalarInt("SELECT count(*) FROM \(kind.table) \(whereText)", values) ?? 0)
        }
    }

    /// id, email, name (or plan, customer) containing the filter text, any case; a customer also by any
    /// e-mail its changes named (`customer_emails`, a table of a few rows per customer), a subscription by its
    /// customer's e-mail (the one its picker shows).
    /// An agent's filter (`agent`) looks inside ids and plans only: a customer's e-mail matches when typed
    /// whole (any case), and names not at all, so the list cannot be searched letter by letter for what it masks.
    private static func filterCondition(_ kind: EntityKind, _ filter: String, agent: Bool = false) -> ([String], [SQLValue]) {
        guard !filter.isEmpty else { return ([], []) }
        if agent, kind != .admin {
            let pattern = "%" + RecordSQL.escapeLike(filter) + "%"
            let exact = kind == .customer
                ? "email = ?2 COLLATE NOCASE OR log_email = ?2 COLLATE NOCASE OR id IN (SELECT customer_id FROM customer_emails WHERE email = ?2 COLLATE NOCASE)"
                : "plan LIKE ?1 ESCAPE '\\' OR customer_id LIKE ?1 ESCAPE '\\' OR customer_id IN (SELECT id FROM customers WHERE coalesce(log_email, email) = ?2 COLLATE NOCASE)"
            return (["(id LIKE ?1 ESCAPE '\\' OR \(exact))"], [.text(pattern), .text(filter)])
        }
        let (second, third) = entityColumns(kind)
        let pattern = "%" + RecordSQL.escapeLike(filter) + "%"
        let earlier = kind == .customer
            ? " OR email LIKE ?1 ESCAPE '\\' OR id IN (SELECT customer_id FROM customer_emails WHERE email LIKE ?1 ESCAPE '\\')"
            : kind == .subscription
            ? " OR customer_id IN (SELECT id FROM customers WHERE coalesce(log_email, email) LIKE ?1 ESCAPE '\\')"
            : ""
        return (["(id LIKE ?1 ESCAPE '\\' OR \(second) LIKE ?1 ESCAPE '\\' OR \(third) LIKE ?1 ESCAPE '\\'\(earlier))"],
                [.text(pattern)])
    }

    /// The directory columns shown beside the id: email and name, or for subscriptions plan and customer.
    /// A customer's email is the newest its changes named (`CustomerEmails`), else the directory's.
    static func entityColumns(_ kind: EntityKind) -> (String, String) {
        switch kind {
        case .subscription: ("plan", "customer_id")
        case .customer: ("coalesce(log_email, email)", "name")
        case .admin: ("email", "name")
        }
    }

    /// What an entity list selects; `entity(_:from:)` reads a row of it by these names. A subscription's
    /// customer's e-mail is one primary-key read a row (a page is a screenful).
    static func entitySelect(_ kind: EntityKind) -> String {
        let (second, third) = entityColumns(kind)
        let (secondName, thirdName) = kind == .subscription ? ("plan", "customer_id") : ("email", "name")
        let customerEmail = kind == .subscription
            ? ", (SELECT coalesce(c.log_email, c.email) FROM customers c WHERE c.id = customer_id) AS customer_email" : ""
        return "SELECT id, \(second) AS \(secondName), \(third) AS \(thirdName), record_count, last_us\(customerEmail) "
            + "FROM \(kind.table)"
    }

    /// One row of `entitySelect`.
    static func entity(_ kind: EntityKind, from s: Statement) -> Entity {
        let subscription = kind == .subscription
        return Entity(kind: kind, id: s.text("id"), email: subscription ? nil : s.textOrNil("email"),
                      name: subscription ? nil : s.textOrNil("name"), plan: subscription ? s.textOrNil("plan") : nil,
                      customerID: subscription ? s.textOrNil("customer_id") : nil,
                      customerEmail: subscription ? s.textOrNil("customer_email") : nil, recordCount: Int(s.int64("record_count")),
                      lastActivity: s.int64OrNil("last_us").map(Timestamp.init(microseconds:)))
    }

    /// One entity by id, email (customers, admins) or nil when the store has never heard of it.
    public func entity(_ kind: EntityKind, _ text: String) throws -> Entity? {
        try read { db in
            let id = try resolve(kind, text, db)
            let statement = try db.prepared(Self.entitySelect(kind) + " WHERE id = ?")
            statement.bind([.text(id)])
            return try statement.single { shown(Self.entity(kind, from: $0)) }
        }
    }

    public func entityCount(_ kind: EntityKind) throws -> Int {
        try read { db in
            Int(try db.scalarInt("SELECT count(*) FROM \(kind.table)") ?? 0)
        }
    }
}
