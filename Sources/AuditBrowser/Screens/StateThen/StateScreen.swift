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

// MARK: Keys and update

extension StateScreen: Screen {
    /// Opens over a log (`t`, listed with the record's keys).
    static var opener: Opener? {
        Opener(StateScreen.self, over: Keymap.record, keys: [.character("t")],
               help: "state then: the customer as it was at this record", make: open)
    }

    static let keys = KeyContext([KeySection("In state then", [
        Binding([.enter, .character("l"), .right, .character(" ")], .open, "the field's history: its log, filtered to it"),
    ])], borrowing: Keymap.moving + [Keymap.listMarks, Keymap.export])

    /// The selected record's customer (else its subscription) as of the record's time.
    static func open(_ state: BrowserState) -> Opening {
        guard let record = state.current.log?.selectedRecord else { return .refused(notice: nil) }
        let target: (EntityKind, String, String)
        if let customer = record.ownerCustomerID ?? record.customerID {
            target = (.customer, customer, record.customerLabel ?? customer)
        } else if let subscription = record.subscriptionID {
            target = (.subscription, subscription, subscription)
        } else {
            return .refused(notice: "This record names no customer or subscription")
        }
        let (kind, id, time) = (target.0, target.1, record.time)
        return .open(StateScreen(kind: kind, id: id, label: target.2, at: time),
                     [.ask(Question(tab: state.tab, lane: .keyPath, asks: "state of \(kind) \(id) at \(time.microseconds)") {
                         source, _ in try source.state(of: kind, id, at: time)
                     })])
    }

    /// Moving over fields, and Enter for a field's history (this screen is a place on the history, so Back
    /// returns here, and from here to where `t` was pressed).
    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        let height = context.bodyHeight
        switch action {
        case .move(let n): move(by: n, height: height, context.glyphs)
        case .page(let n), .halfPage(let n): move(by: n * max(1, height - 1), height: height, context.glyphs)
        case .top: move(by: -selected, height: height, context.glyphs)
        case .bottom: move(by: Int.max / 2, height: height, context.glyphs)
        case .open, .toggleExpand:
            guard let field = selectedField else { return .done() }
            let kind: EntityKind = field.entity == "Customer" ? .customer : .subscription
            let label = field.entityID == id ? label : field.entityID
            let name = "\(field.entity).\(field.field)"
            return .then(.openLog(kind, id: field.entityID, label: label, filter: (RecordQuery(field: name), "field:" + name)))
        case .startExport, .listMarks:
            return .then(.browser(action))
        default:
            return .ignored
        }
        return .done()
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        if case .screen(_, let loaded as EntityState) = answer, loaded.id == id, loaded.at == at { state = loaded }
        return []
    }

    var isLoading: Bool { state == nil }

    func title(_ state: BrowserState) -> StyledLine {
        let g = state.glyphs
        return StyledLine((kind == .customer ? "Customer " : "Subscription ") + g.dot + " " + g.line(label)
            + " as of " + state.clock.localText(at) + " " + state.clock.zoneName(at), Theme.title)
    }

    func status(_ browser: BrowserState) -> String {
        let fields = state.map { $0.fields.count + $0.subscriptions.reduce(0) { $0 + $1.fields.count } } ?? 0
        return state == nil ? browser.glyphs.frame("loading…")
            : fields == 0 ? "no fields" : "field \(selected + 1) of \(fields) \(browser.glyphs.dot) Enter: its history"
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        StateView.draw(state, self, in: area, into: &grid)
    }
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
        // When and by whom each value was set: in full from 100 columns; below, `set Jun  2 11:03 finance`
        // while the value keeps 16 columns. Dates say their year on every row when one is not of this year.
        let all = (screen.state?.fields ?? []) + (screen.state?.subscriptions.flatMap(\.fields) ?? [])
        let time = TimeColumn(clock: state.clock, wide: false, times: all.map { Self.time(of: $0.origin) })
        let compact = area.width < 100
        let compactWidth = 4 + time.width + 1 + 12
        let originWidth = !compact ? 44 + time.extraForYear
            : area.width - nameWidth - compactWidth - 5 >= 16 ? compactWidth : 0
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
                if more == nil, originWidth > 0 {
                    let origin = TextWidth.truncate(g.line(Self.origin(field, time: time, compact: compact, g)),
                                                    to: originWidth, ellipsis: g.ellipsis)
                    grid.put("  " + origin, x: x, y: y, style: isSelected ? style : Theme.dim, limit: max(0, area.width - x))
                }
            }
        }
    }

    static func time(of origin: FieldState.Origin) -> Timestamp {
        switch origin {
        case .set(_, let time, _, _), .before(_, let time): time
        }
    }

    /// `set Jun  2 11:03 by finance@acme.example`; compact, `set Jun  2 11:03 finance`.
    static func origin(_ field: FieldState, time: TimeColumn, compact: Bool, _ g: Glyphs) -> String {
        switch field.origin {
        case .set(_, let at, let admin, let name):
            guard compact else { return "set \(time.text(at)) by \(name ?? admin ?? "no billing admin")" }
            var who = name ?? admin ?? g.dash
            if let sign = who.firstIndex(of: "@"), sign != who.startIndex { who = String(who[..<sign]) }
            return "set \(time.text(at)) \(who)"
        case .before(_, let at):
            return (compact ? "before change of " : "as before the change of ") + time.text(at)
        }
    }
}
