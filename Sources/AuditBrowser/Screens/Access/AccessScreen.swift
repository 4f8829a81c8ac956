import AuditStore

/// Who looked at this customer (`A`, reviewers only): the shared server's access records of the log's entity
/// (else of the selected record's customer), newest first, a look a line — when, who, what (the action, the
/// filters as typed, the records written, the record, the file, the reason). Asked once on the key path (a
/// customer's looks are an index range). Back returns.
public struct AccessScreen: Sendable {
    public var scope: AccessScope
    public var label: String
    /// nil while they load.
    public var looks: [AccessRecord]?
    public var selected = 0
    public var top = 0

    /// How many looks it reads: the newest.
    static let limit = 5_000

    mutating func move(by n: Int, height: Int) {
        guard let looks, !looks.isEmpty else { return }
        selected = max(0, min(looks.count - 1, selected + n))
        let shown = max(1, height)
        if selected < top { top = selected }
        if selected >= top + shown { top = selected - shown + 1 }
    }
}

extension AccessScreen: Screen {
    /// Opens over a log (`A`, listed with the record's keys).
    static var opener: Opener? {
        Opener(AccessScreen.self, over: Keymap.record, keys: [.character("A")],
               help: "who looked at this customer (reviewers): views, expansions, exports, reveals", make: open)
    }

    static let keys = KeyContext([], borrowing: Keymap.moving)

    static func open(_ state: BrowserState) -> Opening {
        guard state.role == .reviewer else { return .refused(notice: "Who looked is for reviewers") }
        guard let log = state.current.log else { return .refused(notice: nil) }
        let scope: AccessScope, label: String
        if let id = log.scope.customer ?? log.scope.subscription ?? log.scope.admin {
            scope = log.scope.customer.map { .customer($0) } ?? log.scope.subscription.map { .subscription($0) } ?? .admin(id)
            label = log.title
        } else if let record = log.selectedRecord, let customer = record.ownerCustomerID ?? record.customerID {
            scope = .customer(customer)
            label = "Customer " + state.glyphs.dot + " " + state.glyphs.line(record.customerLabel ?? customer)
        } else {
            return .refused(notice: "This record names no customer: A lists who looked at a customer")
        }
        return .open(AccessScreen(scope: scope, label: label),
                     [.ask(Question(tab: state.tab, lane: .keyPath, asks: "looks at \(scope)") { source, _ in
                         try source.accessRecords(AccessFilter(scope: scope, limit: limit))
                     })])
    }

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        let height = context.bodyHeight
        switch action {
        case .move(let n): move(by: n, height: height)
        case .page(let n), .halfPage(let n): move(by: n * max(1, height - 1), height: height)
        case .top: move(by: -selected, height: height)
        case .bottom: move(by: Int.max / 2, height: height)
        default: return .ignored
        }
        return .done()
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        if case .screen(_, let loaded as [AccessRecord]) = answer, looks == nil { looks = loaded }
        return []
    }

    var isLoading: Bool { looks == nil }

    func title(_ state: BrowserState) -> StyledLine {
        StyledLine("Who looked " + state.glyphs.dot + " " + label + ", newest first", Theme.title)
    }

    func status(_ state: BrowserState) -> String {
        guard let looks else { return state.glyphs.frame("loading…") }
        return looks.isEmpty ? "No recorded looks (they are recorded on the shared server)" : "look \(selected + 1) of \(looks.count)"
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        let g = state.glyphs
        guard let looks else {
            grid.put(g.frame("loading…"), x: 1, y: area.y, style: Theme.dim)
            return
        }
        if looks.isEmpty {
            grid.put("No recorded looks: the shared server records who looked", x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        for (offset, index) in (top..<min(looks.count, top + max(1, area.height))).enumerated() {
            let y = area.y + offset
            let style: Style = index == selected ? Theme.selected : Theme.dim
            if index == selected { grid.fill(x: 0, y: y, width: area.width, style: style) }
            grid.put(" " + TextWidth.truncate(Self.line(looks[index], state), to: area.width - 2, ellipsis: g.ellipsis),
                     x: 0, y: y, style: index == selected ? style : Style())
        }
    }

    /// `Jun 30 10:12  ana  view  level:warning  12 records  → /home/ana/x.csv`: everything from the look sanitised.
    static func line(_ look: AccessRecord, _ state: BrowserState) -> String {
        let g = state.glyphs, event = look.event
        var parts = [state.clock.localText(event.time), g.line(look.user), event.action.rawValue]
        if !event.filters.isEmpty { parts.append(g.line(event.filters)) }
        if let count = event.count { parts.append("\(NumberText.grouped(count)) record\(count == 1 ? "" : "s")") }
        if let record = event.record { parts.append(g.line(record)) }
        if let file = event.file { parts.append(g.arrow + " " + g.line(file)) }
        if let reason = event.reason { parts.append("reason: " + g.line(reason)) }
        return parts.joined(separator: "  ")
    }
}
