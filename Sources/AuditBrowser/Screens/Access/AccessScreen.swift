import AuditStore

/// Who looked at this customer (`A`, reviewers only): the shared server's access records of the log's entity
/// (else of the selected record's customer), newest first, a look a line — when, who, what (the action, the
/// filters as typed, the records written, the record, the file, the reason). Asked once on the key path (a
/// customer's looks are an index range). Back returns.
public struct AccessScreen: Sendable {
    public var scope: AccessScope
    public var label: String
    /// The looks (nil while they load), a line each.
    var looks = LoadedList<AccessRecord>()

    /// How many looks it reads: the newest.
    static let limit = 5_000
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
        looks.update(action, height: context.bodyHeight) ? .done() : .ignored
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        looks.answer(answer)
        return []
    }

    var isLoading: Bool { looks.isLoading }

    func title(_ state: BrowserState) -> StyledLine {
        StyledLine("Who looked " + state.glyphs.dot + " " + label + ", newest first", Theme.title)
    }

    func status(_ state: BrowserState) -> String {
        looks.status(state, empty: "No recorded looks (they are recorded on the shared server)", noun: "look")
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        looks.draw(in: area, into: &grid, state, empty: "No recorded looks: the shared server records who looked",
                   unselected: Style()) { look, y, style, grid in
            grid.put(" " + TextWidth.truncate(Self.line(look, state), to: area.width - 2, ellipsis: state.glyphs.ellipsis),
                     x: 0, y: y, style: style)
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
