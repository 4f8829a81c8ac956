import TextCells
import AuditStore

/// The report as text for a terminal: 80 columns, everything from the data escaped.
extension ActivityReport {
    public func text(clock: Clock) -> String {
        var out: [String] = []
        let zone = clock.zoneName(generated)
        out.append("Activity report · \(periodText(clock)) (\(zone))")
        out.append("Filters: \(filterText.isEmpty ? "none" : Sanitizer.line(filterText))")
        // A long path keeps its end (the file's name) within the 80 columns; json and html have it whole.
        var path = Sanitizer.line(database)
        while TextWidth.of(path) > 70 { path = "…" + String(path.dropFirst(2)) }
        out.append("Database: \(path)")
        out.append("Generated \(clock.localText(generated, seconds: false)) \(zone)")
        out.append("Working hours \(hours.description) · \(NumberText.grouped(records)) records")
        out.append("")
        guard records > 0 else {
            out.append("No records match.")
            out.append(contentsOf: headLines())
            return out.joined(separator: "\n") + "\n"
        }
        if let firstRef, let lastRef { out.insert("Records \(firstRef) (first) to \(lastRef) (last)", at: out.count - 1) }
        let columns: [(String, Int)] = [("Records", 8), ("Reqs.", 7), ("Cust.", 6), ("Subs.", 6), ("Chg.", 6),
                                        ("Warn.", 6), ("Err.", 5), ("Off-hrs", 8)]
        let nameWidth = 80 - columns.reduce(0) { $0 + $1.1 }
        out.append(TextWidth.pad("Billing admin", to: nameWidth) + columns.map { right($0.0, $0.1) }.joined())
        for admin in admins {
            let values = [admin.records, admin.requests, admin.customers, admin.subscriptions, admin.fieldChanges,
                          admin.warnings, admin.errors, admin.outsideHours]
            let numbers = zip(values, columns).map { right(NumberText.grouped($0), $1.1) }.joined()
            let label = Sanitizer.line(admin.label)
            if TextWidth.of(label) < nameWidth {
                out.append(TextWidth.pad(label, to: nameWidth) + numbers)
            } else {
                // Too long for its column ("(no billing admin: jobs, API, system)", a long e-mail): whole on its
                // own line, its numbers under the columns on the next.
                out.append(TextWidth.truncate(label, to: 80))
                out.append(String(repeating: " ", count: nameWidth) + numbers)
            }
        }
        out.append("Reqs.: requests; Cust., Subs.: customers, subscriptions touched; Chg.: changes")
        out.append("Warn., Err.: warnings, errors (and worse); Off-hrs: outside working hours")
        out.append("")
        for admin in admins {
            out.append(Sanitizer.line(admin.label))
            if let first = admin.first, let last = admin.last {
                out.append("  first \(clock.localText(first, seconds: false))  \(admin.firstRef.map(\.text) ?? "")")
                out.append("  last  \(clock.localText(last, seconds: false))  \(admin.lastRef.map(\.text) ?? "")")
            }
            if !admin.changesByField.isEmpty {
                out += wrap(["changes:"] + admin.changesByField.map { "\(Sanitizer.line($0.field)) \($0.count)," }, indent: "  ")
            }
        }
        if !topFields.isEmpty {
            out.append("")
            out.append("Most-changed fields")
            for (field, count) in topFields {
                out.append("  " + TextWidth.pad(TextWidth.truncate(Sanitizer.line(field), to: 60), to: 62) + right(NumberText.grouped(count), 8))
            }
        }
        if !topCustomers.isEmpty {
            out.append("")
            out.append("Most-changed customers (field changes, with their subscriptions')")
            for customer in topCustomers {
                let name = customer.label == customer.id ? customer.id : "\(customer.label) (\(customer.id))"
                out.append("  " + TextWidth.pad(TextWidth.truncate(Sanitizer.line(name), to: 60), to: 62)
                    + right(NumberText.grouped(customer.count), 8))
            }
        }
        out.append("")
        out.append("Records per day")
        let most = max(1, days.map { $0.perAdmin.reduce(0, +) }.max() ?? 1)
        for day in days {
            let count = day.perAdmin.reduce(0, +)
            out.append("  \(day.label) " + right(NumberText.grouped(count), 8) + "  "
                + String(repeating: "#", count: count == 0 ? 0 : max(1, count * 50 / most)))
        }
        out.append(contentsOf: noteLines(clock))
        out.append("")
        out.append(contentsOf: headLines())
        return out.joined(separator: "\n") + "\n"
    }

    /// The notes on the report's records, newest first: when, who, on which record, and their text.
    func noteLines(_ clock: Clock) -> [String] {
        guard !notes.isEmpty else { return [] }
        var out = ["", "Notes (\(NumberText.grouped(notes.count)), newest first)"]
        for noted in notes {
            let note = noted.note
            out.append("  " + TextWidth.truncate(Sanitizer.line(clock.localText(note.time, seconds: false) + " " + note.author
                + " on \(noted.record.ref)" + (note.corrects.map { ", correcting note \($0)" } ?? "") + ":"), to: 78))
            for line in note.text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += wrap(Sanitizer.line(String(line)).split(separator: " ").map(String.init), indent: "    ")
            }
        }
        return out
    }

    /// `2025-03-01 – 2025-03-31`: the filters' bounds, else the first and last record's days.
    func periodText(_ clock: Clock) -> String {
        func day(_ time: Timestamp?) -> String { time.map { String(clock.localText($0, seconds: false).prefix(10)) } ?? "…" }
        let from = query.since ?? first
        // `until` is exclusive: the period ends the day before a midnight bound.
        let to = query.until.map { Timestamp(microseconds: $0.microseconds - 1) } ?? last
        return "\(day(from)) – \(day(to))"
    }

    func headLines() -> [String] {
        guard let head else { return ["Chain head: none (the store holds no record)"] }
        return ["Chain head (record \(head.id)\(headRef.map { ", " + $0.text } ?? "")):", "  \(head.link)",
                "Prove later that the counted records are unaltered: auditlog verify --head HASH"]
    }

    private func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - TextWidth.of(text))) + text
    }

    /// Items on lines of at most 80 columns, never split (the last item's trailing comma dropped).
    private func wrap(_ items: [String], indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for (index, var item) in items.enumerated() {
            if index == items.count - 1, item.hasSuffix(",") { item.removeLast() }
            if line != indent, TextWidth.of(line) + 1 + TextWidth.of(item) > 80 {
                lines.append(line)
                line = indent + "  " + item
            } else {
                line += (line == indent ? "" : " ") + item
            }
        }
        if line != indent { lines.append(line) }
        return lines
    }
}
