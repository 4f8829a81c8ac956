import AuditStore

/// A picker's table: label, what else is known, record count, last activity.
enum PickerView {
    static func draw(_ state: BrowserState, _ picker: Picker, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        let countWidth = 9
        let timeWidth = 16
        let labelWidth = max(12, min(44, (state.width - countWidth - timeWidth - 4) / 2))
        let otherWidth = max(0, state.width - labelWidth - countWidth - timeWidth - 4)
        let second = switch picker.kind {
        case .customer: "name"
        case .subscription: "customer"
        case .admin: "id"
        }
        let first = picker.kind == .subscription ? "plan / id" : "email / id"
        let header = " " + TextWidth.pad(first, to: labelWidth) + " " + TextWidth.pad(second, to: otherWidth) + " "
            + TextWidth.pad("records", to: countWidth) + " " + "last activity"
        grid.put(header, x: area.x, y: area.y, style: Theme.dim)
        if picker.entities.isEmpty {
            let text = picker.loading ? g.frame("loading…")
                : picker.filterText.isEmpty ? "No \(state.tab.title.lowercased()) in this database."
                : g.frame("Nothing matches \"\(g.line(picker.filterText))\" — x clears the filter.")
            grid.put(text, x: area.x + 2, y: area.y + 2, style: Theme.dim)
            return
        }
        let rows = area.height - 1 // under the column header
        for (offset, index) in (picker.top..<min(picker.entities.count, picker.top + rows)).enumerated() {
            let entity = picker.entities[index]
            let y = area.y + 1 + offset
            let other: String = switch picker.kind {
            case .customer: entity.name ?? ""
            case .subscription: entity.customerID ?? ""
            case .admin: entity.id
            }
            let label = entity.kind == .subscription ? (entity.plan.map { "\($0) \(g.dot) \(entity.id)" } ?? entity.id)
                : entity.label
            var line = StyledLine(" " + TextWidth.pad(g.line(label), to: labelWidth, ellipsis: g.ellipsis) + " ")
            line.add(TextWidth.pad(g.line(other), to: otherWidth, ellipsis: g.ellipsis) + " ", Theme.dim)
            let count = NumberText.grouped(entity.recordCount)
            line.add(String(repeating: " ", count: max(0, countWidth - count.count)) + count + " ")
            line.add(entity.lastActivity.map { String(state.clock.localText($0).prefix(16)) } ?? g.dash, Theme.dim)
            line.draw(into: &grid, x: area.x, y: y, limit: area.width)
            if index == picker.selected { grid.reverse(y: y, columns: labelWidth + 1) } // as in logs: the lead column
        }
    }
}
