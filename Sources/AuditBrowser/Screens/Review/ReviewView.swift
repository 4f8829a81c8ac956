import AuditReview
import AuditStore

/// Draws the review: while it reads, how far it is; then one finding a line — severity, kind, who, when —
/// and under the list the selected finding's reason, customers and records, wrapped to the width.
enum ReviewView {
    static func draw(_ state: BrowserState, _ screen: ReviewScreen, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        if let failure = screen.failure {
            grid.put("The review failed: " + g.line(failure), x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        guard let review = screen.review else {
            let percent = Int(screen.reading.fraction * 100)
            let width = max(10, min(50, area.width - 20))
            let done = width * percent / 100
            grid.put(g.frame("reviewing… ") + "\(percent) %", x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            grid.put(String(repeating: g.bar, count: done) + String(repeating: g.frame("·"), count: width - done),
                     x: 1, y: area.y + 1, limit: area.width - 1)
            return
        }
        let clock = state.clock
        grid.put(g.line(review.summary) + "  " + g.frame("baseline: " + review.days(review.baselineSince, review.since, clock: clock))
                 + ", \(NumberText.grouped(review.baselineRecords)) records", x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
        guard !review.findings.isEmpty else {
            grid.put("Nothing unusual in this period.", x: 1, y: area.y + 2, limit: area.width - 1)
            return
        }
        let listHeight = max(1, area.height - ReviewScreen.detailHeight - 1)
        let whenWidth = 17, severityWidth = 7
        let whoWidth = max(8, min(28, (area.width - whenWidth - severityWidth - 6) / 3))
        let kindWidth = max(8, min(45, area.width - whenWidth - severityWidth - whoWidth - 6))
        // What is left on a wide screen shows the reason.
        let reasonWidth = area.width - 1 - severityWidth - kindWidth - 1 - whoWidth - 1 - whenWidth - 1
        for (offset, index) in (screen.top..<min(review.findings.count, screen.top + listHeight - 1)).enumerated() {
            let finding = review.findings[index]
            let y = area.y + 1 + offset
            let style: Style = index == screen.selected ? Theme.selected : .plain
            let who = finding.admins.first.map { g.line(review.adminLabel($0)) + (finding.admins.count > 1 ? " +\(finding.admins.count - 1)" : "") } ?? "(no admin)"
            var x = grid.put(" " + TextWidth.pad(finding.severity.name.uppercased(), to: severityWidth), x: 0, y: y,
                             style: index == screen.selected ? style : severityStyle(finding.severity))
            x = grid.put(TextWidth.pad(finding.kind.title, to: kindWidth, ellipsis: g.ellipsis) + " ", x: x, y: y, style: style)
            x = grid.put(TextWidth.pad(who, to: whoWidth, ellipsis: g.ellipsis) + " ", x: x, y: y, style: style)
            x = grid.put(TextWidth.pad(clock.localText(finding.start, seconds: false), to: whenWidth), x: x, y: y, style: style,
                         limit: area.width - x)
            if reasonWidth >= 20 {
                grid.put(TextWidth.pad(g.line(finding.reason), to: reasonWidth, ellipsis: g.ellipsis), x: x, y: y, style: style,
                         limit: area.width - x)
            }
        }
        guard review.findings.indices.contains(screen.selected) else { return }
        let finding = review.findings[screen.selected]
        var lines = TextWidth.wrap(g.line(finding.reason), width: area.width - 2)
        let customers = finding.customers.map { g.line(review.customerLabel($0)) }
            + finding.subscriptions.map { g.line(review.subscriptionLabel($0)) }
        if !customers.isEmpty {
            lines += TextWidth.wrap("Customers: " + customers.prefix(6).joined(separator: ", ")
                + (customers.count > 6 ? " " + g.ellipsis + " and \(customers.count - 6) more" : ""), width: area.width - 2)
        }
        lines.append("\(finding.records.count) record\(finding.records.count == 1 ? "" : "s") "
            + g.frame("· Enter: open them in the log"))
        let top = area.y + area.height - ReviewScreen.detailHeight
        grid.put(String(repeating: g.ascii ? "-" : "─", count: area.width), x: 0, y: top - 1, style: Theme.dim, limit: area.width)
        for (offset, line) in lines.prefix(ReviewScreen.detailHeight).enumerated() {
            grid.put(line, x: 1, y: top + offset, limit: area.width - 1)
        }
    }

    static func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .high: Theme.level(400)
        case .medium: Theme.level(300)
        case .low: Theme.dim
        }
    }

    static func title(_ state: BrowserState, _ screen: ReviewScreen) -> StyledLine {
        let g = state.glyphs
        let reading = screen.reading
        let last = Timestamp(microseconds: reading.until.microseconds - 1) // until is exclusive
        let period = state.clock.localText(reading.since, seconds: false).prefix(10) + " – "
            + state.clock.localText(last, seconds: false).prefix(10)
        return StyledLine(g.frame("Review · ") + screen.title + g.frame(" · " + period), Theme.title)
    }

    /// The status bar's left part: how far, or the selected finding's place.
    static func status(_ state: BrowserState, _ screen: ReviewScreen) -> String {
        let g = state.glyphs
        guard let review = screen.review else {
            return screen.failure == nil ? g.frame("reviewing… \(Int(screen.reading.fraction * 100)) %") : "failed"
        }
        guard !review.findings.isEmpty else { return "no findings" }
        return "finding \(screen.selected + 1) of \(review.findings.count)"
    }
}
