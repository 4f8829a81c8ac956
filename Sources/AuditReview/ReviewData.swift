import AuditStore

/// The review for scripts: CSV (one row per finding) and JSON (everything, with the record ids).
extension Review {
    public static let csvHeader = "kind,severity,reason,admins,customers,subscriptions,start,end,records,record_ids"

    /// One row per finding (RFC 4180, formulas defused as `export` does); the lists `;`-separated, by label.
    public func csv() -> String {
        var out = Self.csvHeader + "\n"
        for finding in findings {
            let cells = [
                finding.kind.rawValue, finding.severity.name, finding.reason,
                finding.admins.map(adminLabel).joined(separator: ";"),
                finding.customers.map(customerLabel).joined(separator: ";"),
                finding.subscriptions.map(subscriptionLabel).joined(separator: ";"),
                finding.start.rfc3339, finding.end.rfc3339, String(finding.records.count),
                finding.records.map(String.init).joined(separator: ";"),
            ]
            out += cells.map { CSV.field($0) }.joined(separator: ",") + "\n"
        }
        return out
    }

    public func jsonValue() -> JSONValue { jsonValue(findings: findings) }

    private func jsonValue(findings: [Finding]) -> JSONValue {
        func number(_ n: Int) -> JSONValue { .number(String(n)) }
        func number(_ n: Double) -> JSONValue { .number(n == n.rounded() ? String(Int(n)) : String(n)) }
        func named(_ ids: [String], _ label: (String) -> String, _ key: String) -> JSONValue {
            .array(ids.map { id in .object([("id", .string(id)), (key, label(id) == id ? .null : .string(label(id)))]) })
        }
        let s = settings
        return .object([
            ("since", .string(since.rfc3339)), ("until", .string(until.rfc3339)),
            ("baseline_since", .string(baselineSince.rfc3339)), ("baseline_until", .string(since.rfc3339)),
            ("zone", .string(zone)), ("filters", .string(filterText)), ("database", .string(database)),
            ("generated", .string(generated.rfc3339)),
            ("records", number(periodRecords)), ("baseline_records", number(baselineRecords)),
            ("settings", .object([
                ("working_hours", .string(s.hoursText)), ("weekend", .string(s.weekendText)),
                ("baseline", .string(TimeSpan.text(s.baseline))),
                ("outside_hours.minimum", number(s.outsideMinimum)),
                ("burst.window", .string(TimeSpan.text(s.burstWindow))), ("burst.factor", number(s.burstFactor)),
                ("burst.minimum", number(s.burstMinimum)),
                ("mass_change.window", .string(TimeSpan.text(s.massWindow))), ("mass_change.minimum", number(s.massMinimum)),
                ("contact_payment.window", .string(TimeSpan.text(s.takeoverWindow))),
                ("contact_payment.contact_fields", .array(s.contactFields.map(JSONValue.string))),
                ("contact_payment.payment_fields", .array(s.paymentFields.map(JSONValue.string))),
                ("contact_payment.payment_actions", .array(s.paymentActions.map(JSONValue.string))),
                ("reverted_change.window", .string(TimeSpan.text(s.revertWindow))),
                ("sensitive_actions", .array(s.sensitiveActions.map(JSONValue.string))),
                ("warnings.factor", number(s.warningFactor)), ("warnings.minimum", number(s.warningMinimum)),
                ("disabled", .array(s.disabled.sorted().map { .string($0.rawValue) })),
            ])),
            ("findings", .array(findings.map(findingJSON))),
        ])
    }

    private func findingJSON(_ finding: Finding) -> JSONValue {
        func number(_ n: Int) -> JSONValue { .number(String(n)) }
        func named(_ ids: [String], _ label: (String) -> String, _ key: String) -> JSONValue {
            .array(ids.map { id in .object([("id", .string(id)), (key, label(id) == id ? .null : .string(label(id)))]) })
        }
        return .object([
            ("kind", .string(finding.kind.rawValue)), ("title", .string(finding.kind.title)),
            ("severity", .string(finding.severity.name)), ("reason", .string(finding.reason)),
            ("admins", named(finding.admins, adminLabel, "admin")),
            ("customers", named(finding.customers, customerLabel, "customer")),
            ("subscriptions", named(finding.subscriptions, subscriptionLabel, "subscription")),
            ("start", .string(finding.start.rfc3339)), ("end", .string(finding.end.rfc3339)),
            ("messages", .array(finding.messages.map {
                .object([("message", .string($0.message)), ("count", number($0.count))])
            })),
            ("record_count", number(finding.records.count)),
            ("record_ids", .array(finding.records.map { .number(String($0)) })),
            ("record_refs", .array(finding.references.map { .string($0.text) })),
        ])
    }

    public func json() -> String {
        var text = ""
        writeJSON { text += $0 }
        return text
    }

    /// The JSON (`json()`) a finding at a time, so a review of many records never holds its whole text.
    public func writeJSON(_ write: (String) -> Void) {
        // The findings are the object's last member: its text without them ends in `[]}`.
        write(String(jsonValue(findings: []).compactText.dropLast(2)))
        for (index, finding) in findings.enumerated() {
            write((index > 0 ? "," : "") + findingJSON(finding).compactText)
        }
        write("]}\n")
    }
}
