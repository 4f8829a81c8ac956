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
    /// one statement (one snapshot), its texts numbered in `names`; given to `body` a batch at a time, with
    /// the names so far. `messages`: the messages to read
    /// besides warnings and worse; `valuesSince`: the field changes' old and new values are read from then
    /// on (-1 before). `progress` is called every 16 384 records with the time reached; it returns false
    /// to stop. `after`: only the records after this one (a review read a batch at a time goes on from its last).
    public func forEachReviewRecord(of query: RecordQuery, messages: Set<String>, valuesSince: Timestamp,
                                    after: PageKey? = nil, names: inout ReviewNames,
                                    progress: (Timestamp) -> Bool = { _ in true },
                                    _ body: ([ReviewRecord], ReviewNames) throws -> Void) throws {
        try read { db in
            let sql = try recordSQL(query, db)
            let indexed = !sql.byCandidates && sql.index.named ? "INDEXED BY \(sql.index.name)" : ""
            let c = RecordColumn.self
            // Read by position, in this order.
            let statement = try db.prepared("""
                SELECT r.id, r.time_us, r.level, r.fingerprint, r.occurrence, r.admin_id, r.owner_customer,
                    r.subscription_id, r.\(c.field.rawValue), r.\(c.entity.rawValue),
                    CASE WHEN r.time_us >= ? THEN r.\(c.old_value.rawValue) END,
                    CASE WHEN r.time_us >= ? THEN r.\(c.new_value.rawValue) END,
                    CASE WHEN r.level >= 300 OR r.message IN (SELECT value FROM json_each(?)) THEN r.message END
                FROM records r \(indexed) \(sql.whereClause(extra: after == nil ? [] : ["(r.time_us, r.id) > (?, ?)"]))
                ORDER BY r.time_us, r.id
                """)
            var list = ""
            JSONValue.array(messages.sorted().map(JSONValue.string)).write(to: &list)
            statement.bind([.int(valuesSince.microseconds), .int(valuesSince.microseconds), .text(list)] + sql.values
                + (after.map { [.int($0.time.microseconds), .int($0.id)] } ?? []))
            defer { statement.reset() }
            let masking = role.masksPersonalData
            var read = 0
            var batch: [ReviewRecord] = []
            batch.reserveCapacity(1_024)
            while try statement.step() {
                var record = ReviewRecord(id: statement.int64(at: 0), time: statement.int64(at: 1))
                record.level = Int32(truncatingIfNeeded: statement.int64(at: 2))
                record.fingerprint = UInt64(bitPattern: statement.int64(at: 3))
                record.occurrence = statement.int64(at: 4)
                record.admin = statement.name(at: 5, in: &names.admins)
                record.customer = statement.name(at: 6, in: &names.parties)
                record.subscription = statement.name(at: 7, in: &names.parties)
                record.field = statement.name(at: 8, in: &names.fields)
                if record.field >= 0 {
                    record.entity = statement.name(at: 9, in: &names.entities)
                    if masking {
                        // An agent's review judges the values and messages as an agent sees them (`shown`).
                        let kind = PersonalData.kind(ofField: names.fields[record.field], entity: names.entities.name(record.entity))
                        for (column, value) in [(Int32(10), \ReviewRecord.old), (11, \ReviewRecord.new)] {
                            record[keyPath: value] = statement.textOrNil(at: column).map { text in
                                names.values.id(kind.map { PersonalData.maskPHP(text, $0) } ?? PersonalData.maskingEmails(in: text))
                            } ?? -1
                        }
                        record.message = statement.textOrNil(at: 12).map { names.messages.id(PersonalData.maskingEmails(in: $0)) } ?? -1
                    } else {
                        record.old = statement.name(at: 10, in: &names.values)
                        record.new = statement.name(at: 11, in: &names.values)
                    }
                }
                if record.message < 0 { record.message = statement.name(at: 12, in: &names.messages) }
                batch.append(record)
                read += 1
                if batch.count == 1_024 {
                    try body(batch, names)
                    batch.removeAll(keepingCapacity: true)
                    if read & 16_383 == 0, !progress(record.timestamp) { return }
                }
            }
            if !batch.isEmpty { try body(batch, names) }
        }
    }

    /// The same records as `ReviewRow`s, their texts spelled out (all of their values read): what a
    /// review reads, for a caller that wants to see it.
    public func forEachReviewRow(of query: RecordQuery, messages: Set<String>, after: PageKey? = nil,
                                 _ body: (ReviewRow) throws -> Void) throws {
        var names = ReviewNames()
        try forEachReviewRecord(of: query, messages: messages, valuesSince: Timestamp(microseconds: .min), after: after,
                                names: &names) { batch, names in
            for record in batch {
                var row = ReviewRow(id: record.id, time: record.timestamp, level: Int(record.level),
                                    message: names.messages.name(record.message), adminID: names.admins.name(record.admin),
                                    customerID: names.parties.name(record.customer),
                                    subscriptionID: names.parties.name(record.subscription), ref: record.ref)
                if let field = names.fields.name(record.field) {
                    row.change = FieldChange(field: field, old: names.values.name(record.old), new: names.values.name(record.new),
                                             entity: names.entities.name(record.entity))
                }
                try body(row)
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
