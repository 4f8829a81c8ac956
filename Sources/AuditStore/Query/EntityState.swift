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
        try read { db in
            switch kind {
            case .customer:
                var state = EntityState(kind: .customer, id: id, at: at,
                                        fields: try fieldStates(entity: "Customer", column: "customer_id", id: id, at: at))
                let statement = try db.prepared(Self.linkedSubscriptionsSQL)
                statement.bind([.text(id), .int(at.microseconds)])
                var subscriptions: [String] = []
                while try statement.step() { subscriptions.append(statement.text(0)) }
                state.subscriptions = try subscriptions.map { subscription in
                    EntityState(kind: .subscription, id: subscription, at: at,
                                fields: try fieldStates(entity: "Subscription", column: "subscription_id", id: subscription, at: at))
                }
                return state
            case .subscription:
                return EntityState(kind: .subscription, id: id, at: at,
                                   fields: try fieldStates(entity: "Subscription", column: "subscription_id", id: id, at: at))
            case .admin:
                throw StoreError("a billing admin has no recorded fields; state is for a customer or a subscription")
            }
        }
    }

    /// Every change of one entity, in the store's order (time, then id: two changes in one second keep
    /// the order they were stored in), folded into each field's value as of `at`.
    private func fieldStates(entity: String, column: String, id: String, at: Timestamp) throws -> [FieldState] {
        let index = column == "customer_id" ? "records_by_owner" : "records_by_subscription"
        let scope = column == "customer_id" ? "owner_customer" : "subscription_id"
        let available = try recordIndexes()
        let statement = try db.prepared("""
            SELECT r.id, r.time_us, r.field, r.old_value, r.new_value, r.admin_id, a.email
            FROM records r \(available.contains(index) ? "INDEXED BY \(index)" : "")
            LEFT JOIN admins a ON a.id = r.admin_id
            WHERE r.\(scope) = ?1 AND r.\(column) = ?1 AND r.field IS NOT NULL AND r.message = ?2
            ORDER BY r.time_us, r.id
            """)
        statement.bind([.text(id), .text("A field on the \(entity) entity has been updated")])
        var states: [String: FieldState] = [:]
        var order: [String] = []
        while try statement.step() {
            let field = statement.text(2)
            let time = Timestamp(microseconds: statement.int64(1))
            let change = FieldChange(field: field, old: statement.textOrNil(3), new: statement.textOrNil(4))
            let unrecorded = change.unrecordedValueClass
            if states[field] == nil { order.append(field) }
            if time <= at {
                states[field] = FieldState(
                    entity: entity, entityID: id, field: field, value: unrecorded == nil ? change.new : nil,
                    unrecordedClass: unrecorded,
                    origin: .set(recordID: statement.int64(0), time: time, adminID: statement.textOrNil(5),
                                 adminName: statement.textOrNil(6)))
            } else if states[field] == nil {
                states[field] = FieldState(
                    entity: entity, entityID: id, field: field, value: unrecorded == nil ? change.old : nil,
                    unrecordedClass: unrecorded, origin: .before(recordID: statement.int64(0), time: time))
            }
        }
        return order.sorted().compactMap { states[$0] }
    }
}
