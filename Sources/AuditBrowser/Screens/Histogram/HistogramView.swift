import AuditStore

/// Draws the histogram: one bucket a line, `label  count  bar`, the bar's warnings-or-worse part drawn
/// with its own glyph first (`▒`, ASCII `!`) so it reads without colour, the rest as `█` (ASCII `#`). Bars
/// scale to the largest bucket counted so far; a bucket not yet counted shows `…`.
enum HistogramView {
    static func draw(_ state: BrowserState, _ screen: HistogramScreen, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        if screen.loading {
            grid.put(g.frame("finding the view's first and last records…"), x: 1, y: area.y, style: Theme.dim)
            return
        }
        guard let first = screen.bars.first else {
            grid.put("No records in this view", x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        let labelWidth = TextWidth.of(state.clock.bucketLabel(first.span.start, screen.size))
        let largest = screen.largest
        let countWidth = max(5, NumberText.grouped(largest).count)
        let barX = 1 + labelWidth + 2 + countWidth + 2
        let barWidth = area.width - barX - 1
        for (offset, index) in (screen.top..<min(screen.bars.count, screen.top + area.height)).enumerated() {
            let y = area.y + offset
            let bar = screen.bars[index]
            let style: Style = index == screen.selected ? Theme.selected : .plain
            let label = state.clock.bucketLabel(bar.span.start, screen.size)
            let count = bar.count.map { NumberText.grouped($0) } ?? g.ellipsis
            var x = grid.put(" " + label + "  " + String(repeating: " ", count: max(0, countWidth - TextWidth.of(count)))
                             + count + " ", x: 0, y: y, style: style, limit: area.width)
            x += 1
            guard let total = bar.count, total > 0, largest > 0, barWidth > 0 else { continue }
            let length = max(1, Int((Double(total) / Double(largest) * Double(barWidth)).rounded()))
            let worse = bar.warnings.map { $0 == 0 ? 0 : min(length, max(1, Int((Double($0) / Double(total) * Double(length)).rounded()))) } ?? 0
            x = grid.put(String(repeating: g.barWarning, count: worse), x: x, y: y, style: Theme.level(300))
            grid.put(String(repeating: g.bar, count: length - worse), x: x, y: y)
        }
    }

    /// "Histogram · VIEW · by week", then the legend, which says what the bars' two glyphs mean and so is never
    /// cut: where the whole line does not fit, the legend names only the warnings glyph (a bar is records),
    /// and where that does not fit either, the view's title gives up its end (an ellipsis).
    static func title(_ state: BrowserState, _ screen: HistogramScreen) -> StyledLine {
        let g = state.glyphs
        let head = g.frame("Histogram · "), tail = g.frame(" · by \(screen.size.rawValue)")
        let records = "   " + g.bar + " records", warnings = g.barWarning + " warnings or worse"
        let room = state.width - TextWidth.of(head + tail)
        let whole = TextWidth.of(screen.title) + TextWidth.of(records + "  " + warnings) <= room
        let short = room - TextWidth.of("   " + warnings)
        let name = whole || short < 8 ? screen.title : TextWidth.truncate(screen.title, to: short, ellipsis: g.ellipsis)
        var line = StyledLine(head + name + tail, Theme.title)
        line.add(whole ? records + "  " : "   ", Theme.dim)
        line.add(g.barWarning, Theme.level(300))
        line.add(" warnings or worse", Theme.dim)
        return line
    }

    /// The status bar's left part: the selected bucket and its counts.
    static func status(_ state: BrowserState, _ screen: HistogramScreen) -> String {
        let g = state.glyphs
        if screen.loading { return g.frame("loading…") }
        guard screen.bars.indices.contains(screen.selected) else { return "no records" }
        let bar = screen.bars[screen.selected]
        var text = state.clock.bucketLabel(bar.span.start, screen.size) + ": "
        guard let count = bar.count else { return text + g.frame("counting…") }
        text += "\(NumberText.grouped(count)) record\(count == 1 ? "" : "s")"
        if let warnings = bar.warnings, warnings > 0 {
            text += " (\(NumberText.grouped(warnings)) warning\(warnings == 1 ? "" : "s") or worse)"
        }
        return text
    }
}
