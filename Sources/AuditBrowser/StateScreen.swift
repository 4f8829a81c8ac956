import AuditStore

/// "State then" (`t` on a record): the record's customer (or subscription) as it was at the record's
/// time, over the tab's content until Back. `Enter` on a field lists that field's history; Back from there
/// returns here, and from here to exactly where `t` was pressed (both are places on the history).
public struct StateScreen: Sendable {
    public var kind: EntityKind
    public var id: String
    public var label: String
    public var at: Timestamp
    /// nil while it loads.
    public var state: EntityState?
    public var selected = 0
    public var top = 0

    /// A line of the screen: a section heading (a linked subscription) or a field.
    enum Row {
        case heading(String)
        case field(FieldState, continuation: String?)
    }

    /// Every line, in order: the entity's fields, then each subscription's under its heading; a value of
    /// several lines (an array) continues on lines of its own that are part of the field's row.
    func rows(_ glyphs: Glyphs) -> [Row] {
        guard let state else { return [] }
        var rows: [Row] = []
        func add(_ fields: [FieldState]) {
            for field in fields {
                let lines = field.valueLines
                rows.append(.field(field, continuation: nil))
                for more in lines.dropFirst() { rows.append(.field(field, continuation: more)) }
            }
        }
        add(state.fields)
        for subscription in state.subscriptions {
            rows.append(.heading("Subscription " + glyphs.dot + " " + subscription.id))
            add(subscription.fields)
        }
        return rows
    }

    /// The lines a selection moves over (each field's first line).
    static func fieldLines(_ rows: [Row]) -> [Int] {
        rows.enumerated().compactMap { index, row in
            if case .field(_, nil) = row { return index }
            return nil
        }
    }

    var selectedField: FieldState? {
        guard let state else { return nil }
        let all = state.fields + state.subscriptions.flatMap(\.fields)
        return all.indices.contains(selected) ? all[selected] : nil
    }

    /// Moves the selection by `n` fields and keeps it in the `height` lines shown.
    mutating func move(by n: Int, height: Int, _ glyphs: Glyphs) {
        let rows = rows(glyphs)
        let fields = Self.fieldLines(rows)
        guard !fields.isEmpty else { return }
        selected = max(0, min(fields.count - 1, selected + n))
        let line = fields[selected]
        if line < top { top = line }
        // The field's continuation lines come into view with it.
        var last = line
        while last + 1 < rows.count, case .field(_, let more) = rows[last + 1], more != nil { last += 1 }
        if last >= top + height { top = last - height + 1 }
        if selected == 0 { top = 0 }
    }
}

// MARK: Update

/// The selected record's customer (else its subscription) as of the record's time, over the tab.
func openStateThen(_ state: inout BrowserState) -> [Effect] {
    guard let record = state.current.log?.selectedRecord else { return [] }
    let target: (EntityKind, String, String)
    if let customer = record.ownerCustomerID ?? record.customerID {
        target = (.customer, customer, record.customerLabel ?? customer)
    } else if let subscription = record.subscriptionID {
        target = (.subscription, subscription, subscription)
    } else {
        state.notice = "This record names no customer or subscription"
        return []
    }
    remember(&state)
    state.current.stateScreen = StateScreen(kind: target.0, id: target.1, label: target.2, at: record.time)
    return [.loadState(state.tab, target.0, target.1, at: record.time)]
}

/// The state screen's own keys: moving over fields, and Enter for a field's history. nil: not its key
/// (tabs, help, Back, quitting work as everywhere; Back returns to where `t` was pressed).
func stateScreenUpdate(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
    guard var screen = state.current.stateScreen else { return nil }
    let height = state.layout.body.height
    switch action {
    case .move(let n): screen.move(by: n, height: height, state.glyphs)
    case .page(let n), .halfPage(let n): screen.move(by: n * max(1, height - 1), height: height, state.glyphs)
    case .top: screen.move(by: -screen.selected, height: height, state.glyphs)
    case .bottom: screen.move(by: Int.max / 2, height: height, state.glyphs)
    case .open, .toggleExpand:
        guard let field = screen.selectedField else { return [] }
        // The field's history: its entity's log filtered to it. This state screen is a place on the history.
        let kind: EntityKind = field.entity == "Customer" ? .customer : .subscription
        let label = field.entityID == screen.id ? screen.label : field.entityID
        var effects = openLog(&state, kind: kind, id: field.entityID, label: label)
        state.current.stateScreen = nil
        let filter = "field:\(field.entity).\(field.field)"
        effects = onScreen(&state, log: { log, context in
            log.filter = RecordQuery(field: "\(field.entity).\(field.field)")
            log.filterText = filter
            return LogScreen.reload(&log, context)
        }, picker: { _, _ in [] })
        return effects
    case .startFilter, .startDateFilter, .clearFilters, .toggleFollow, .toggleRaw, .pivot, .openRequest, .stateThen,
         .toggleMark, .nextMark, .previousMark,
         .click:
        return []
    default:
        return nil
    }
    state.current.stateScreen = screen
    return []
}

// MARK: Drawing

enum StateView {
    static func draw(_ state: BrowserState, _ screen: StateScreen, in area: Rect, into grid: inout Grid) {
        let g = state.glyphs
        guard screen.state != nil else {
            grid.put(g.frame("loading…"), x: 1, y: area.y, style: Theme.dim)
            return
        }
        let rows = screen.rows(g)
        if rows.isEmpty {
            grid.put("No field changes of this \(screen.kind == .customer ? "customer" : "subscription") recorded by then",
                     x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        let fields = StateScreen.fieldLines(rows)
        let selectedLine = fields.indices.contains(screen.selected) ? fields[screen.selected] : -1
        let nameWidth = min(24, max(8, rows.compactMap { row -> Int? in
            if case .field(let field, nil) = row { return TextWidth.of(g.line(field.field)) }
            return nil
        }.max() ?? 8))
        let originWidth = area.width >= 100 ? 44 : 0
        let valueWidth = max(10, area.width - nameWidth - originWidth - 5)
        var owner = -1
        for (offset, index) in (screen.top..<min(rows.count, screen.top + area.height)).enumerated() {
            let y = area.y + offset
            switch rows[index] {
            case .heading(let text):
                grid.put(" " + g.line(text), x: 0, y: y, style: Theme.label, limit: area.width)
            case .field(let field, let more):
                if more == nil { owner = index }
                let isSelected = (more == nil ? index : owner) == selectedLine
                let style: Style = isSelected ? Theme.selected : .plain
                if isSelected { grid.fill(x: 0, y: y, width: area.width, style: style) }
                let name = more == nil ? g.line(field.field) : ""
                var x = grid.put(" " + TextWidth.pad(TextWidth.truncate(name, to: nameWidth, ellipsis: g.ellipsis),
                                                     to: nameWidth) + "  ", x: 0, y: y, style: style)
                let value = g.line(more ?? field.valueLines.first ?? "")
                x = grid.put(TextWidth.pad(TextWidth.truncate(value, to: valueWidth, ellipsis: g.ellipsis), to: valueWidth),
                             x: x, y: y, style: field.value == nil ? (isSelected ? style : Theme.dim) : style)
                if more == nil {
                    let origin = g.line(Self.origin(field, clock: state.clock))
                    let room = area.width - x - 2
                    if originWidth > 0 || room > 12 {
                        grid.put("  " + origin, x: x, y: y, style: isSelected ? style : Theme.dim, limit: max(0, area.width - x))
                    }
                }
            }
        }
    }

    static func origin(_ field: FieldState, clock: Clock) -> String {
        switch field.origin {
        case .set(_, let time, let admin, let name):
            return "set \(clock.shortText(time)) by \(name ?? admin ?? "no billing admin")"
        case .before(_, let time):
            return "as before the change of \(clock.shortText(time))"
        }
    }
}
