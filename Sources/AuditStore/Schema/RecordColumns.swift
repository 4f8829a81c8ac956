/// The records table, declared once (GRDB's `Columns` and record protocols are the model): each column's
/// name and type, and what it takes part in — the import's INSERT (`value(of:)`), a page's
/// SELECT and its decoding (`RecordRow`), the hash chain's content (`chained`, in declaration order) and an
/// export's keys (`exportKey`). A new column is a case here (the compiler then asks for it in each `switch`)
/// and a migration in `Schema`.
enum RecordColumn: String, CaseIterable, Sendable {
    case id, time_us, channel, level, level_name, message, context, extra, customer_id, subscription_id,
         admin_id, request_uid, field, old_value, new_value, owner_customer, fingerprint, occurrence, entity

    enum Kind { case integer, text }

    var kind: Kind {
        switch self {
        case .id, .time_us, .level, .fingerprint, .occurrence: .integer
        case .channel, .level_name, .message, .context, .extra, .customer_id, .subscription_id, .admin_id, .request_uid,
             .field, .old_value, .new_value, .owner_customer, .entity: .text
        }
    }

    /// Covered by the hash chain's content digest, in this order. Not the id and occurrence (the link
    /// covers them itself), not the owner (it moves by design when a subscription's customer is learned),
    /// not the entity (derived from the chained message; added in schema 6, so older links stay valid).
    var chained: Bool {
        switch self {
        case .id, .occurrence, .owner_customer, .entity: false
        default: true
        }
    }

    /// Read by a page: every column (the identity's fingerprint and occurrence make the record's reference).
    var shown: Bool { true }

    /// The key an export writes it under (JSON and CSV); nil for what exports leave out.
    var exportKey: String? {
        switch self {
        case .time_us: "time"
        case .owner_customer, .fingerprint, .occurrence, .entity: nil
        default: rawValue
        }
    }

    /// What an import writes (the id is SQLite's).
    static let inserted = allCases.filter { $0 != .id }
    static let shownColumns = allCases.filter(\.shown)
    static let chainedColumns = allCases.filter(\.chained)

    static let insertSQL = "INSERT OR IGNORE INTO records(" + inserted.map(\.rawValue).joined(separator: ", ")
        + ") VALUES (" + inserted.map { _ in "?" }.joined(separator: ", ") + ")"

    /// The value an import stores, from the record as `decode` fills it (the writer decides its occurrence in
    /// its source and the customer whose log shows it).
    func value(of record: AuditRecord) -> SQLValue {
        switch self {
        case .id: .null
        case .time_us: .int(record.time.microseconds)
        case .channel: .text(record.channel)
        case .level: .int(Int64(record.level))
        case .level_name: .text(record.levelName)
        case .message: .text(record.message)
        case .context: .text(record.contextJSON)
        case .extra: .text(record.extraJSON)
        case .customer_id: SQLValue(record.customerID)
        case .subscription_id: SQLValue(record.subscriptionID)
        case .admin_id: SQLValue(record.adminID)
        case .request_uid: SQLValue(record.requestUID)
        case .field: SQLValue(record.change?.field)
        case .old_value: SQLValue(record.change?.old)
        case .new_value: SQLValue(record.change?.new)
        case .owner_customer: SQLValue(record.ownerCustomerID)
        case .fingerprint: .int(Int64(bitPattern: record.ref.fingerprint))
        case .occurrence: .int(record.ref.occurrence)
        case .entity: SQLValue(record.change?.entity)
        }
    }

    /// The column's part of a record read back (`RecordRow.decode`).
    func decode(_ row: Statement, into record: inout AuditRecord, change: inout FieldChange) {
        switch self {
        case .id: record.id = row.int64(rawValue)
        case .time_us: record.time = Timestamp(microseconds: row.int64(rawValue))
        case .channel: record.channel = row.text(rawValue)
        case .level: record.level = Int(row.int64(rawValue))
        case .level_name: record.levelName = row.text(rawValue)
        case .message: record.message = row.text(rawValue)
        case .context: record.contextJSON = row.text(rawValue)
        case .extra: record.extraJSON = row.text(rawValue)
        case .customer_id: record.customerID = row.textOrNil(rawValue)
        case .subscription_id: record.subscriptionID = row.textOrNil(rawValue)
        case .admin_id: record.adminID = row.textOrNil(rawValue)
        case .request_uid: record.requestUID = row.textOrNil(rawValue)
        case .field: change.field = row.textOrNil(rawValue) ?? ""
        case .old_value: change.old = row.textOrNil(rawValue)
        case .new_value: change.new = row.textOrNil(rawValue)
        case .owner_customer: record.ownerCustomerID = row.textOrNil(rawValue)
        case .fingerprint:
            record.ref = RecordRef(fingerprint: UInt64(bitPattern: row.int64(rawValue)), occurrence: record.ref.occurrence)
        case .occurrence: record.ref = RecordRef(fingerprint: record.ref.fingerprint, occurrence: row.int64(rawValue))
        case .entity: change.entity = row.textOrNil(rawValue)
        }
    }

    /// The column's value in an export of the record (`RecordEncoding`); `customer_id` is the record's own,
    /// else its subscription's customer, as a customer's log shows it.
    func exportValue(of record: AuditRecord) -> ExportValue {
        switch self {
        case .id: .integer(record.id)
        case .time_us: .text(record.time.rfc3339)
        case .channel: .text(record.channel)
        case .level: .integer(Int64(record.level))
        case .level_name: .text(record.levelName)
        case .message: .text(record.message)
        case .context: .json(record.contextJSON)
        case .extra: .json(record.extraJSON)
        case .customer_id: .text(record.customerID ?? record.ownerCustomerID)
        case .subscription_id: .text(record.subscriptionID)
        case .admin_id: .text(record.adminID)
        case .request_uid: .text(record.requestUID)
        case .field: .text(record.change?.field)
        case .old_value: .text(record.change?.old)
        case .new_value: .text(record.change?.new)
        case .owner_customer: .text(record.ownerCustomerID)
        case .fingerprint, .occurrence: .text(nil)
        case .entity: .text(record.change?.entity)
        }
    }
}

/// A value as an export writes it: a number, text (or null), or JSON kept exactly as stored.
enum ExportValue {
    case integer(Int64)
    case text(String?)
    case json(String)
}

/// What a page selects, by name: the record's shown columns, then the directory's labels for its admin and
/// its customer (from the joined `admins a` and `customers c`). Each is selected `AS` its name and read by it.
enum RecordRow {
    static let adminLabel = "admin_label"
    static let customerLabel = "customer_label"

    static let selectSQL = (RecordColumn.shownColumns.map { "r.\($0.rawValue) AS \($0.rawValue)" }
        + ["coalesce(a.email, a.name) AS \(adminLabel)", "coalesce(c.log_email, c.email, c.name) AS \(customerLabel)"])
        .joined(separator: ", ")

    static func decode(_ row: Statement) -> AuditRecord {
        var record = AuditRecord(id: 0, time: Timestamp(microseconds: 0), channel: "", level: 0, levelName: "",
                                 message: "", contextJSON: "{}", extraJSON: "{}")
        var change = FieldChange(field: "", old: nil, new: nil)
        for column in RecordColumn.shownColumns { column.decode(row, into: &record, change: &change) }
        if !change.field.isEmpty || row.textOrNil(RecordColumn.field.rawValue) != nil { record.change = change }
        record.adminName = row.textOrNil(adminLabel)
        record.customerLabel = row.textOrNil(customerLabel)
        return record
    }
}
