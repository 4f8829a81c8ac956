import AuditStore

/// Who looked (the shared server): every look the browser makes becomes an access record, written before the
/// look is shown. `reduce` finds the looks an action makes — from what it asks the store and how the screen
/// changed — and puts `Effect.recordAccess` FIRST among its effects; the session writes each through its
/// recorder before running anything else, and when one cannot be written it undoes the whole action (the state
/// as it was before it) and reduces `Answer.accessRefused`, which says why on the status line. So the look
/// does not happen. `BrowserState.access` is nil outside the shared set-up: nothing is found, nothing changes.
///
/// The looks: a log's first page for a query not recorded last on its tab (a tab opened, an entity's log, a
/// filter or search applied, a request or the marks listed; not a scroll, a read-ahead page, a count, a jump
/// or a redraw; the same log opened again from its picker is); a record expanded (`Enter`, or `Y` copying its expansion); "state then" opened; the notes
/// list; the review; an export started. The picker and the histogram show no record and are not recorded.
public struct AccessLooks: Sendable, Equatable {
    /// The query last recorded for each tab.
    var lastView: [Tab: RecordQuery] = [:]

    public init() {}

    /// The looks an action made, as effects to run before its own (and the views now recorded).
    static func found(before: BrowserState, after state: inout BrowserState, effects: [Effect]) -> [Effect] {
        guard var looks = state.access else { return [] }
        var events: [AccessEvent] = []
        let now = state.now
        for effect in effects {
            switch effect {
            case .loadRecords(let ticket, let query, _) where !ticket.isReadAhead:
                guard looks.lastView[ticket.tab] != query else { continue }
                looks.lastView[ticket.tab] = query
                let log = state.tabs[ticket.tab.rawValue].log
                events.append(view(.view, query: query, typed: log.map { $0.query == query ? $0.filterText : "" } ?? "",
                                   scopeOf: log?.scope ?? query, state.clock))
            case .exportView(let job):
                var event = view(.export, query: job.query, typed: "", scopeOf: job.query, state.clock)
                if let log = state.current.log, log.query == job.query {
                    event = view(.export, query: job.query, typed: log.filterText, scopeOf: log.scope, state.clock)
                    event.count = log.total
                } else if let ids = job.query.ids {
                    event.count = ids.count
                }
                event.file = job.path
                events.append(event)
            default:
                continue
            }
        }
        // A tab back at its picker has closed its log: opening the same log again is a look again.
        for tab in Tab.allCases where state.tabs[tab.rawValue].log == nil { looks.lastView[tab] = nil }
        state.access = looks
        events += screenLooks(before: before, after: state)
        return events.map { event in
            var event = event
            event.time = now
            return .recordAccess(event)
        }
    }

    /// Looks the screen shows without asking for records: an expansion, "state then", the notes, the review.
    private static func screenLooks(before: BrowserState, after state: BrowserState) -> [AccessEvent] {
        guard before.tab == state.tab else { return [] }
        let old = before.current, new = state.current
        if new.screens.count == old.screens.count + 1, let log = new.log {
            let top = new.top
            if let screen = top as? StateScreen {
                let scope: AccessScope = screen.kind == .customer ? .customer(screen.id) : .subscription(screen.id)
                return [AccessEvent(action: .state, scope: scope, record: log.selectedRecord?.ref.text)]
            }
            if top is NotesScreen { return [view(.notes, query: log.query, typed: log.filterText, scopeOf: log.scope, state.clock)] }
            if top is ReviewScreen { return [view(.review, query: log.query, typed: log.filterText, scopeOf: log.scope, state.clock)] }
        }
        guard let was = old.top as? LogView, let log = new.top as? LogView, was.query == log.query else { return [] }
        return log.records.filter { log.expanded.contains($0.id) && !was.expanded.contains($0.id) }.map(expansion)
    }

    /// A record's expansion: about its customer (else its subscription, its admin).
    static func expansion(_ record: AuditRecord) -> AccessEvent {
        AccessEvent(action: .expand, scope: scope(of: record), record: record.ref.text)
    }

    public static func scope(of record: AuditRecord) -> AccessScope {
        if let customer = record.ownerCustomerID ?? record.customerID { return .customer(customer) }
        if let subscription = record.subscriptionID { return .subscription(subscription) }
        if let admin = record.adminID { return .admin(admin) }
        return .overall
    }

    /// A look at a view: its scope (the entity its log is of, else the one its filter names), the filter as
    /// typed (with what the view holds beyond its entity, such as a request or marked ids) and its words.
    static func view(_ action: AccessAction, query: RecordQuery, typed: String, scopeOf scope: RecordQuery, _ clock: Clock) -> AccessEvent {
        let entity: AccessScope = query.customer.map { .customer($0) } ?? query.subscription.map { .subscription($0) }
            ?? query.admin.map { .admin($0) } ?? .overall
        var beyond = scope
        (beyond.customer, beyond.subscription, beyond.admin) = (nil, nil, nil)
        let filters = [QueryText.format(beyond, clock: clock), typed].filter { !$0.isEmpty }.joined(separator: " ")
        return AccessEvent(action: action, scope: entity, filters: filters, words: query.words)
    }
}

extension BrowserState {
    /// Said when a look could not be recorded (the action was undone).
    static func refusedLook(_ reason: String) -> String {
        "Not shown: this look could not be recorded (\(reason))"
    }
}
