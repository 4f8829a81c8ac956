import AuditStore
import TextCells

/// The review as text for a terminal: 80 columns, everything from the data escaped.
extension Review {
    public static let width = 80

    /// `2025-03-10 – 2025-03-16`: local days, the end exclusive.
    public func days(_ from: Timestamp, _ to: Timestamp, clock: Clock) -> String {
        let last = Timestamp(microseconds: to.microseconds - 1)
        return String(clock.localText(from, seconds: false).prefix(10)) + " – " + String(clock.localText(last, seconds: false).prefix(10))
    }

    public func heading(clock: Clock) -> [String] {
        var lines = ["Review · \(days(since, until, clock: clock)) (\(zone)) · \(NumberText.grouped(periodRecords)) records"]
        lines.append("Baseline: \(days(baselineSince, since, clock: clock)), the \(TimeSpan.text(settings.baseline)) before · "
            + "\(NumberText.grouped(baselineRecords)) records")
        lines.append("Filters: \(filterText.isEmpty ? "none" : Sanitizer.line(filterText))")
        var path = Sanitizer.line(database)
        while TextWidth.of(path) > 70 { path = "…" + String(path.dropFirst(2)) }
        lines.append("Database: \(path)")
        lines.append("Working hours \(settings.hoursText), weekend \(settings.weekendText) · generated "
            + "\(clock.localText(generated, seconds: false))")
        return lines
    }

    /// `3 findings: 1 high, 2 medium`.
    public var summary: String {
        guard !findings.isEmpty else { return "No findings." }
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = findings.filter { $0.severity == severity }.count
            return n == 0 ? nil : "\(n) \(severity.name)"
        }
        return "\(findings.count) finding\(findings.count == 1 ? "" : "s"): " + counts.joined(separator: ", ")
    }

    public func text(clock: Clock) -> String {
        var out = heading(clock: clock)
        out.append("")
        out.append(summary)
        if baselineRecords == 0 {
            out.append("The baseline holds no records: bursts and warnings are judged by their minimums alone,")
            out.append("and no admin is called dormant.")
        }
        for (index, finding) in findings.enumerated() {
            out.append("")
            out.append("\(index + 1). \(finding.severity.name.uppercased())  \(finding.kind.title)")
            out += wrap(Sanitizer.line(finding.reason), indent: "   ")
            let admins = finding.admins.map { Sanitizer.line(adminLabel($0)) }
            if !admins.isEmpty { out += wrap("Who: " + admins.joined(separator: ", "), indent: "   ") }
            out += listed("Customers", finding.customers.map { Sanitizer.line(customerLabel($0)) })
            out += listed("Subscriptions", finding.subscriptions.map { Sanitizer.line(subscriptionLabel($0)) })
            if !finding.messages.isEmpty {
                out += listed("Messages", finding.messages.map { "\"\(Sanitizer.line($0.message))\" \($0.count)×" })
            }
            let end = finding.start == finding.end ? "" : " – " + clock.localText(finding.end, seconds: true)
            out.append("   When: " + clock.localText(finding.start, seconds: true) + end)
            out += listed("Records (\(NumberText.grouped(finding.records.count)))", finding.records.map(String.init),
                          limit: 20, rest: "more in --format json")
        }
        if !findings.isEmpty {
            out.append("")
            out.append("A finding's records: auditlog export --ids IDS, or ! in the browser.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `   Customers (12): a, b, c, … and 9 more`: at most `limit` items, wrapped at 80 columns.
    private func listed(_ label: String, _ items: [String], limit: Int = 8, rest: String = "") -> [String] {
        guard !items.isEmpty else { return [] }
        let shown = items.prefix(limit).map { TextWidth.truncate($0, to: 60) }
        var text = label + ": " + shown.joined(separator: ", ")
        if items.count > limit { text += " … and \(NumberText.grouped(items.count - limit)) more" + (rest.isEmpty ? "" : " (\(rest))") }
        return wrap(text, indent: "   ")
    }

    /// Words on lines of at most 80 columns under an indent.
    private func wrap(_ text: String, indent: String) -> [String] {
        TextWidth.wrap(text, width: Self.width - TextWidth.of(indent)).map { indent + $0 }
    }
}
