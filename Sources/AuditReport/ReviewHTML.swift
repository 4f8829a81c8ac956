import AuditReview
import AuditStore
import TextCells

/// The review as one self-contained HTML page, as the report's: no external CSS, script, font, image or
/// request (a Content Security Policy forbids them too). The findings, then each admin's records per hour
/// of the period as an inline SVG chart with the windows of their findings marked. Every value from the
/// data goes through `ActivityReport.escape`, so a hostile string renders as its text.
extension Review {
    public func html(clock: Clock) -> String {
        let esc = ActivityReport.escape
        var out = ActivityReport.htmlHead(title: "Review \(days(since, until, clock: clock))", style: """
            body { max-width: 1000px; }
            .finding { border-left: 4px solid #999; padding: .3em .8em; margin: .8em 0; }
            .finding.high { border-color: #c0392b; } .finding.medium { border-color: #e67e22; } .finding.low { border-color: #7f8c8d; }
            .sev { font-weight: bold; text-transform: uppercase; font-size: .85em; margin-right: .5em; }
            .finding p { margin: .2em 0; }
            figure { margin: .6em 0 1.2em; } figcaption { font-weight: bold; }
            @media print { .finding, figure { break-inside: avoid; } }
            """)
        out += "<h1>Review</h1>\n"
        for line in heading(clock: clock) { out += "<p class=\"meta\">\(esc(line))</p>\n" }
        out += "<h2>\(esc(summary))</h2>\n"
        for (index, finding) in findings.enumerated() {
            out += "<section class=\"finding \(finding.severity.name)\" id=\"finding-\(index + 1)\">\n"
            out += "<p><span class=\"sev\">\(finding.severity.name)</span><strong>\(index + 1). \(esc(finding.kind.title))</strong></p>\n"
            out += "<p>\(esc(finding.reason))</p>\n"
            func list(_ label: String, _ items: [String]) {
                guard !items.isEmpty else { return }
                out += "<p>\(label): " + items.map(esc).joined(separator: ", ") + "</p>\n"
            }
            list("Who", finding.admins.map(adminLabel))
            list("Customers", finding.customers.map(customerLabel))
            list("Subscriptions", finding.subscriptions.map(subscriptionLabel))
            list("Messages", finding.messages.map { "\"\($0.message)\" \($0.count)×" })
            out += "<p>When: \(esc(clock.localText(finding.start)))"
                + (finding.start == finding.end ? "" : " – \(esc(clock.localText(finding.end)))") + "</p>\n"
            out += "<p>Records (\(finding.records.count)): <code>\(finding.idsText)</code></p>\n</section>\n"
        }
        let charted = chartedAdmins()
        if !charted.isEmpty {
            out += "<h2>Activity per admin, records per hour</h2>\n"
            for admin in charted { out += chart(admin, clock: clock) }
        }
        return out + "</body>\n</html>\n"
    }

    /// The admins of the findings first, then the busiest others, at most 20 in all.
    func chartedAdmins() -> [String] {
        var order: [String] = []
        for finding in findings { for admin in finding.admins where !order.contains(admin) { order.append(admin) } }
        let others = activity.filter { !$0.key.isEmpty && !order.contains($0.key) }
            .sorted { ($1.value.reduce(0, +), $0.key) < ($0.value.reduce(0, +), $1.key) }.map(\.key)
        return Array((order.filter { activity[$0] != nil } + others).prefix(20))
    }

    /// One admin's records per hour as bars, with the window of each of their findings shaded and numbered.
    func chart(_ admin: String, clock: Clock) -> String {
        let esc = ActivityReport.escape, fixed = ActivityReport.fixed
        let counts = activity[admin] ?? []
        let width = 900.0, height = 130.0, left = 40.0, bottom = 20.0, top = 8.0
        let hours = Double(max(1, counts.count))
        let step = (width - left - 10) / hours
        let most = max(1, counts.max() ?? 1)
        let scale = (height - bottom - top) / Double(most)
        let label = adminLabel(admin)
        func x(_ time: Timestamp) -> Double {
            left + Double(time.microseconds - since.microseconds) / 3_600_000_000 * step
        }
        var svg = "<figure><figcaption>\(esc(label))</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"Records per hour of \(esc(label))\">\n"
        for (index, finding) in findings.enumerated() where finding.admins.contains(admin) {
            let x0 = max(left, x(finding.start)), x1 = min(width - 10, max(x(finding.end), x0 + 3))
            svg += "<rect class=\"window\" x=\"\(fixed(x0))\" y=\"\(top)\" width=\"\(fixed(x1 - x0))\" height=\"\(height - bottom - top)\" "
                + "fill=\"#e74c3c\" fill-opacity=\"0.25\"><title>\(index + 1). \(esc(finding.kind.title))</title></rect>\n"
            svg += "<text x=\"\(fixed(x0))\" y=\"\(top + 10)\" font-size=\"10\" fill=\"#c0392b\">\(index + 1)</text>\n"
        }
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>\n"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 10)\" font-size=\"10\" text-anchor=\"end\">\(most)</text>\n"
        for (hour, count) in counts.enumerated() where count > 0 {
            let h = Double(count) * scale
            svg += "<rect x=\"\(fixed(left + Double(hour) * step))\" y=\"\(fixed(height - bottom - h))\" "
                + "width=\"\(fixed(max(1, step * 0.9)))\" height=\"\(fixed(h))\" fill=\"#4e79a7\"/>\n"
        }
        // A tick and label at each local midnight.
        var day = clock.bucketStart(since, .day)
        while day < until {
            if day >= since {
                svg += "<line x1=\"\(fixed(x(day)))\" y1=\"\(height - bottom)\" x2=\"\(fixed(x(day)))\" y2=\"\(height - bottom + 4)\" stroke=\"#999\"/>"
                    + "<text x=\"\(fixed(x(day) + 2))\" y=\"\(height - 4)\" font-size=\"10\">\(esc(String(clock.localText(day).prefix(10))))</text>\n"
            }
            day = clock.bucketStart(day, .day, adding: 1)
        }
        return svg + "</svg></figure>\n"
    }
}
