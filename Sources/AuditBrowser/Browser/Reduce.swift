import AuditStore

/// What `reduce` asks the outside world to do; the answers come back as actions.
public enum Effect: Sendable, Equatable {
    case loadRecords(LoadTicket, RecordQuery, limit: Int)
    case loadEntities(LoadTicket, EntityKind, filter: String, after: Entity?, limit: Int)
    /// A picker's entries from the other end: those just before `before` (nil: the last page).
    case loadEntitiesBefore(LoadTicket, EntityKind, filter: String, before: Entity?, limit: Int)
    case countEntities(LoadTicket, EntityKind, filter: String)
    /// Slow on a large view: run off the key path.
    case count(LoadTicket, RecordQuery)
    case loadRequest(String)
    /// A screen's own question, answered to the screens of its tab (`Answer.screen`).
    case ask(Question)
    /// The records of a view (or the marks) to a file, off the key path.
    case exportView(ExportJob)
    /// A note on a record, written by the session's note writer (the only write a browser makes, and only
    /// when the user typed one).
    case writeNote(NoteJob)
    /// A record shown unmasked to an agent: the session's revealer records the look (with the reason), then
    /// reads the record unmasked; nothing is revealed when the look cannot be recorded.
    case reveal(Reveal)
    /// Follow mode: how many records of the view are newer than the key.
    case checkNew(Tab, RecordQuery, newerThan: PageKey?)
    /// These records again, for their notes (notes sent to the ingester: are they taken?).
    case loadNotes([Int64])
    /// Text for the terminal's clipboard: the terminal adapter sends it (OSC 52); nothing is read.
    case copyToClipboard(String)
    /// A look to record before it is shown (the shared server, `AccessLooks`): the session writes it through its
    /// recorder before the effects after it; when it cannot, the action is undone (`Answer.accessRefused`).
    case recordAccess(AccessEvent)
}

/// Where an effect runs (`Effect.lane`): the key path, or one of the session's background queues.
enum Lane: Sendable { case keyPath, counts, search, readAhead, histogram, export, review }

extension Effect {
    typealias Lane = AuditBrowser.Lane
}

/// A screen's own question for the store, so a screen that reads something new adds no case here: asked on its
/// lane, its answer comes back as `Answer.screen(tab, value)` to the screens of its tab.
public struct Question: Sendable, Equatable {
    let tab: Tab
    let lane: Lane
    /// What it asks, in words: two questions are the same when they ask the same thing.
    let asks: String
    /// The question, for any connection; `inBackground`: on a worker (a long job may answer in parts).
    let job: @Sendable (_ source: AuditSource, _ inBackground: Bool) throws -> any Sendable

    public static func == (a: Question, b: Question) -> Bool { a.tab == b.tab && a.asks == b.asks }
}

/// The one place state changes, and the parent of the screens. A key is read through the top screen's keymap,
/// then the browser's own (`Keymap.global`); the action goes to the top screen's update first (help over every
/// tab, else the tab's top screen), and what it does not handle to the browser's own keys: tabs, Back, help,
/// quitting. Store answers go to the screens of the tab they name. No I/O: loads are returned as effects.
/// On the shared server the looks the action made come first, as `Effect.recordAccess` (`AccessLooks`).
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    guard state.access != nil else { return step(&state, action) }
    let before = state
    let effects = step(&state, action)
    return AccessLooks.found(before: before, after: &state, effects: effects) + effects
}

private func step(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
        let effects = readKey(&state, key)
        // A key that shows a tab whose total the store changed meanwhile (a switch, a pivot, back) counts it.
        return effects + (state.staleCounts.remove(state.tab) != nil ? recount(state, tabs: [state.tab]) : [])
    case .answer(let answer):
        return take(&state, answer)
    case .tick(let now):
        state.now = now
        return PromptEditing.applyIfPaused(&state)
    case .resize(let width, let height):
        state.width = width
        state.height = height
        let context = state.context
        var effects: [Effect] = []
        for index in state.current.screens.indices { effects += state.current.screens[index].resized(context) }
        return effects
    case .promptInput, .applyPrompt:
        state.notice = nil
        return PromptEditing.reduce(&state, action)
    default:
        state.notice = nil
        if !QuitKey.quits(action) { state.quitAsked = false }
        // The prompt has the keyboard.
        if state.prompt != nil, !isQuit(action) { return [] }
        return route(&state, action)
    }
}

private func isQuit(_ action: Action) -> Bool {
    if case .quit = action { return true }
    return false
}

/// A key, read the one way: the open prompt takes it; else the top screen's keymap, then the browser's own.
private func readKey(_ state: inout BrowserState, _ key: Key) -> [Effect] {
    if state.prompt != nil { return step(&state, .promptInput(key)) }
    switch key {
    case .resize: return []
    case .wheelUp: return step(&state, .move(-3))
    case .wheelDown: return step(&state, .move(3))
    case .click(let x, let y): return step(&state, .click(x: x, y: y))
    default:
        let keys = state.help != nil ? HelpScreen.keys : type(of: state.current.top).keys
        guard let action = keys.action(for: key) ?? Keymap.global.action(for: key) else { return [] }
        return step(&state, action)
    }
}

/// The top screen's update, then what it asks of the browser; what it does not handle goes to the browser's
/// own keys, never to the screen beneath.
func route(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    var context = state.context
    let reply: Reply
    if var help = state.help {
        reply = help.update(action, &context)
        state.help = help
    } else {
        let index = state.current.screens.count - 1
        var screen = state.current.screens[index]
        reply = screen.update(action, &context)
        state.current.screens[index] = screen
    }
    state.marks = context.marks
    state.notice = context.notice
    state.reviewSummary = context.reviewSummary
    switch reply {
    case .ignored: return browserKeys(&state, action)
    case .handled(let effects, let requests): return effects + perform(&state, requests)
    }
}

/// The browser's own keys: tabs, Back, help, quitting; and the screens registered to open over the top one.
private func browserKeys(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    switch action {
    case .switchTab(let tab): return switchTab(&state, to: tab)
    case .nextTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 1) % 4)!)
    case .previousTab: return switchTab(&state, to: Tab(rawValue: (state.tab.rawValue + 3) % 4)!)
    case .back: return back(&state)
    case .quitOrBack:
        // tig's: `q` closes the view — back to the place before — and quits at the first place.
        if !state.history.isEmpty { return back(&state) }
        return QuitKey.quit(&state)
    case .quit:
        return QuitKey.quit(&state)
    case .toggleHelp:
        state.help = HelpScreen()
        return []
    case .openScreen(let name):
        return openScreen(&state, name)
    default:
        return []
    }
}

/// A registered screen over the top one, when the top screen's keymap lists its key.
private func openScreen(_ state: inout BrowserState, _ name: String) -> [Effect] {
    guard let opener = Screens.named(name)?.opener,
          type(of: state.current.top).keys.sections.contains(where: { $0.title == opener.section })
    else { return [] }
    switch opener.make(state) {
    case .refused(let notice):
        state.notice = notice
        return []
    case .open(let screen, let effects):
        remember(&state)
        state.current.screens.append(screen)
        return effects
    }
}

/// What a screen asked of the browser, in order.
private func perform(_ state: inout BrowserState, _ requests: [Request]) -> [Effect] {
    var effects: [Effect] = []
    for request in requests {
        switch request {
        case .remember:
            remember(&state)
        case .push(let screen):
            state.current.screens.append(screen)
        case .close:
            if state.help != nil {
                state.help = nil
            } else if state.current.screens.count > 1 {
                state.current.screens.removeLast()
            }
        case .openLog(let kind, let id, let label, let filter):
            effects += openLog(&state, kind: kind, id: id, label: label, filter: filter)
        case .showInOverall(let log):
            remember(&state)
            state.tab = .overall
            state.current.screens = [log]
            effects += onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
        case .send(let action):
            effects += route(&state, action)
        case .browser(let action):
            effects += browserFeature(&state, action)
        case .copy(let text, let ref, let what, let expansionOf):
            if state.access != nil, let record = expansionOf {
                var look = AccessLooks.expansion(record)
                look.time = state.now
                effects.insert(.recordAccess(look), at: 0)
            }
            effects += Clipboard.perform(&state, text: text, ref: ref, what: what)
        }
    }
    return effects
}

/// The browser's features a screen's key asks for: the filter prompt, export, follow, the marks list.
private func browserFeature(_ state: inout BrowserState, _ action: Action) -> [Effect] {
    switch action {
    case .startFilter, .startDateFilter, .clearFilters: return PromptEditing.reduce(&state, action)
    case .startExport: return ExportPrompt.open(&state)
    case .startNote: return NotePrompt.open(&state)
    case .startReveal: return RevealPrompt.open(&state)
    case .listMarks: return Marks.list(&state)
    case .toggleFollow:
        state.follow.toggle()
        state.notice = state.follow ? "Following new records" : "Stopped following"
        return state.follow ? followCheck(state) : []
    default: return []
    }
}

/// Runs an update on the tab's log or picker (under any screen over it).
func onScreen(_ state: inout BrowserState, log: (inout LogView, ScreenContext) -> [Effect],
              picker: (inout Picker, ScreenContext) -> [Effect]) -> [Effect] {
    let context = state.context
    if state.current.showingLog { return state.current.updateLog { log(&$0, context) } ?? [] }
    return state.current.updatePicker { picker(&$0, context) } ?? []
}

// MARK: Answers

/// Store answers go to the screens of the tab they name, shown or not; each takes its own and drops stale ones.
private func take(_ state: inout BrowserState, _ answer: Answer) -> [Effect] {
    if let tab = answer.tab {
        let context = state.context(for: tab)
        var effects: [Effect] = []
        for index in state.tabs[tab.rawValue].screens.indices {
            effects += state.tabs[tab.rawValue].screens[index].answer(answer, context)
        }
        return effects
    }
    switch answer {
    case .requestLoaded(let uid, let records):
        state.requests[uid] = records
        return []
    case .exportProgress, .exportDone, .exportFailed, .exportNeedsConfirmation:
        return ExportPrompt.answer(&state, answer)
    case .noteWritten, .noteFailed, .notesLoaded:
        return NotePrompt.answer(&state, answer)
    case .revealed, .revealFailed:
        return RevealPrompt.answer(&state, answer)
    case .accessRefused(let reason):
        state.notice = BrowserState.refusedLook(state.glyphs.line(reason))
        // A filter typed and not applied stays so (it would try again at every tick) until typed again or Enter.
        state.prompt?.editedAt = nil
        return []
    case .storeChanged:
        // The tab on screen is counted again now; the others when they are next shown (twenty browsers
        // recounting four tabs every second while an import runs kept both cores busy).
        state.staleCounts = Set(Tab.allCases).subtracting([state.tab])
        return recount(state, tabs: [state.tab]) + followCheck(state) + NotePrompt.awaited(state)
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

/// Another tab: the place left goes on the history, so `q` or Back after the switch returns to it exactly (the
/// customer's log left, not the picker it was opened from).
private func switchTab(_ state: inout BrowserState, to tab: Tab) -> [Effect] {
    guard tab != state.tab else { return startIfNeeded(&state) }
    remember(&state)
    state.tab = tab
    return startIfNeeded(&state)
}

/// A tab shown for the first time asks for its first page.
func startIfNeeded(_ state: inout BrowserState) -> [Effect] {
    if let log = state.current.log {
        guard log.loading && log.records.isEmpty else { return [] }
        return onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
    }
    guard let picker = state.current.picker, picker.loading && picker.entities.isEmpty else { return [] }
    return onScreen(&state, log: { _, _ in [] }, picker: { PickerScreen.reload(&$0, $1) })
}

/// Shows an entity's log in its tab (over the tab's picker), remembering where the user was.
func openLog(_ state: inout BrowserState, kind: EntityKind, id: String, label: String?,
             filter: (query: RecordQuery, text: String)? = nil) -> [Effect] {
    remember(&state)
    let tab = Tab(kind: kind)
    state.tab = tab
    var log = LogView(scope: scope(kind, id), title: title(kind, label: label ?? id, state.glyphs))
    if let filter {
        log.filter = filter.query
        log.filterText = filter.text
    }
    state.current.screens = state.current.screens.prefix { $0 is Picker } + [log]
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

/// Back: to the last place on the history, else from a log to the picker it was opened from.
private func back(_ state: inout BrowserState) -> [Effect] {
    if let place = state.history.popLast() {
        state.tab = place.tab
        state.tabs = place.tabs
        return startIfNeeded(&state)
    }
    if state.current.screens.count > 1 {
        state.current.screens.removeLast()
        return startIfNeeded(&state)
    }
    return []
}

/// Every open view's total asked again (an import may have added records anywhere, older ones too).
func recount(_ state: BrowserState, tabs: [Tab] = Tab.allCases) -> [Effect] {
    var effects: [Effect] = []
    for tab in tabs {
        if let log = state.tabs[tab.rawValue].log {
            guard !log.loading || !log.records.isEmpty else { continue }
            effects.append(.count(LoadTicket(tab: tab, generation: log.generation, position: .newest), log.query))
        } else if let picker = state.tabs[tab.rawValue].picker, !picker.loading {
            effects.append(.countEntities(LoadTicket(tab: tab, generation: picker.generation, position: .newest),
                                          picker.kind, filter: picker.filterText))
        }
    }
    return effects
}

func followCheck(_ state: BrowserState) -> [Effect] {
    guard state.follow, let log = state.current.log else { return [] }
    // A log with no record yet (an empty file followed) counts every record its view gets as new.
    let beforeAll = PageKey(time: Timestamp(microseconds: .min), id: .min)
    let empty = log.reachedNewest && log.records.isEmpty && !log.loading
    return [.checkNew(state.tab, log.query, newerThan: empty ? beforeAll : log.reachedNewest ? log.records.first?.key : nil)]
}

