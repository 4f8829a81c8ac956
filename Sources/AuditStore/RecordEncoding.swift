/// Records as scripts read them: JSON with a fixed set of keys, and CSV rows. The keys and values are the
/// declaration's (`RecordColumn.exportKey`, `exportValue(of:)`); the lists below only choose and order them.
public enum RecordEncoding {
    /// One thing an export writes: a stored column, the directory's label for the admin, or (JSON) the
    /// field change as one object.
    enum Field {
        case column(RecordColumn)
        case ref
        case admin
        case change

        var key: String {
            switch self {
            case .column(let column): column.exportKey ?? column.rawValue
            case .ref: "ref"
            case .admin: "admin"
            case .change: "change"
            }
        }
    }

    /// `{"id", "time", "channel", "level", "level_name", "message", "context", "extra", "customer_id",
    /// "subscription_id", "admin_id", "admin", "request_uid", "change", "ref"}`; context and extra exactly as stored; the reference last, so
    /// the keys before it are as they were before records had one.
    static let jsonFields: [Field] = [
        .column(.id), .column(.time_us), .column(.channel), .column(.level), .column(.level_name), .column(.message),
        .column(.context), .column(.extra), .column(.customer_id), .column(.subscription_id), .column(.admin_id),
        .admin, .column(.request_uid), .change, .ref,
    ]

    static let csvFields: [Field] = [
        .column(.id), .column(.time_us), .column(.level_name), .column(.channel), .column(.message), .admin,
        .column(.admin_id), .column(.customer_id), .column(.subscription_id), .column(.request_uid), .column(.field),
        .column(.old_value), .column(.new_value), .column(.context), .column(.extra), .ref,
    ]

    /// `customer_id` is the record's own, else its subscription's customer (as a customer's log shows it).
    public static func json(_ record: AuditRecord) -> String {
        var out = "{"
        for (index, field) in jsonFields.enumerated() {
            if index > 0 { out += "," }
            out += "\"" + field.key + "\":"
            switch field {
            case .column(let column): write(column.exportValue(of: record), to: &out)
            case .ref: write(.text(record.ref.text), to: &out)
            case .admin: write(.text(record.adminName), to: &out)
            case .change:
                guard record.change != nil else { out += "null"; continue }
                // The change's own keys: its field, and its values as `old` and `new`.
                out += "{\"field\":"
                write(RecordColumn.field.exportValue(of: record), to: &out)
                for (key, column) in [("old", RecordColumn.old_value), ("new", .new_value)] {
                    out += ",\"\(key)\":"
                    write(column.exportValue(of: record), to: &out)
                }
                out += "}"
            }
        }
        return out + "}"
    }

    private static func write(_ value: ExportValue, to out: inout String) {
        switch value {
        case .integer(let number): out += String(number)
        case .text(let text?): JSONValue.writeString(text, to: &out)
        case .text(nil): out += "null"
        case .json(let json): out += json
        }
    }

    public static let csvHeader = csvFields.map(\.key).joined(separator: ",")

    public static func csv(_ record: AuditRecord) -> String {
        csvFields.map { field -> String in
            let value: ExportValue
            switch field {
            case .column(let column): value = column.exportValue(of: record)
            case .ref: value = .text(record.ref.text)
            case .admin: value = .text(record.adminName)
            case .change: value = .text(nil)
            }
            switch value {
            case .integer(let number): return CSV.field(String(number))
            case .text(let text): return CSV.field(text ?? "")
            case .json(let json): return CSV.field(json)
            }
        }.joined(separator: ",")
    }
}
