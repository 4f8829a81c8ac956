/// The records table's columns, named once (as GRDB's `Columns`): a page's SELECT, the import's INSERT
/// and the decoding of a row are all made from this list, so a new column is a case here, its value in
/// `RecordWriter`, its field in `RecordRow.decode`, and a migration.
enum RecordColumn: String, CaseIterable {
    case id, time_us, channel, level, level_name, message, context, extra, customer_id, subscription_id,
         admin_id, request_uid, field, old_value, new_value, owner_customer, fingerprint, occurrence

    /// What an import writes (the id is SQLite's).
    static let inserted = allCases.filter { $0 != .id }
    /// What a page reads: everything a record shows.
    static let read = allCases.filter { $0 != .fingerprint && $0 != .occurrence }

    static let insertSQL = "INSERT OR IGNORE INTO records(" + inserted.map(\.rawValue).joined(separator: ", ")
        + ") VALUES (" + inserted.map { _ in "?" }.joined(separator: ", ") + ")"
}

/// What a page selects, by name: the record's columns, then the directory's labels for its admin and
/// its customer (from the joined `admins a` and `customers c`).
enum RecordRow {
    enum Column: Hashable {
        case record(RecordColumn)
        case adminLabel
        case customerLabel

        var sql: String {
            switch self {
            case .record(let column): "r." + column.rawValue
            case .adminLabel: "coalesce(a.email, a.name)"
            case .customerLabel: "coalesce(c.log_email, c.email, c.name)"
            }
        }
    }

    static let columns: [Column] = RecordColumn.read.map(Column.record) + [.adminLabel, .customerLabel]
    static let selectSQL = columns.map(\.sql).joined(separator: ", ")
    private static let positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, Int32($0)) })

    static func decode(_ s: Statement) -> AuditRecord {
        func at(_ column: RecordColumn) -> Int32 { positions[.record(column)]! }
        let field = s.textOrNil(at(.field))
        return AuditRecord(
            id: s.int64(at(.id)), time: Timestamp(microseconds: s.int64(at(.time_us))), channel: s.text(at(.channel)),
            level: Int(s.int64(at(.level))), levelName: s.text(at(.level_name)), message: s.text(at(.message)),
            contextJSON: s.text(at(.context)), extraJSON: s.text(at(.extra)), customerID: s.textOrNil(at(.customer_id)),
            subscriptionID: s.textOrNil(at(.subscription_id)), adminID: s.textOrNil(at(.admin_id)),
            requestUID: s.textOrNil(at(.request_uid)),
            change: field.map { FieldChange(field: $0, old: s.textOrNil(at(.old_value)), new: s.textOrNil(at(.new_value))) },
            adminName: s.textOrNil(positions[.adminLabel]!), ownerCustomerID: s.textOrNil(at(.owner_customer)),
            customerLabel: s.textOrNil(positions[.customerLabel]!))
    }
}
