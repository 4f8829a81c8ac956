import TextCells
import AuditStore

/// The report as one self-contained HTML page: no external CSS, script, font, image or request (a Content
/// Security Policy forbids them too), readable on screen and printable. Every value from the data is
/// escaped as HTML after control characters and bidi overrides are made visible (`Sanitizer`), so a hostile
/// string renders as its text.
extension ActivityReport {
    public func html(clock: Clock) -> String {
        let zone = clock.zoneName(generated)
        var out = Self.htmlHead(title: "Activity report \(periodText(clock))", style: """
            table { border-collapse: collapse; margin: .4em 0; }
            th, td { padding: .25em .45em; border-bottom: 1px solid #ddd; text-align: right; vertical-align: top; }
            th:first-child, td:first-child, .l { text-align: left; }
            td { white-space: nowrap; } td.t { white-space: normal; min-width: 6em; }
            th { border-bottom: 2px solid #999; }
            .swatch { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -.1em; }
            .legend span.item { margin-right: 1.2em; white-space: nowrap; }
            .head { margin-top: 2em; border-top: 1px solid #999; padding-top: .6em; }
            @media print { h2 { break-after: avoid; } tr { break-inside: avoid; } }
            """)
        out += """
            <h1>Activity report</h1>
            <p class="meta">Period: \(Self.escape(periodText(clock))) (\(Self.escape(zone)))</p>
            <p class="meta">Filters: \(Self.escape(filterText.isEmpty ? "none" : filterText))</p>
            <p class="meta">Database: <code>\(Self.escape(database))</code> · generated \(Self.escape(clock.localText(generated))) \(Self.escape(zone))</p>
            <p class="meta">Working hours \(hours.description) (local time).
             \(NumberText.grouped(records)) records\(firstRef.map { ref in ", the first <code>\(ref)</code>, the last <code>\(lastRef ?? ref)</code>" } ?? "").</p>

            """
        out += "<h2>Per billing admin</h2>\n<table>\n<tr><th>Billing admin</th><th>Records</th><th>Requests</th>"
            + "<th>Customers</th><th>Subscrip&shy;tions</th><th>Field changes</th><th>Warn&shy;ings</th><th>Errors</th>"
            + "<th>First</th><th>Last</th><th>Outside hours</th></tr>\n"
        for (index, admin) in admins.enumerated() {
            let cells = [admin.records, admin.requests, admin.customers, admin.subscriptions, admin.fieldChanges,
                         admin.warnings, admin.errors].map { "<td>\(NumberText.grouped($0))</td>" }.joined()
            out += "<tr><td>\(swatch(index))\(Self.escape(admin.label))</td>\(cells)"
                + "<td class=\"t\">\(admin.first.map { Self.escape(clock.localText($0, seconds: false)) } ?? "")"
                + "\(admin.firstRef.map { "<br><code>\($0)</code>" } ?? "")</td>"
                + "<td class=\"t\">\(admin.last.map { Self.escape(clock.localText($0, seconds: false)) } ?? "")"
                + "\(admin.lastRef.map { "<br><code>\($0)</code>" } ?? "")</td>"
                + "<td>\(NumberText.grouped(admin.outsideHours))</td></tr>\n"
        }
        out += "</table>\n"
        out += "<h2>Records per day per admin</h2>\n" + chart() + legend()
        let changing = admins.filter { !$0.changesByField.isEmpty }
        if !changing.isEmpty {
            out += "<h2>Field changes by admin</h2>\n<table>\n<tr><th>Billing admin</th><th class=\"l\">Field</th><th>Changes</th></tr>\n"
            for admin in changing {
                for (offset, change) in admin.changesByField.enumerated() {
                    out += "<tr><td>\(offset == 0 ? Self.escape(admin.label) : "")</td><td class=\"l\">\(Self.escape(change.field))</td>"
                        + "<td>\(NumberText.grouped(change.count))</td></tr>\n"
                }
            }
            out += "</table>\n"
        }
        if !topFields.isEmpty {
            out += "<h2>Most-changed fields</h2>\n<table>\n<tr><th>Field</th><th>Changes</th></tr>\n"
            out += topFields.map { "<tr><td>\(Self.escape($0.field))</td><td>\(NumberText.grouped($0.count))</td></tr>\n" }.joined()
            out += "</table>\n"
        }
        if !topCustomers.isEmpty {
            out += "<h2>Most-changed customers</h2>\n<table>\n<tr><th>Customer</th><th class=\"l\">Id</th><th>Field changes</th></tr>\n"
            out += topCustomers.map {
                "<tr><td>\(Self.escape($0.label))</td><td class=\"l\"><code>\(Self.escape($0.id))</code></td><td>\(NumberText.grouped($0.count))</td></tr>\n"
            }.joined()
            out += "</table>\n"
        }
        if !notes.isEmpty {
            out += "<h2>Notes</h2>\n<table>\n<tr><th class=\"l\">Written</th><th class=\"l\">By</th><th class=\"l\">On record</th>"
                + "<th class=\"l\">Note</th></tr>\n"
            for noted in notes {
                let note = noted.note
                let text = note.text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.escape(String($0)) }
                    .joined(separator: "<br>")
                out += "<tr><td class=\"l\">\(Self.escape(clock.localText(note.time, seconds: false)))</td>"
                    + "<td class=\"l\">\(Self.escape(note.author))</td><td class=\"l\"><code>\(noted.record.ref)</code></td>"
                    + "<td class=\"l\">\(note.corrects.map { "(correcting note \($0)) " } ?? "")\(text)</td></tr>\n"
            }
            out += "</table>\n"
        }
        if let head {
            out += "<p class=\"head\">Chain head <code>\(head.link)</code> (record \(head.id)\(headRef.map { ", <code>\($0)</code>" } ?? "")). Prove later that the records "
                + "this report counts are unaltered: <code>auditlog verify --head \(head.link)</code></p>\n"
        } else {
            out += "<p class=\"head\">Chain head: none (the store holds no record).</p>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// A page's start up to its `<body>`, the same for the report and the review: self-contained (a Content
    /// Security Policy forbids any external CSS, script, font, image or request), the title escaped, the
    /// style both pages share and then the page's own rules (`style`: CSS, one rule a line).
    public static func htmlHead(title: String, style: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
        h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { font-size: 1.15em; margin: 1.6em 0 .4em; }
        .meta { color: #444; margin: .1em 0; }
        code { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; }
        @media print { body { margin: 0; font-size: 11px; } }
        \(style)
        </style>
        </head>
        <body>

        """
    }

    /// Data as HTML text: controls and invisible characters shown (`Sanitizer`), then `& < > " '` escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in Sanitizer.line(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#bab0ac"]

    /// Admins beyond the palette share its last colour (and the legend says so).
    func colour(_ index: Int) -> String { Self.palette[min(index, Self.palette.count - 1)] }

    func swatch(_ index: Int) -> String { "<span class=\"swatch\" style=\"background:\(colour(index))\"></span>" }

    func legend() -> String {
        var items = admins.prefix(Self.palette.count - 1).enumerated().map { index, admin in
            "<span class=\"item\">\(swatch(index))\(Self.escape(admin.label))</span>"
        }
        if admins.count >= Self.palette.count {
            items.append("<span class=\"item\">\(swatch(Self.palette.count - 1))the other \(admins.count - Self.palette.count + 1)</span>")
        }
        return "<p class=\"legend\">" + items.joined(separator: " ") + "</p>\n"
    }

    /// Records per day as stacked bars, one colour per admin, drawn as inline SVG.
    func chart() -> String {
        let width = 900.0, height = 240.0, left = 50.0, bottom = 24.0, top = 10.0
        let most = max(1, days.map { $0.perAdmin.reduce(0, +) }.max() ?? 1)
        let step = (width - left - 10) / Double(max(1, days.count))
        let scale = (height - bottom - top) / Double(most)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Records per day per billing admin\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" font-size=\"11\" text-anchor=\"end\">\(most)</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(height - bottom)\" font-size=\"11\" text-anchor=\"end\">0</text>\n"
        for (index, day) in days.enumerated() {
            var y = height - bottom
            let x = left + Double(index) * step
            for (admin, count) in day.perAdmin.enumerated() where count > 0 {
                let h = Double(count) * scale
                y -= h
                svg += "<rect x=\"\(Self.fixed(x))\" y=\"\(Self.fixed(y))\" width=\"\(Self.fixed(max(1, step * 0.8)))\" "
                    + "height=\"\(Self.fixed(h))\" fill=\"\(colour(admin))\"><title>\(Self.escape(day.label)): "
                    + "\(Self.escape(admins[admin].label)) \(count)</title></rect>\n"
            }
        }
        if let first = days.first, let last = days.last {
            svg += "<text x=\"\(left)\" y=\"\(height - 6)\" font-size=\"11\">\(Self.escape(first.label))</text>\n"
            svg += "<text x=\"\(width - 10)\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"end\">\(Self.escape(last.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func fixed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
