import AuditStore

/// What `reduce` asks the outside world to do; the answers come back as actions.
public enum Effect: Sendable, Equatable {
    case loadRecords(LoadTicket, RecordQuery, limit: Int)
    case loadEntities(LoadTicket, EntityKind, filter: String, after: Entity?, limit: Int)
    case countEntities(LoadTicket, EntityKind, filter: String)
    /// Slow on a large view: run off the key path.
    case count(LoadTicket, RecordQuery)
    case loadRequest(String)
    case loadState(Tab, EntityKind, String, at: Timestamp)
    /// The view's oldest and newest times (a histogram's buckets follow from them).
    case loadHistogramRange(Tab, RecordQuery)
    /// Buckets counted off the key path, in this order; with `warnings`, their warnings too.
    case countBuckets(Tab, RecordQuery, [BucketSpan], warnings: Bool)
    /// The records of a view (or the marks) to a file, off the key path.
    case exportView(ExportJob)
    /// Follow mode: how many records of the view are newer than the key.
    case checkNew(Tab, RecordQuery, newerThan: PageKey?)
}

extension Action {
    var isAnswer: Bool {
        switch self {
        case .recordsLoaded, .entitiesLoaded, .countLoaded, .newRecords, .failed, .requestLoaded, .tick, .resize,
             .namesUnmatched, .entityCountLoaded, .storeChanged, .activity, .textBacklog, .stateLoaded,
             .histogramRange, .bucketsCounted, .exportProgress, .exportDone, .exportFailed, .exportNeedsConfirmation:
            return true
        default: return false
        }
    }
}

/// The one place state changes, and the parent of the screens: it handles what belongs to the whole
/// browser (keys, tabs, the history, help, answers by their ticket) and routes the rest to the focused
/// screen's own update (`LogScreen`, `PickerScreen`), as tig's per-view operations and Bubble Tea's
/// parent-routes-to-child do. No I/O: loads are returned as effects.
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    if case .key(let key) = action {
        let effects = press(&state, key)
        // A key that shows a tab whose total the store changed meanwhile (a switch, a pivot, back) counts it.
        return effects + (state.staleCounts.remove(state.tab) != nil ? recount(state, tabs: [state.tab]) : [])
    }
    if !action.isAnswer { state.notice = nil }
    if state.prompt != nil, !action.isAnswer {
        switch action {
        case .promptInput, .applyPrompt, .resize, .quit: break
        default: return [] // the prompt has the keyboard
        }
    }
    if state.showHelp, !action.isAnswer, let effects = HelpScreen.update(&state, action) { return effects }
    if state.current.stateScreen != nil, !action.isAnswer, let effects = stateScreenUpdate(&state, action) { return effects }
    if state.current.histogram != nil, !action.isAnswer, let effects = HistogramScreen.update(&state, action) { return effects }
    switch action {
    case .key: return []
    case .move(let n):
        return onScreen(&state, log: { LogScreen.move(&$0, by: n, $1) }, picker: { PickerScreen.move(&$0, by: n, $1) })
    case .page(let n), .halfPage(let n):
        let lines = n * max(1, isHalf(action) ? state.bodyHeight / 2 : state.bodyHeight - 1)
        return onScreen(&state, log: { LogScreen.scroll(&$0, lines: lines, $1) },
                        picker: { PickerScreen.move(&$0, by: lines, $1) })
    case .top:
        return onScreen(&state, log: { LogScreen.top(&$0, $1) }, picker: { PickerScreen.jump(&$0, toEnd: false, $1) })
    case .bottom:
        return onScreen(&state, log: { LogScreen.bottom(&$0, $1) }, picker: { PickerScreen.jump(&$0, toEnd: true, $1) })
    case .click(_, let y):
        guard state.layout.body.contains(row: y) else { return [] }
        let line = y - state.layout.body.y
        return onScreen(&state, log: { LogScreen.click(&$0, line: line, $1) },
                        picker: { picker, _ in PickerScreen.click(&picker, line: line) })
    case .switchTab(let tab): return switchTab(&state, to: tab)
    case .nextTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 1) % 4)!)
    case .previousTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 3) % 4)!)
    case .open, .toggleExpand:
        if case .picker(let picker) = state.current.content {
            return picker.entities.indices.contains(picker.selected) ? open(&state, picker.entities[picker.selected]) : []
        }
        return onScreen(&state, log: { LogScreen.toggleExpand(&$0, $1) }, picker: { _, _ in [] })
    case .toggleRaw:
        state.current.updateLog { log in if log.selectedRecord?.change != nil { log.raw.toggle() } }
        return []
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
    case .stateThen: return openStateThen(&state)
    case .histogram: return HistogramScreen.open(&state)
    case .toggleMark: return Marks.toggle(&state)
    case .nextMark: return Marks.go(&state, down: true)
    case .previousMark: return Marks.go(&state, down: false)
    case .listMarks: return Marks.list(&state)
    case .startExport: return ExportPrompt.open(&state)
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
        return onScreen(&state, log: { LogScreen.keepSelectionVisible(&$0, $1); return [] },
                        picker: { PickerScreen.keepVisible(&$0, $1); return [] }) + HistogramScreen.resized(&state)
    case .tick(let now):
        state.now = now
        return PromptEditing.applyIfPaused(&state)
    default:
        return answer(&state, action)
    }
}

private func isHalf(_ action: Action) -> Bool {
    if case .halfPage = action { return true }
    return false
}

/// A key, read the one way: the open prompt takes it; else the keymap says what it means.
private func press(_ state: inout BrowserState, _ key: Key) -> [Effect] {
    if state.prompt != nil { return reduce(&state, .promptInput(key)) }
    switch key {
    case .resize: return []
    case .wheelUp: return reduce(&state, .move(-3))
    case .wheelDown: return reduce(&state, .move(3))
    case .click(let x, let y): return reduce(&state, .click(x: x, y: y))
    default: return Keymap.action(for: key).map { reduce(&state, $0) } ?? []
    }
}

/// Runs the focused screen's update on the current tab's content.
func onScreen(_ state: inout BrowserState, log: (inout LogView, ScreenContext) -> [Effect],
              picker: (inout Picker, ScreenContext) -> [Effect]) -> [Effect] {
    let context = state.context
    switch state.current.content {
    case .log(var view, let back):
        let effects = log(&view, context)
        state.current.content = .log(view, returnTo: back)
        return effects
    case .picker(var list):
        let effects = picker(&list, context)
        state.current.content = .picker(list)
        return effects
    }
}

// MARK: Answers

/// Store answers go to the tab their ticket names, shown or not; stale ones are dropped there.
private func answer(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    switch action {
    case .recordsLoaded(let ticket, let records):
        let context = state.context(for: ticket.tab)
        let focused = ticket.tab == state.tab
        return state.tabs[ticket.tab.rawValue].updateLog {
            LogScreen.loaded(&$0, ticket, records, context, focused: focused)
        } ?? []
    case .entitiesLoaded(let ticket, let entities, let append):
        let context = state.context(for: ticket.tab)
        state.tabs[ticket.tab.rawValue].updatePicker { PickerScreen.loaded(&$0, ticket, entities, append: append, context) }
        return []
    case .countLoaded(let ticket, let count):
        state.tabs[ticket.tab.rawValue].updateLog { LogScreen.counted(&$0, ticket, count) }
        return []
    case .entityCountLoaded(let ticket, let count):
        state.tabs[ticket.tab.rawValue].updatePicker { PickerScreen.counted(&$0, ticket, count) }
        return []
    case .namesUnmatched(let ticket, let problems):
        state.tabs[ticket.tab.rawValue].updateLog { log in
            if log.generation == ticket.generation { log.unmatchedNames = problems }
        }
        return []
    case .requestLoaded(let uid, let records):
        state.requests[uid] = records
        return []
    case .stateLoaded(let tab, let loaded):
        if var screen = state.tabs[tab.rawValue].stateScreen, screen.id == loaded.id, screen.at == loaded.at {
            screen.state = loaded
            state.tabs[tab.rawValue].stateScreen = screen
        }
        return []
    case .histogramRange, .bucketsCounted:
        return HistogramScreen.answer(&state, action)
    case .exportProgress, .exportDone, .exportFailed, .exportNeedsConfirmation:
        return ExportPrompt.answer(&state, action)
    case .newRecords(let tab, let count):
        state.tabs[tab.rawValue].updateLog { $0.newRecords = count }
        return []
    case .storeChanged:
        // The tab on screen is counted again now; the others when they are next shown (twenty browsers
        // recounting four tabs every second while an import runs kept both cores busy).
        state.staleCounts = Set(Tab.allCases).subtracting([state.tab])
        return recount(state, tabs: [state.tab]) + followCheck(state)
    case .activity(let text):
        state.activity = text
        return []
    case .textBacklog(let backlog):
        state.textBacklog = backlog
        return []
    case .failed(let message):
        state.notice = message
        for index in state.tabs.indices {
            state.tabs[index].updateLog { $0.loading = false }
            state.tabs[index].updatePicker { $0.loading = false }
        }
        return []
    default:
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
    switch state.current.content {
    case .log(let log, _) where log.loading && log.records.isEmpty:
        return onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
    case .picker(let picker) where picker.loading && picker.entities.isEmpty:
        return onScreen(&state, log: { _, _ in [] }, picker: { PickerScreen.reload(&$0, $1) })
    default:
        return []
    }
}

/// The picked entity's log, labelled as a person reads it.
private func open(_ state: inout BrowserState, _ entity: Entity) -> [Effect] {
    var label = entity.label
    if entity.kind == .customer, let email = entity.email, let name = entity.name { label = "\(email) (\(name))" }
    if entity.kind == .subscription, let plan = entity.plan { label = "\(plan) \(state.glyphs.dot) \(entity.id)" }
    return openLog(&state, kind: entity.kind, id: entity.id, label: label)
}

/// Shows an entity's log in its tab, remembering where the user was.
func openLog(_ state: inout BrowserState, kind: EntityKind, id: String, label: String?) -> [Effect] {
    remember(&state)
    let tab = Tab(kind: kind)
    state.tab = tab
    let picker: Picker? = switch state.current.content {
    case .picker(let picker): picker
    case .log(_, let back): back
    }
    state.current.content = .log(LogView(scope: scope(kind, id), title: title(kind, label: label ?? id, state.glyphs)),
                                 returnTo: picker)
    return onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
}

/// The place the user is at goes on the history (Back returns to it exactly).
func remember(_ state: inout BrowserState) {
    state.history.append(Place(tab: state.tab, tabs: state.tabs))
    if state.history.count > 100 { state.history.removeFirst() }
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

/// An open expansion of the selected record (Back closes it first).
private func selectedIsExpanded(_ state: BrowserState) -> Bool {
    guard let log = state.current.log, let record = log.selectedRecord else { return false }
    return log.expanded.contains(record.id)
}

private func canGoBack(_ state: BrowserState) -> Bool {
    if selectedIsExpanded(state) || !state.history.isEmpty { return true }
    if case .log(_, let back?) = state.current.content { return back.kind == state.tab.entityKind }
    return false
}

private func back(_ state: inout BrowserState) -> [Effect] {
    // An open expansion closes first; only then does Back leave the log.
    if selectedIsExpanded(state) {
        return onScreen(&state, log: { LogScreen.toggleExpand(&$0, $1) }, picker: { _, _ in [] })
    }
    if let place = state.history.popLast() {
        state.tab = place.tab
        state.tabs = place.tabs
        return startIfNeeded(&state)
    }
    if case .log(_, let back?) = state.current.content {
        state.current.content = .picker(back)
        return startIfNeeded(&state)
    }
    return []
}

private func pivot(_ state: inout BrowserState, to kind: EntityKind) -> [Effect] {
    guard let record = state.current.log?.selectedRecord else { return [] }
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
    guard let record = state.current.log?.selectedRecord else { return [] }
    guard let uid = record.requestUID else {
        state.notice = "This record names no request"
        return []
    }
    remember(&state)
    state.tab = .overall
    state.current.content = .log(LogView(scope: RecordQuery(request: uid),
                                         title: "Request " + state.glyphs.dot + " " + state.glyphs.line(uid)),
                                 returnTo: nil)
    return onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
}

/// Every open view's total asked again (an import may have added records anywhere, older ones too).
func recount(_ state: BrowserState, tabs: [Tab] = Tab.allCases) -> [Effect] {
    var effects: [Effect] = []
    for tab in tabs {
        switch state.tabs[tab.rawValue].content {
        case .log(let log, _) where !log.loading || !log.records.isEmpty:
            effects.append(.count(LoadTicket(tab: tab, generation: log.generation, position: .newest), log.query))
        case .picker(let picker) where !picker.loading:
            effects.append(.countEntities(LoadTicket(tab: tab, generation: picker.generation, position: .newest),
                                          picker.kind, filter: picker.filterText))
        default:
            break
        }
    }
    return effects
}

func followCheck(_ state: BrowserState) -> [Effect] {
    guard state.follow, let log = state.current.log else { return [] }
    return [.checkNew(state.tab, log.query, newerThan: log.reachedNewest ? log.records.first?.key : nil)]
}

/// The help screen's keys: scrolling and closing; others do nothing while it is open. nil: not its key.
enum HelpScreen {
    static func update(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
        switch action {
        case .move(let n): state.helpTop = max(0, state.helpTop + n)
        case .page(let n), .halfPage(let n): state.helpTop = max(0, state.helpTop + n * state.bodyHeight / 2)
        case .top: state.helpTop = 0
        case .toggleHelp, .back, .quitOrBack: state.showHelp = false
        case .quit, .resize: return nil
        default: break
        }
        return []
    }
}
