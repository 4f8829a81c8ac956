import AuditStore

/// How a record reads in one line — the browser's list and `export --format text` both use it.
public enum RecordLine {
    /// A level marker that reads without colour.
    public static func marker(level: Int) -> Character {
        switch level {
        case ..<200: "D"
        case 200..<250: " "
        case 250..<300: "N"
        case 300..<400: "!"
        case 400..<500: "E"
        default: "X"
        }
    }

    /// The admin as a short name: the email, or `—` when no billing admin did it.
    public static func admin(_ record: AuditRecord) -> String {
        record.adminName ?? record.adminID ?? "—"
    }

    /// What the record is about, for the end of a line.
    public static func target(_ record: AuditRecord, customerLabel: String?) -> String? {
        if let customerLabel { return customerLabel }
        if let subscription = record.subscriptionID { return "subscription " + subscription }
        return record.ownerCustomerID ?? record.customerID
    }

    /// `2025-02-01 08:01:13 ! ops@acme.example  Message · target`, sanitised.
    public static func text(_ record: AuditRecord, customerLabel: String?, clock: Clock) -> String {
        var line = clock.localText(record.time) + " " + String(marker(level: record.level)) + " "
            + admin(record) + "  " + record.message
        if let change = record.change {
            line += " [\(change.field): \(change.old ?? "NULL") → \(change.new ?? "NULL")]"
        }
        if let target = target(record, customerLabel: customerLabel) { line += " · " + target }
        return Sanitizer.line(line)
    }
}
