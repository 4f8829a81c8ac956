import AuditStore

/// A picker's table, what a support agent recognises first: the e-mail (a subscription's customer's), what else
/// is known (name, plan), the record count, the last activity, and the id at the end — whole when there is room,
/// else its first 8 characters (as git shortens a hash), left out before the name shrinks below 14 columns.
enum PickerView {
    /// The columns at a width (every row the same: they depend on the width and the times shown only). The
    /// e-mail and the last activity always; then, as room allows, the name or plan (8 columns at least), the
    /// record count, the id's first 8 characters (while the name keeps 14), the whole id (while it keeps 20);
    /// what is left widens the name, or the e-mail when there is no name.
    struct Columns: Equatable {
        var label: Int
        /// The name or plan, 0 when left out.
        var other = 0
        /// The record count, 0 when left out.
        var count = 0
        /// The id, 0 when left out.
        var id = 0

        /// `others`: whether a row shown has a name or plan (admins often have none: the id takes the room).
        init(width: Int, time: Int, others: Bool = true) {
            label = max(12, min(width >= Layout.wideFrom ? 44 : 32, width - 2 - time))
            var rest = width - 1 - label - 1 - time // each column after the label takes a space before it
            if others, rest >= 9 { other = 8; rest -= 9 }
            if rest >= 9 { count = 8; rest -= 9 }
            if rest >= 9 + (others ? 6 : 0) { id = 8; rest -= 9 }
            if id > 0, rest >= 28 + (others ? 12 : 0) { id = 36; rest -= 28 }
            if other > 0 { other += rest } else { label += rest }
        }
    }

    static func draw(_ state: BrowserState, _ picker: Picker, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        let shown = picker.entities.indices.contains(picker.top)
            ? picker.entities[picker.top..<min(picker.entities.count, picker.top + area.height - 1)] : []
        let time = TimeColumn(clock: state.clock, wide: false, times: shown.lazy.compactMap(\.lastActivity))
        let others = shown.contains { !(($0.kind == .subscription ? $0.plan : $0.name) ?? "").isEmpty }
        let columns = Columns(width: state.width, time: time.width, others: others)
        let (first, second) = switch picker.kind {
        case .customer: ("email", "name")
        case .subscription: ("customer", "plan")
        case .admin: ("email", "name")
        }
        var header = " " + TextWidth.pad(first, to: columns.label)
        if columns.other > 0 { header += " " + TextWidth.pad(second, to: columns.other) }
        if columns.count > 0 { header += "  records" }
        header += " " + TextWidth.pad(time.width >= 13 ? "last activity" : "last active", to: time.width)
        if columns.id > 0 { header += " id" }
        grid.put(header, x: area.x, y: area.y, style: Theme.dim, limit: area.width)
        if picker.entities.isEmpty {
            let text = picker.loading ? g.frame("loading…")
                : picker.filterText.isEmpty ? "No \(state.tab.title.lowercased()) in this database."
                : g.frame("Nothing matches \"\(g.line(picker.filterText))\" — x clears the filter.")
            grid.put(text, x: area.x + 2, y: area.y + 2, style: Theme.dim)
            return
        }
        for (offset, index) in shown.indices.enumerated() {
            let entity = picker.entities[index]
            let y = area.y + 1 + offset
            var line = StyledLine(" " + TextWidth.pad(g.line(label(entity, g)), to: columns.label, ellipsis: g.ellipsis) + " ")
            if columns.other > 0 {
                let other = (entity.kind == .subscription ? entity.plan : entity.name) ?? ""
                line.add(TextWidth.pad(g.line(other), to: columns.other, ellipsis: g.ellipsis) + " ", Theme.dim)
            }
            if columns.count > 0 {
                let count = NumberText.grouped(entity.recordCount)
                line.add(String(repeating: " ", count: max(0, columns.count - count.count)) + count + " ")
            }
            line.add(TextWidth.pad(entity.lastActivity.map(time.text) ?? g.dash, to: time.width), Theme.dim)
            if columns.id > 0 { line.add(" " + TextWidth.truncate(g.line(entity.id), to: columns.id, ellipsis: ""), Theme.dim) }
            line.draw(into: &grid, x: area.x, y: y, limit: area.width)
            if index == picker.selected { grid.reverse(y: y, columns: columns.label + 1) } // as in logs: the lead column
        }
    }

    /// The first column: the e-mail, or a subscription's customer's; else the name, else the id.
    static func label(_ entity: Entity, _ g: Glyphs) -> String {
        guard entity.kind == .subscription else { return entity.email ?? entity.name ?? entity.id }
        if let email = entity.customerEmail { return email }
        return entity.customerID.map { "customer " + $0 } ?? g.frame("(no customer)")
    }
}
