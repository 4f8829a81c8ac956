/// An entity's fields as of a moment, from its field changes: for each field any change mentions, the
/// value in force then, when it was set and by whom. Nothing is invented: a field no change mentions is
/// not known; a field first changed after the moment had its first change's old value (said so); an enum
/// BillaBear logs by its class has no recorded value.
public struct FieldState: Equatable, Sendable {
    public enum Origin: Equatable, Sendable {
        /// Set by this change, at or before the moment.
        case set(recordID: Int64, time: Timestamp, adminID: String?, adminName: String?)
        /// Not changed until after the moment: the value the first later change replaced.
        case before(recordID: Int64, time: Timestamp)
    }

    /// `Customer` or `Subscription`, as the change message names it.
    public var entity: String
    public var entityID: String
    public var field: String
    /// As PHP wrote it (`'billing@acme.example'`, `array (…)`); nil when BillaBear did not record it.
    public var value: String?
    /// The class an enum value was logged as, when its value was not recorded.
    public var unrecordedClass: String?
    public var origin: Origin

    /// The value as lines, as the diff view shows it (strings unquoted, arrays one entry a line).
    public var valueLines: [String] {
        guard let value else { return ["value not recorded (BillaBear logs enums by class: \(unrecordedClass ?? "?"))"] }
        return PHPValue.parse(value).lines
    }
}

/// One entity's state: its own fields, and for a customer each subscription linked to it then.
public struct EntityState: Equatable, Sendable {
    public var kind: EntityKind
    public var id: String
    public var at: Timestamp
    public var fields: [FieldState]
    public var subscriptions: [EntityState] = []
}

extension AuditStore {
    /// A customer's subscriptions that had a record by a moment (through `subscriptions_by_customer`).
    static let linkedSubscriptionsSQL = """
        SELECT s.id FROM subscriptions s WHERE s.customer_id = ?1
          AND EXISTS (SELECT 1 FROM records r WHERE r.subscription_id = s.id AND r.time_us <= ?2)
        ORDER BY s.id
        """

    /// The state of a customer or subscription (by id) as of `at`. A customer's includes the subscriptions
    /// linked to it that had a record by then.
    public func state(of kind: EntityKind, _ id: String, at: Timestamp) throws -> EntityState {
        shown(try unmaskedState(of: kind, id, at: at))
    }

    private func unmaskedState(of kind: EntityKind, _ id: String, at: Timestamp) throws -> EntityState {
        try read { db in
            switch kind {
            case .customer:
                var state = EntityState(kind: .customer, id: id, at: at, fields: try fieldStates(.customer, id, at, db))
                let subscriptions = try db.texts(Self.linkedSubscriptionsSQL, [.text(id), .int(at.microseconds)])
                state.subscriptions = try subscriptions.map { subscription in
                    EntityState(kind: .subscription, id: subscription, at: at,
                                fields: try fieldStates(.subscription, subscription, at, db))
                }
                return state
            case .subscription:
                return EntityState(kind: .subscription, id: id, at: at, fields: try fieldStates(.subscription, id, at, db))
            case .admin:
                throw StoreError("a billing admin has no recorded fields; state is for a customer or a subscription")
            }
        }
    }

    /// Every change of one entity, in the store's order (time, then id: two changes in one second keep
    /// the order they were stored in), folded into each field's value as of `at`. The changes are those
    /// stored as of the entity (`entity` column, from the message at import) naming it by its own id.
    private func fieldStates(_ kind: EntityKind, _ id: String, _ at: Timestamp, _ db: Connection) throws -> [FieldState] {
        let (entity, own, scope, index): (String, RecordColumn, RecordColumn, RecordIndex) = kind == .customer
            ? ("Customer", .customer_id, .owner_customer, .byOwner)
            : ("Subscription", .subscription_id, .subscription_id, .bySubscription)
        let available = try recordIndexes(db)
        let statement = try db.prepared("""
            SELECT r.id AS id, r.time_us AS time_us, r.field AS field, r.old_value AS old_value,
                r.new_value AS new_value, r.admin_id AS admin_id, a.email AS admin_email
            FROM records r \(available.contains(index) ? "INDEXED BY \(index.name)" : "")
            LEFT JOIN admins a ON a.id = r.admin_id
            WHERE r.\(scope.rawValue) = ?1 AND r.\(own.rawValue) = ?1 AND r.field IS NOT NULL AND r.entity = ?2
            ORDER BY r.time_us, r.id
            """)
        statement.bind([.text(id), .text(entity)])
        var states: [String: FieldState] = [:]
        var order: [String] = []
        while try statement.step() {
            let field = statement.text("field")
            let time = Timestamp(microseconds: statement.int64("time_us"))
            let change = FieldChange(field: field, old: statement.textOrNil("old_value"), new: statement.textOrNil("new_value"))
            let unrecorded = change.unrecordedValueClass
            let recordID = statement.int64("id")
            if states[field] == nil { order.append(field) }
            if time <= at {
                states[field] = FieldState(
                    entity: entity, entityID: id, field: field, value: unrecorded == nil ? change.new : nil,
                    unrecordedClass: unrecorded,
                    origin: .set(recordID: recordID, time: time, adminID: statement.textOrNil("admin_id"),
                                 adminName: statement.textOrNil("admin_email")))
            } else if states[field] == nil {
                states[field] = FieldState(
                    entity: entity, entityID: id, field: field, value: unrecorded == nil ? change.old : nil,
                    unrecordedClass: unrecorded, origin: .before(recordID: recordID, time: time))
            }
        }
        return order.sorted().compactMap { states[$0] }
    }
}
