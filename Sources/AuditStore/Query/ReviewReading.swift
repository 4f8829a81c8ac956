/// What a review (`auditlog review`, the browser's `!`) reads of one record: who, when, how severe, which
/// customer and subscription, the field change, and the message only where a review reads it (warnings and
/// worse, and the sensitive actions it was given), so a five-week scan allocates little per record.
public struct ReviewRow: Equatable, Sendable {
    public var id: Int64
    public var time: Timestamp
    public var level: Int
    /// The message of a warning (and worse) or of a sensitive action; nil for the rest.
    public var message: String?
    public var adminID: String?
    /// The customer whose log shows it: its own, or its subscription's.
    public var customerID: String?
    public var subscriptionID: String?
    public var change: FieldChange?
    /// Its stable reference (`RecordRef`); nil for rows built by hand.
    public var ref: RecordRef?

    public init(id: Int64, time: Timestamp, level: Int = 200, message: String? = nil, adminID: String? = nil,
                customerID: String? = nil, subscriptionID: String? = nil, change: FieldChange? = nil, ref: RecordRef? = nil) {
        self.id = id
        self.time = time
        self.level = level
        self.message = message
        self.adminID = adminID
        self.customerID = customerID
        self.subscriptionID = subscriptionID
        self.change = change
        self.ref = ref
    }
}

extension AuditStore {
    /// Every record of the view oldest first, read as a review reads it, through the view's index and
    /// one statement (one snapshot). `messages`: the messages to read whole besides warnings and worse.
    /// `progress` is called every 16 384 records with the time reached; it returns false to stop.
    /// `after`: only the records after this one (a review read a batch at a time goes on from its last).
    public func forEachReviewRow(of query: RecordQuery, messages: Set<String>, after: PageKey? = nil,
                                 progress: (Timestamp) -> Bool = { _ in true },
                                 _ body: (ReviewRow) throws -> Void) throws {
        try read { db in
            let sql = try recordSQL(query, db)
            let indexed = !sql.byCandidates && sql.index.named ? "INDEXED BY \(sql.index.name)" : ""
            let c = RecordColumn.self
            let statement = try db.prepared("""
                SELECT r.id AS id, r.time_us AS time_us, r.level AS level, r.fingerprint AS fingerprint, r.occurrence AS occurrence, r.admin_id AS admin_id,
                    r.owner_customer AS owner_customer, r.subscription_id AS subscription_id,
                    r.\(c.field.rawValue) AS field, r.\(c.entity.rawValue) AS entity,
                    r.\(c.old_value.rawValue) AS old_value, r.\(c.new_value.rawValue) AS new_value,
                    CASE WHEN r.level >= 300 OR r.message IN (SELECT value FROM json_each(?)) THEN r.message END
                        AS message
                FROM records r \(indexed) \(sql.whereClause(extra: after == nil ? [] : ["(r.time_us, r.id) > (?, ?)"]))
                ORDER BY r.time_us, r.id
                """)
            var list = ""
            JSONValue.array(messages.sorted().map(JSONValue.string)).write(to: &list)
            statement.bind([.text(list)] + sql.values + (after.map { [.int($0.time.microseconds), .int($0.id)] } ?? []))
            defer { statement.reset() }
            var read = 0
            while try statement.step() {
                var row = ReviewRow(id: statement.int64("id"), time: Timestamp(microseconds: statement.int64("time_us")),
                                    level: Int(statement.int64("level")), message: statement.textOrNil("message"),
                                    adminID: statement.textOrNil("admin_id"),
                                    customerID: statement.textOrNil("owner_customer"),
                                    subscriptionID: statement.textOrNil("subscription_id"),
                                    ref: RecordRef(fingerprint: UInt64(bitPattern: statement.int64("fingerprint")),
                                                   occurrence: statement.int64("occurrence")))
                if let field = statement.textOrNil("field") {
                    row.change = FieldChange(field: field, old: statement.textOrNil("old_value"),
                                             new: statement.textOrNil("new_value"), entity: statement.textOrNil("entity"))
                }
                try body(shown(row))
                read += 1
                if read & 16_383 == 0, !progress(row.time) { return }
            }
        }
    }

    /// What a person calls each of these admins, customers or subscriptions (the pickers' label: e-mail,
    /// plan or name), for those the store knows.
    public func labels(_ kind: EntityKind, _ ids: [String]) throws -> [String: String] {
        try read { db in
            let statement = try db.prepared(Self.entitySelect(kind) + " WHERE id = ?")
            var labels: [String: String] = [:]
            for id in Set(ids) {
                statement.bind([.text(id)])
                if let entity = try statement.single({ shown(Self.entity(kind, from: $0)) }), entity.label != id {
                    labels[id] = entity.label
                }
            }
            return labels
        }
    }
}
