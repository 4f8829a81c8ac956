import AuditStore

/// What `reduce` asks the outside world to do; the answers come back as actions.
public enum Effect: Sendable, Equatable {
    case loadRecords(LoadTicket, RecordQuery, limit: Int)
    case loadEntities(LoadTicket, EntityKind, filter: String, after: Entity?, limit: Int)
    case countEntities(LoadTicket, EntityKind, filter: String)
    /// Slow on a large view: run off the key path.
    case count(LoadTicket, RecordQuery)
    case loadRequest(String)
    /// Follow mode: how many records of the view are newer than the key.
    case checkNew(Tab, RecordQuery, newerThan: PageKey?)
}

extension Action {
    var isAnswer: Bool {
        switch self {
        case .recordsLoaded, .entitiesLoaded, .countLoaded, .newRecords, .failed, .requestLoaded, .tick, .resize,
             .namesUnmatched, .entityCountLoaded, .storeChanged:
            return true
        default: return false
        }
    }
}

/// The one place state changes. No I/O: loads are returned as effects.
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    if !action.isAnswer { state.notice = nil }
    if state.prompt != nil, !action.isAnswer {
        switch action {
        case .promptInput, .applyPrompt, .resize, .quit: break
        default: return [] // the prompt has the keyboard
        }
    }
    if state.showHelp {
        switch action {
        case .move(let n): state.helpTop = max(0, state.helpTop + n); return []
        case .page(let n), .halfPage(let n): state.helpTop = max(0, state.helpTop + n * state.bodyHeight / 2); return []
        case .top: state.helpTop = 0; return []
        case .toggleHelp, .back, .quitOrBack: state.showHelp = false; return []
        case .quit, .resize: break
        default: if !action.isAnswer { return [] }
        }
    }
    switch action {
    case .move(let n): return LogNavigation.move(&state, by: n)
    case .page(let n): return LogNavigation.scroll(&state, lines: n * max(1, state.bodyHeight - 1))
    case .halfPage(let n): return LogNavigation.scroll(&state, lines: n * max(1, state.bodyHeight / 2))
    case .top: return LogNavigation.top(&state)
    case .bottom: return LogNavigation.bottom(&state)
    case .switchTab(let tab): return switchTab(&state, to: tab)
    case .nextTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 1) % 4)!)
    case .previousTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 3) % 4)!)
    case .open: return open(&state)
    case .toggleExpand: return LogNavigation.toggleExpand(&state)
    case .back: return back(&state)
    case .quitOrBack:
        if canGoBack(state) { return back(&state) }
        state.quit = true
        return []
    case .quit:
        state.quit = true
        return []
    case .pivot(let kind): return pivot(&state, to: kind)
    case .openRequest: return openRequest(&state)
    case .toggleRaw:
        guard state.current.showingLog, state.current.log?.selectedRecord?.change != nil else { return [] }
        state.current.log?.raw.toggle()
        return []
    case .startFilter, .startDateFilter, .promptInput, .applyPrompt, .clearFilters:
        return PromptEditing.reduce(&state, action)
    case .toggleFollow:
        state.follow.toggle()
        state.notice = state.follow ? "Following new records" : "Stopped following"
        return state.follow ? followCheck(state) : []
    case .toggleHelp:
        state.showHelp.toggle()
        state.helpTop = 0
        return []
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return LogNavigation.keepSelectionVisible(&state)
    case .click(_, let y): return LogNavigation.click(&state, row: y)
    case .tick(let now):
        state.now = now
        return PromptEditing.applyIfPaused(&state)
    case .recordsLoaded(let ticket, let records): return LogNavigation.loaded(&state, ticket, records)
    case .entitiesLoaded(let ticket, let entities, let append): return PickerNavigation.loaded(&state, ticket, entities, append: append)
    case .countLoaded(let ticket, let count):
        let index = ticket.tab.rawValue
        if ticket.position == .newest, var log = state.tabs[index].log, log.generation == ticket.generation {
            log.total = count
            if log.windowStart == nil, log.reachedOldest { log.windowStart = count - log.records.count }
            state.tabs[index].log = log
        }
        return []
    case .requestLoaded(let uid, let records):
        state.requests[uid] = records
        return []
    case .newRecords(let tab, let count):
        state.tabs[tab.rawValue].log?.newRecords = count
        return []
    case .storeChanged:
        return recount(state) + followCheck(state)
    case .entityCountLoaded(let ticket, let count):
        if state.tabs[ticket.tab.rawValue].picker?.generation == ticket.generation {
            state.tabs[ticket.tab.rawValue].picker?.total = count
        }
        return []
    case .namesUnmatched(let ticket, let problems):
        if state.tabs[ticket.tab.rawValue].log?.generation == ticket.generation {
            state.tabs[ticket.tab.rawValue].log?.unmatchedNames = problems
        }
        return []
    case .failed(let message):
        state.notice = message
        for index in state.tabs.indices {
            state.tabs[index].log?.loading = false
            state.tabs[index].picker?.loading = false
        }
        return []
    }
}

// MARK: Tabs, places and pivots

private func switchTab(_ state: inout BrowserState, to tab: Tab) -> [Effect] {
    state.tab = tab
    return startIfNeeded(&state)
}

/// A tab shown for the first time asks for its first page.
func startIfNeeded(_ state: inout BrowserState) -> [Effect] {
    if state.current.showingLog, let log = state.current.log, log.loading, log.records.isEmpty {
        return LogNavigation.reload(&state)
    }
    if !state.current.showingLog, let picker = state.current.picker, picker.loading, picker.entities.isEmpty {
        return PickerNavigation.reload(&state)
    }
    return []
}

private func open(_ state: inout BrowserState) -> [Effect] {
    if state.current.showingLog { return LogNavigation.toggleExpand(&state) }
    guard let picker = state.current.picker, picker.entities.indices.contains(picker.selected) else { return [] }
    let entity = picker.entities[picker.selected]
    var label = entity.label
    if entity.kind == .customer, let email = entity.email, let name = entity.name { label = "\(email) (\(name))" }
    if entity.kind == .subscription, let plan = entity.email { label = "\(plan) \(state.glyphs.dot) \(entity.id)" }
    return openLog(&state, kind: entity.kind, id: entity.id, label: label)
}

/// Shows an entity's log in its tab, remembering where the user was.
func openLog(_ state: inout BrowserState, kind: EntityKind, id: String, label: String?) -> [Effect] {
    state.history.append(Place(tab: state.tab, tabs: state.tabs))
    if state.history.count > 100 { state.history.removeFirst() }
    let tab = Tab(kind: kind)
    state.tab = tab
    state.tabs[tab.rawValue].log = LogView(scope: scope(kind, id), title: title(kind, label: label ?? id, state.glyphs))
    state.tabs[tab.rawValue].showingLog = true
    return LogNavigation.reload(&state)
}

func scope(_ kind: EntityKind, _ id: String) -> RecordQuery {
    switch kind {
    case .customer: RecordQuery(customer: id)
    case .subscription: RecordQuery(subscription: id)
    case .admin: RecordQuery(admin: id)
    }
}

func title(_ kind: EntityKind, label: String, _ glyphs: Glyphs) -> String {
    let noun = switch kind {
    case .customer: "Customer"
    case .subscription: "Subscription"
    case .admin: "Billing admin"
    }
    return noun + " " + glyphs.dot + " " + glyphs.line(label)
}

private func canGoBack(_ state: BrowserState) -> Bool {
    if state.current.showingLog, let record = state.current.log?.selectedRecord,
       state.current.log?.expanded.contains(record.id) == true { return true }
    return !state.history.isEmpty || (state.tab.entityKind != nil && state.current.showingLog)
}

private func back(_ state: inout BrowserState) -> [Effect] {
    // An open expansion closes first; only then does Back leave the log.
    if state.current.showingLog, let record = state.current.log?.selectedRecord,
       state.current.log?.expanded.contains(record.id) == true {
        return LogNavigation.toggleExpand(&state)
    }
    if let place = state.history.popLast() {
        state.tab = place.tab
        state.tabs = place.tabs
        return startIfNeeded(&state)
    }
    if state.tab.entityKind != nil, state.current.showingLog {
        state.current.showingLog = false
        return startIfNeeded(&state)
    }
    return []
}

private func pivot(_ state: inout BrowserState, to kind: EntityKind) -> [Effect] {
    guard state.current.showingLog, let record = state.current.log?.selectedRecord else { return [] }
    let target: (String, String?)?
    switch kind {
    case .customer: target = (record.ownerCustomerID ?? record.customerID).map { ($0, record.customerLabel) }
    case .subscription: target = record.subscriptionID.map { ($0, nil) }
    case .admin: target = record.adminID.map { ($0, record.adminName) }
    }
    guard let (id, label) = target else {
        state.notice = switch kind {
        case .customer: "This record names no customer"
        case .subscription: "This record names no subscription"
        case .admin: "Not done by a billing admin"
        }
        return []
    }
    return openLog(&state, kind: kind, id: id, label: label)
}

/// The selected record's request as a list in the Overall tab; Back returns to exactly where the user was.
private func openRequest(_ state: inout BrowserState) -> [Effect] {
    guard state.current.showingLog, let record = state.current.log?.selectedRecord else { return [] }
    guard let uid = record.requestUID else {
        state.notice = "This record names no request"
        return []
    }
    state.history.append(Place(tab: state.tab, tabs: state.tabs))
    if state.history.count > 100 { state.history.removeFirst() }
    state.tab = .overall
    state.current.log = LogView(scope: RecordQuery(request: uid),
                                title: "Request " + state.glyphs.dot + " " + state.glyphs.line(uid))
    state.current.showingLog = true
    return LogNavigation.reload(&state)
}

/// Every open view's total asked again (an import may have added records anywhere, older ones too).
func recount(_ state: BrowserState) -> [Effect] {
    var effects: [Effect] = []
    for tab in Tab.allCases {
        let content = state.tabs[tab.rawValue]
        if content.showingLog, let log = content.log, !log.loading || !log.records.isEmpty {
            effects.append(.count(LoadTicket(tab: tab, generation: log.generation, position: .newest), log.query))
        } else if !content.showingLog, let picker = content.picker, !picker.loading {
            effects.append(.countEntities(LoadTicket(tab: tab, generation: picker.generation, position: .newest),
                                          picker.kind, filter: picker.filterText))
        }
    }
    return effects
}

func followCheck(_ state: BrowserState) -> [Effect] {
    guard state.follow, state.current.showingLog, let log = state.current.log else { return [] }
    return [.checkNew(state.tab, log.query, newerThan: log.reachedNewest ? log.records.first?.key : nil)]
}
