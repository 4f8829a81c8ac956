import AuditStore

/// One record as plain text for a person to paste: a one-line summary beginning with its reference (what `y`
/// copies), and its line with its whole expansion (what `Y` copies and `auditlog show` prints). Sanitised as
/// the screen is: nothing from the data reaches a terminal or a clipboard as a control.
public enum RecordText {
    /// `r7kq-2m9x-hd4c-a3fz 2025-06-30 23:16 UTC ops@acme.example Customer.billingEmail 'a@x' → 'b@y'`.
    public static func summary(_ record: AuditRecord, clock: Clock, glyphs: Glyphs = .unicode) -> String {
        let who = record.adminName ?? record.adminID
        var what = RecordLine.summary(record, glyphs: glyphs)
        if let change = record.change {
            // `Customer.billingEmail: 'a' → 'b'` reads as `Customer.billingEmail 'a' → 'b'` in a sentence.
            let name = (change.entity.map { $0 + "." } ?? "") + change.field
            if what.hasPrefix(name + ": ") { what = name + " " + what.dropFirst(name.count + 2) }
        }
        let parts = [record.ref.text, clock.localText(record.time, seconds: false), clock.zoneName(record.time)]
            + (who.map { [glyphs.line($0)] } ?? []) + [glyphs.line(what)]
        return parts.joined(separator: " ")
    }

    /// The record's line (as `export --format text` writes it) and, under it, its expansion as the browser
    /// shows it at `width` columns (`request`: the records of its request, nil when not read).
    public static func expansion(_ record: AuditRecord, request: [AuditRecord]?, clock: Clock, width: Int = 80,
                                 glyphs: Glyphs = .unicode) -> [String] {
        [RecordLine.text(record, customerLabel: record.customerLabel, clock: clock, glyphs: glyphs)]
            + ExpansionView.lines(for: record, width: width, raw: false, request: request, clock: clock, glyphs: glyphs)
                .map { trimmedEnd($0.text) }
    }

    private static func trimmedEnd(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
