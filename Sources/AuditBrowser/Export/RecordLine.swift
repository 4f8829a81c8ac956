import AuditStore
import FoundationEssentials

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
    public static func admin(_ record: AuditRecord, glyphs: Glyphs = .unicode) -> String {
        record.adminName ?? record.adminID ?? glyphs.dash
    }

    /// What the record is about, for the end of a line.
    public static func target(_ record: AuditRecord, customerLabel: String?) -> String? {
        if let customerLabel { return customerLabel }
        if let subscription = record.subscriptionID { return "subscription " + subscription }
        return record.ownerCustomerID ?? record.customerID
    }

    /// The message, or for a field change what changed: `Customer.billingEmail: 'a' → 'b'`.
    /// Not sanitised: the caller shows it through `Glyphs.line` (whose own symbols are ASCII when it is).
    public static func summary(_ record: AuditRecord, glyphs: Glyphs = .unicode) -> String {
        guard let change = record.change else { return record.message }
        let entity = change.entity.map { $0 + "." } ?? ""
        if change.unrecordedValueClass != nil { return entity + change.field + " changed (value not recorded)" }
        return entity + change.field + ": " + oneLine(change.old) + " " + glyphs.arrow + " " + oneLine(change.new)
    }

    /// A changed value on one line: `NULL`, `array(3)`, the text with its line breaks as spaces.
    static func oneLine(_ value: String?) -> String {
        guard let value else { return "NULL" }
        let parsed = PHPValue.parse(value)
        switch parsed {
        case .array: return "array(" + String(parsed.lines.filter { !$0.hasPrefix(" ") }.count) + ")"
        default: return value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        }
    }

    /// `2025-02-01 08:01:13 CET ! ops@acme.example  Message · target · r7kq-2m9x-hd4c-a3fz`, sanitised: each
    /// line names its zone (the one in force at that time), so a line copied out of an export still says when;
    /// the reference last (the line's last 19 characters), so a line of an export can be looked up (`auditlog show`).
    public static func text(_ record: AuditRecord, customerLabel: String?, clock: Clock,
                            glyphs: Glyphs = .unicode) -> String {
        var line = clock.localText(record.time) + " " + clock.zoneName(record.time) + " "
            + String(marker(level: record.level)) + " "
            + admin(record, glyphs: glyphs) + "  " + summary(record, glyphs: glyphs)
        if let target = target(record, customerLabel: customerLabel) { line += " " + glyphs.dot + " " + target }
        return glyphs.line(line) + " " + glyphs.dot + " " + record.ref.text
    }
}
