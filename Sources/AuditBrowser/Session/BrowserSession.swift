import AuditStore
import FoundationEssentials

/// Runs the browser: keeps the state, turns effects into store questions, and feeds the answers back.
/// A view's first page is read on the key path (an index walk of one screen); read-ahead pages, counts
/// and text searches run on background connections, so none of them delays a key, and a newer one
/// interrupts the older.
public final class BrowserSession {
    public private(set) var state: BrowserState
    private let source: AuditSource
    private let counter: BackgroundQueue?
    private let searcher: BackgroundQueue?
    private let reader: BackgroundQueue?
    /// Histogram buckets are counted on a queue of their own (so they never interrupt a log's count),
    /// started the first time a histogram is opened.
    private var bucketCounter: BackgroundQueue?
    /// Exports (`e`) run on a thread of their own; `exported` is how many records the one under way wrote.
    private var exporter: BackgroundQueue?
    /// A review (`!`) reads on a queue of its own, started the first time one is opened.
    private var reviewer: BackgroundQueue?
    private let exported = Locked(0)
    private let background: (@Sendable () throws -> AuditSource)?
    private var lastChangeToken: Int64?
    private var lastFollowCheck: Int64 = 0
    /// Names already found to mean one entity: a view's first page (each jump, each reload) asks no more.
    private var namesThatMatch: Set<String> = []
    /// Writes a note the user typed (`w`): into their own store, or to the shared server's ingester. Nil: notes
    /// cannot be written here (the status bar says so).
    public var noteWriter: (@Sendable (NoteJob) throws -> NoteWritten)?
    /// Reveals a record to an agent (`v`): records the look with its reason (the access record) and only then
    /// reads the record unmasked; throws when either fails, and nothing is revealed. Nil: this browser cannot.
    public var revealer: (@Sendable (Reveal) throws -> AuditRecord)?
    /// Records each look before it is shown (the shared server: `AccessLooks`); nil: nothing is recorded.
    public var accessRecorder: (any AccessRecorder)? {
        didSet { state.access = accessRecorder == nil ? nil : (state.access ?? AccessLooks()) }
    }
    /// What runs beside the browser, asked at each tick (an import of the files it was opened on).
    public var activity: (@Sendable () -> String?)?
    /// Text `y`/`Y` copied, for the terminal adapter to send (`takeClipboard`).
    private var clipboard: [String] = []
    /// The last count of each view, so counting again after an import added records counts only those.
    private let counts = Locked<[RecordQuery: ViewCount]>([:])
    /// How many times each view was counted from nothing (the whole view walked, not only new records).
    private let wholeCounts = Locked<[RecordQuery: Int]>([:])

    /// How many times the view was counted from nothing: once when first shown, again only when records
    /// moved into or out of it (a customer's log whose subscription's customer an import learned).
    public func wholeCounts(of query: RecordQuery) -> Int { wholeCounts.withLock { $0[query] ?? 0 } }

    /// `background` opens the connections for counts and searches; without it they run inline (tests).
    public init(source: AuditSource, state: BrowserState, background: (@Sendable () throws -> AuditSource)? = nil) {
        self.source = source
        self.state = state
        counter = background.map { BackgroundQueue(name: "counts", open: $0) }
        searcher = background.map { BackgroundQueue(name: "search", open: $0) }
        reader = background.map { BackgroundQueue(name: "read-ahead", open: $0) }
        self.background = background
    }

    /// Loads the first screen; with `open`, straight into that entity's log; with `filter` (the command line's:
    /// `auditlog --level warning`), that log filtered before its first page is read — so the first look recorded
    /// is the view the screen shows, never the whole log it would otherwise read first and drop.
    public func start(open: (EntityKind, String)? = nil, filter: (query: RecordQuery, text: String)? = nil) {
        state.databaseIsEmpty = ((try? source.page(of: RecordQuery(), from: .newest, limit: 1)) ?? []).isEmpty
        lastChangeToken = try? source.changeToken()
        if let backlog = try? source.textBacklog() { state.textBacklog = backlog }
        let filter = filter.flatMap { $0.query.isUnfiltered ? nil : $0 }
        if let (kind, text) = open {
            let entity = try? source.entity(kind, text)
            change { state in
                state.tab = Tab(kind: kind)
                defer { state.history = [] }
                return openLog(&state, kind: kind, id: entity?.id ?? text, label: entity?.label ?? text, filter: filter)
            }
        } else {
            change { state in
                if let filter {
                    state.current.updateLog { log in
                        log.filter = filter.query
                        log.filterText = filter.text
                    }
                }
                return startIfNeeded(&state)
            }
        }
    }

    /// Opens on one record (`auditlog REF`): in its customer's log when it has one (over Overall, so Back
    /// goes to the overall log), else in Overall; selected and expanded.
    public func start(at record: AuditRecord) {
        start()
        if let customer = record.ownerCustomerID {
            let entity = try? source.entity(.customer, customer)
            change { openLog(&$0, kind: .customer, id: customer, label: entity?.label ?? customer) }
        }
        send(.jump(before: Timestamp(microseconds: record.time.microseconds + 1), select: record.id))
        if state.current.log?.selectedRecord?.id == record.id { send(.toggleExpand) }
    }

    /// A change the session makes itself (its first screens), its looks found and recorded as `reduce`'s are.
    private func change(_ body: (inout BrowserState) -> [Effect]) {
        let before = state
        var effects = body(&state)
        if state.access != nil { effects = AccessLooks.found(before: before, after: &state, effects: effects) + effects }
        run(effects, before: before)
    }

    /// Changes whenever the state may look different: every action but a tick that started nothing (the
    /// clock moving on; a screen loop redraws for that once a second anyway). A loop draws only when it
    /// changed: 20 idle browsers on one host cost nothing while a background count runs.
    public private(set) var revision = 0

    public func send(_ action: Action) {
        let before = state
        let effects = reduce(&state, action)
        if case .tick = action, effects.isEmpty {} else { revision &+= 1 }
        run(effects, before: before)
    }

    /// A key: `reduce` routes it (to the open prompt, else through the keymap to the focused screen).
    public func press(_ key: Key, now: Timestamp) {
        state.now = now
        send(.key(key))
    }

    /// Idle time: debounced filters apply, background counts land; once a second, a change to the store
    /// (an import meanwhile) has the totals counted again and followed logs check for news.
    public func tick(now: Timestamp) {
        send(.tick(now: now))
        collectAnswers()
        if let activity {
            let text = activity()
            if text != state.activity { send(.activity(text)) }
        }
        if now.microseconds - lastFollowCheck > 1_000_000 {
            lastFollowCheck = now.microseconds
            let token = try? source.changeToken()
            if token != lastChangeToken {
                lastChangeToken = token
                if let backlog = try? source.textBacklog(), backlog != state.textBacklog { send(.textBacklog(backlog)) }
                send(.storeChanged)
            }
        }
    }

    /// Starts in follow mode (the title says "following"; `F` stops it).
    public func follow() {
        state.follow = true
    }

    /// Stops the background threads and waits for them (their connections close). Also done when the
    /// session goes away.
    public func shutdown() {
        for queue in [counter, searcher, reader, bucketCounter, exporter, reviewer] { queue?.shutdown() }
    }

    /// Whether a background count or search is under way: poll `collectAnswers` often meanwhile.
    public var isWaiting: Bool {
        [counter, searcher, reader, bucketCounter, exporter, reviewer].contains { $0?.isBusy ?? false }
    }

    /// The texts copied since the last call, oldest first: the terminal adapter sends each (OSC 52).
    public func takeClipboard() -> [String] {
        defer { clipboard = [] }
        return clipboard
    }

    /// Feeds background answers into the state.
    public func collectAnswers() {
        if let exporting = state.exporting {
            let written = exported.withLock { $0 }
            if written != exporting.records { send(.exportProgress(written)) }
        }
        for answer in [searcher, reader, counter, bucketCounter, exporter, reviewer].flatMap({ $0?.takeResults() ?? [] }) {
            send(answer)
        }
    }

    public func render(into grid: inout Grid) {
        AuditBrowser.render(state, into: &grid)
    }

    /// Runs effects by their lane (`Effect.lane`): on the key path, the answer is reduced before the next
    /// effect; on a lane with a background queue, the job goes there and its answer comes with `collectAnswers`.
    /// Without background connections (tests) every lane runs inline. A look (`.recordAccess`, first among the
    /// action's effects) is written before anything after it runs; when it cannot be, the state goes back to
    /// `before` (the action undone: nothing of the look is shown) and the reason is reduced in its place.
    private func run(_ effects: [Effect], before: BrowserState) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if case .copyToClipboard(let text) = effect {
                clipboard.append(text)
                continue
            }
            if case .recordAccess(let event) = effect {
                do {
                    try record(event)
                } catch {
                    state = before
                    queue = reduce(&state, .answer(.accessRefused("\(error)")))
                }
                continue
            }
            do {
                if case .loadRecords(let ticket, let query, _) = effect, !ticket.isReadAhead {
                    let problems = try unmatchedNames(query)
                    if !problems.isEmpty {
                        // Nothing can match: say why instead of reading the log.
                        queue += reduce(&state, .namesUnmatched(ticket, problems))
                        queue += reduce(&state, .recordsLoaded(ticket, []))
                        continue
                    }
                }
                if let worker = self.queue(for: effect.lane) {
                    worker.submit(for: effect.tab ?? state.tab, job(for: effect, inBackground: true))
                } else {
                    // A first page replaces the window: read-ahead still under way for the tab is stale.
                    if case .loadRecords(let ticket, _, _) = effect { reader?.cancel(for: ticket.tab) }
                    queue += reduce(&state, try job(for: effect, inBackground: false)(source))
                }
            } catch {
                queue += reduce(&state, .failed("\(error)"))
            }
        }
    }

    /// The background queue of a lane; nil: the key path (or no background connections).
    private func queue(for lane: Effect.Lane) -> BackgroundQueue? {
        switch lane {
        case .keyPath: return nil
        case .counts: return counter
        case .search: return searcher
        case .readAhead: return reader
        case .histogram:
            guard let background else { return nil }
            if bucketCounter == nil { bucketCounter = BackgroundQueue(name: "histogram", open: background) }
            return bucketCounter
        case .review:
            guard let background else { return nil }
            if reviewer == nil { reviewer = BackgroundQueue(name: "review", open: background) }
            return reviewer
        case .export:
            guard let background else { return nil }
            if exporter == nil { exporter = BackgroundQueue(name: "export", open: background) }
            return exporter
        }
    }

    /// The question an effect asks, as a job any connection can answer (the key path's or a worker's).
    private func job(for effect: Effect, inBackground: Bool) -> BackgroundQueue.Job {
        switch effect {
        case .loadRecords(let ticket, let query, let limit):
            return { .recordsLoaded(ticket, try $0.page(of: query, from: ticket.position, limit: limit)) }
        case .loadEntities(let ticket, let kind, let filter, let after, let limit):
            return { .entitiesLoaded(ticket, try $0.entities(kind, matching: filter, after: after, limit: limit), append: after != nil) }
        case .loadEntitiesBefore(let ticket, let kind, let filter, let before, let limit):
            return { .answer(.entitiesBeforeLoaded(ticket, try $0.entities(kind, matching: filter, before: before, limit: limit),
                                                   before: before)) }
        case .countEntities(let ticket, let kind, let filter):
            return { .entityCountLoaded(ticket, try $0.entityCount(kind, matching: filter)) }
        case .count(let ticket, let query):
            let counts = self.counts, wholeCounts = self.wholeCounts
            return { source in
                let previous = counts.withLock { $0[query] }
                let counted = try source.count(of: query, after: previous)
                if counted.fromNothing { wholeCounts.withLock { $0[query, default: 0] += 1 } }
                counts.withLock { known in
                    if known.count > 64 { known.removeAll() }
                    known[query] = counted
                }
                let moved = previous.map { $0.epoch != counted.epoch } ?? false
                return .countLoaded(ticket, counted.count, recordsMoved: moved)
            }
        case .ask(let question):
            return { .answer(.screen(question.tab, try question.job($0, inBackground))) }
        case .exportView(let job):
            let clock = state.clock, exported = self.exported
            exported.withLock { $0 = 0 }
            return { source in
                ViewExport.run(job, source: source, clock: clock) { count in exported.withLock { $0 = count } }
            }
        case .writeNote(let note):
            let writer = noteWriter
            return { _ in
                guard let writer else { return .answer(.noteFailed("this browser cannot write notes")) }
                do { return .answer(.noteWritten(note, try writer(note))) } catch { return .answer(.noteFailed("\(error)")) }
            }
        case .reveal(let job):
            let revealer = self.revealer
            return { _ in
                guard let revealer else { return .answer(.revealFailed("this browser cannot reveal records")) }
                do { return .answer(.revealed(job, try revealer(job))) } catch { return .answer(.revealFailed("\(error)")) }
            }
        case .loadNotes(let ids):
            return { .answer(.notesLoaded(try $0.page(of: RecordQuery(ids: ids), from: .newest, limit: ids.count))) }
        case .loadRequest(let uid):
            return { .requestLoaded(uid, try $0.page(of: RecordQuery(request: uid), from: .oldest, limit: 50).reversed()) }
        case .checkNew(let tab, let query, let key):
            return { source in
                let count = try key.map {
                    try source.page(of: query, from: .newerThan($0), limit: LogScreen.newRecordsCountedUpTo + 1).count
                } ?? 0
                return .newRecords(tab, count: count)
            }
        case .copyToClipboard:
            preconditionFailure("run hands copied text to the terminal adapter; it asks the store nothing")
        case .recordAccess:
            preconditionFailure("run writes a look through the recorder before the effects after it")
        }
    }
}

extension BrowserSession {
    /// Writes a look through the recorder: an entity named as typed (`customer:ana@x`) is recorded by its id,
    /// so `auditlog access --customer` finds it however it was named; a relative file made absolute.
    func record(_ event: AccessEvent) throws {
        guard let accessRecorder else { return }
        var event = event
        let kind: EntityKind? = switch event.scope {
        case .customer: .customer
        case .subscription: .subscription
        case .admin: .admin
        case .overall: nil
        }
        if let kind, let typed = event.scope.id, let entity = try? source.entity(kind, typed) {
            event.scope = AccessScope(kind: event.scope.kind, id: entity.id) ?? event.scope
        }
        if let file = event.file, !file.hasPrefix("/") {
            event.file = FileManager.default.currentDirectoryPath + "/" + file
        }
        try accessRecorder.record(event)
    }

    /// `admin:ops` that means no admin (or three): one line for each such name in the query.
    func unmatchedNames(_ query: RecordQuery) throws -> [String] {
        var problems: [String] = []
        for (kind, text) in [(EntityKind.customer, query.customer), (.subscription, query.subscription),
                             (.admin, query.admin)] {
            guard let text, !namesThatMatch.contains(kind.rawValue + "\u{0}" + text) else { continue }
            if let problem = try source.match(kind, text).problem(kind, text) {
                problems.append(problem)
            } else {
                namesThatMatch.insert(kind.rawValue + "\u{0}" + text)
            }
        }
        return problems
    }
}

extension Effect {
    /// Where an effect runs. The key path: a read a key waits for, kept to an index walk of a screenful (a first
    /// page, a picker's page, an entity's state, a request, a histogram's range). Elsewhere, on a queue of its own
    /// so a key never waits and a newer job interrupts an older one: counts, text searches (a scan may be
    /// long), read-ahead, histogram buckets, exports.
    var lane: Lane {
        switch self {
        case .loadRecords(let ticket, let query, _): !query.words.isEmpty ? .search : ticket.isReadAhead ? .readAhead : .keyPath
        case .loadEntities, .loadEntitiesBefore, .loadRequest, .checkNew, .copyToClipboard, .writeNote, .reveal, .loadNotes, .recordAccess: .keyPath
        case .ask(let question): question.lane
        // Counting a picker's entries walks the whole list (50 ms with the customers of 10 M records).
        case .count, .countEntities: .counts
        case .exportView: .export
        }
    }

    /// The tab whose job it is (a newer job for the tab replaces it on its queue); nil: the tab on screen.
    var tab: Tab? {
        switch self {
        case .loadRecords(let ticket, _, _), .loadEntities(let ticket, _, _, _, _), .loadEntitiesBefore(let ticket, _, _, _, _),
             .countEntities(let ticket, _, _), .count(let ticket, _):
            ticket.tab
        case .ask(let question): question.tab
        case .checkNew(let tab, _, _):
            tab
        case .loadRequest, .exportView, .copyToClipboard, .writeNote, .reveal, .loadNotes, .recordAccess:
            nil
        }
    }
}

extension LoadTicket {
    /// A page beyond the window's end, read ahead of the selection.
    var isReadAhead: Bool {
        if replacesWindow { return false }
        switch position {
        case .olderThan, .newerThan: return true
        case .newest, .oldest: return false
        }
    }
}
