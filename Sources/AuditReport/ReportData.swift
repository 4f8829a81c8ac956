import AuditStore

/// The report for scripts: CSV (the per-admin table) and JSON (everything).
extension ActivityReport {
    public static let csvHeader = "admin_id,admin,records,requests,customers,subscriptions,field_changes,warnings,errors,"
        + "first,last,outside_hours,changes_by_field,first_ref,last_ref"

    /// One row per admin (RFC 4180, spreadsheet formulas defused as `export` does), then `# chain head …`.
    public func csv() -> String {
        var out = Self.csvHeader + "\n"
        for admin in admins {
            let cells: [String] = [
                admin.adminID ?? "", admin.label, String(admin.records), String(admin.requests), String(admin.customers),
                String(admin.subscriptions), String(admin.fieldChanges), String(admin.warnings), String(admin.errors),
                admin.first?.rfc3339 ?? "", admin.last?.rfc3339 ?? "", String(admin.outsideHours),
                admin.changesByField.map { "\($0.field)=\($0.count)" }.joined(separator: ";"),
                admin.firstRef?.text ?? "", admin.lastRef?.text ?? "",
            ]
            out += cells.map { CSV.field($0) }.joined(separator: ",") + "\n"
        }
        if !notes.isEmpty {
            // The notes as a second table after a comment line, as `note list --format csv` writes them.
            out += "# notes\n" + NoteEncoding.csvHeader + "\n" + notes.map { NoteEncoding.csv($0) + "\n" }.joined()
        }
        out += (head.map { "# chain head \($0.link) (record \($0.id))" } ?? "# chain head none") + "\n"
        return out
    }

    public func json() -> String {
        func time(_ value: Timestamp?) -> JSONValue { value.map { .string($0.rfc3339) } ?? .null }
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func ref(_ value: RecordRef?) -> JSONValue { value.map { .string($0.text) } ?? .null }
        let value = JSONValue.object([
            ("since", time(query.since)), ("until", time(query.until)), ("filters", .string(filterText)),
            ("database", .string(database)), ("generated", .string(generated.rfc3339)),
            ("working_hours", .string(hours.text)),
            ("chain_head", head.map { .string($0.link) } ?? .null),
            ("chain_record", head.map { .number(String($0.id)) } ?? .null), ("chain_record_ref", ref(headRef)),
            ("records", number(records)), ("first", time(first)), ("last", time(last)),
            ("first_ref", ref(firstRef)), ("last_ref", ref(lastRef)),
            ("admins", .array(admins.map { admin in
                .object([
                    ("admin_id", admin.adminID.map(JSONValue.string) ?? .null), ("admin", .string(admin.label)),
                    ("records", number(admin.records)), ("requests", number(admin.requests)),
                    ("customers", number(admin.customers)), ("subscriptions", number(admin.subscriptions)),
                    ("field_changes", number(admin.fieldChanges)),
                    ("changes_by_field", .object(admin.changesByField.map { ($0.field, number($0.count)) })),
                    ("warnings", number(admin.warnings)), ("errors", number(admin.errors)),
                    ("first", time(admin.first)), ("last", time(admin.last)), ("outside_hours", number(admin.outsideHours)),
                    ("first_ref", ref(admin.firstRef)), ("last_ref", ref(admin.lastRef)),
                ])
            })),
            ("most_changed_fields", .array(topFields.map { .object([("field", .string($0.field)), ("changes", number($0.count))]) })),
            ("most_changed_customers", .array(topCustomers.map {
                .object([("customer_id", .string($0.id)), ("customer", .string($0.label)), ("field_changes", number($0.count))])
            })),
            ("days", .array(days.map { day in
                .object([("day", .string(day.label)),
                         ("records", .object(zip(admins, day.perAdmin).map { ($0.adminID ?? "", number($1)) }))])
            })),
            ("notes", .array(notes.map { (try? JSONParser.parse(NoteEncoding.json($0))) ?? .null })),
            ("notes_chain_head", noteHead.map { .string($0.link) } ?? .null),
        ])
        return value.compactText + "\n"
    }
}
