import AuditStore

/// Everything that can change the browser's state: key commands, and answers from the store.
public enum Action: Sendable {
    /// A key as the terminal read it: the prompt takes it when open, else the keymap says what it means.
    case key(Key)
    // Moving
    case move(Int)
    case page(Int)
    case halfPage(Int)
    case top
    case bottom
    // Tabs and places
    case switchTab(Tab)
    case nextTab
    case previousTab
    case open
    case back
    case pivot(EntityKind)
    /// The selected record's whole request, as a list of its own.
    case openRequest
    /// A registered screen over the top one (`Screens.all`, by its type's name): "state then", the histogram.
    case openScreen(String)
    /// The log from a moment back, `select` selected when given (the histogram's Enter, a mark beyond the window).
    case jump(before: Timestamp, select: Int64?)
    /// The histogram's buckets: finer (1) or coarser (-1).
    case zoom(Int)
    // Marks and export
    case toggleMark
    case nextMark
    case previousMark
    case listMarks
    case startExport
    /// `y`: the selected record's reference and a one-line summary to the terminal's clipboard; `Y`: its expansion.
    case copyReference
    case copyExpansion
    /// A note on the selected record, typed in the prompt (`w`).
    case startNote
    /// The selected record unmasked, for an agent who types why (`v`).
    case startReveal
    // Expansion
    case toggleExpand
    case toggleRaw
    // Filtering
    case startFilter
    case startDateFilter
    case clearFilters
    case promptInput(Key)
    case applyPrompt
    // Other
    case toggleFollow
    case toggleHelp
    case quitOrBack
    case quit
    case resize(width: Int, height: Int)
    case click(x: Int, y: Int)
    /// Time passing (the adapter's idle tick): debounced filters apply, followed logs check for news.
    case tick(now: Timestamp)

    /// The store (or a background job) answers a question: to the screens of the tab it names.
    case answer(Answer)
}

/// Answers from the store and from what runs beside the browser: they never clear a notice nor wait for the prompt.
public enum Answer: Sendable {
    case recordsLoaded(LoadTicket, [AuditRecord])
    case entitiesLoaded(LoadTicket, [Entity], append: Bool)
    /// Entries from the list's other end: those just before `before` (nil: the last ones).
    case entitiesBeforeLoaded(LoadTicket, [Entity], before: Entity?)
    case entityCountLoaded(LoadTicket, Int)
    /// A view's total; `recordsMoved`: records changed logs since it was counted before (an import decided a
    /// subscription's owner anew), so the records on screen may be in another log now.
    case countLoaded(LoadTicket, Int, recordsMoved: Bool)
    case requestLoaded(String, [AuditRecord])
    /// The answer to a screen's own question (`Effect.ask`), for the screens of its tab to take.
    case screen(Tab, any Sendable)
    /// A histogram's view holds records from `oldest` to `newest` (nil: none).
    /// An export under way has written this many records; it wrote them all; it failed; the file exists.
    case exportProgress(Int)
    case exportDone(path: String, records: Int)
    case exportFailed(String)
    case exportNeedsConfirmation(ExportJob)
    /// A note was written (stored, or sent to the ingester); or not.
    case noteWritten(NoteJob, NoteWritten)
    case noteFailed(String)
    /// A record revealed (its access record written first), or why not.
    case revealed(Reveal, AuditRecord)
    case revealFailed(String)
    /// Records read again for their notes (`Effect.loadNotes`).
    case notesLoaded([AuditRecord])
    /// A look could not be recorded (the shared server): the action that made it was undone; this says why.
    case accessRefused(String)
    case newRecords(Tab, count: Int)
    /// What runs beside the browser (an import of the files it was opened on) says how far it is.
    case activity(String?)
    /// How far the search index has come (at the start and whenever the store changes).
    case textBacklog(TextBacklog)
    /// Another process changed the store (an import): totals are counted again, followed logs check for news.
    case storeChanged
    /// The view's filter names entities that do not exist (or are ambiguous): one line for each.
    case namesUnmatched(LoadTicket, [String])
    case failed(String)
}

/// Answers read as actions where they are made (`.recordsLoaded(ticket, page)`).
extension Action {
    static func recordsLoaded(_ ticket: LoadTicket, _ records: [AuditRecord]) -> Action { .answer(.recordsLoaded(ticket, records)) }
    static func entitiesLoaded(_ ticket: LoadTicket, _ entities: [Entity], append: Bool) -> Action {
        .answer(.entitiesLoaded(ticket, entities, append: append))
    }
    static func entityCountLoaded(_ ticket: LoadTicket, _ count: Int) -> Action { .answer(.entityCountLoaded(ticket, count)) }
    static func countLoaded(_ ticket: LoadTicket, _ count: Int, recordsMoved: Bool = false) -> Action {
        .answer(.countLoaded(ticket, count, recordsMoved: recordsMoved))
    }
    static func requestLoaded(_ uid: String, _ records: [AuditRecord]) -> Action { .answer(.requestLoaded(uid, records)) }
    static func exportProgress(_ records: Int) -> Action { .answer(.exportProgress(records)) }
    static func exportDone(path: String, records: Int) -> Action { .answer(.exportDone(path: path, records: records)) }
    static func exportFailed(_ reason: String) -> Action { .answer(.exportFailed(reason)) }
    static func exportNeedsConfirmation(_ job: ExportJob) -> Action { .answer(.exportNeedsConfirmation(job)) }
    static func newRecords(_ tab: Tab, count: Int) -> Action { .answer(.newRecords(tab, count: count)) }
    static func activity(_ text: String?) -> Action { .answer(.activity(text)) }
    static func textBacklog(_ backlog: TextBacklog) -> Action { .answer(.textBacklog(backlog)) }
    static var storeChanged: Action { .answer(.storeChanged) }
    static func namesUnmatched(_ ticket: LoadTicket, _ names: [String]) -> Action { .answer(.namesUnmatched(ticket, names)) }
    static func failed(_ message: String) -> Action { .answer(.failed(message)) }
}

extension Answer {
    /// The tab whose screens it is for; nil: the browser's own (requests, exports, activity, the store).
    var tab: Tab? {
        switch self {
        case .recordsLoaded(let ticket, _), .entitiesLoaded(let ticket, _, _), .entityCountLoaded(let ticket, _),
             .entitiesBeforeLoaded(let ticket, _, _),
             .countLoaded(let ticket, _, _), .namesUnmatched(let ticket, _):
            ticket.tab
        case .screen(let tab, _), .newRecords(let tab, _):
            tab
        case .requestLoaded, .exportProgress, .exportDone, .exportFailed, .exportNeedsConfirmation, .activity,
             .noteWritten, .noteFailed, .notesLoaded, .revealed, .revealFailed, .accessRefused,
             .textBacklog, .storeChanged, .failed:
            nil
        }
    }
}

/// Ties an answer to the question: an answer for a view that has changed since is dropped.
public struct LoadTicket: Hashable, Sendable {
    public var tab: Tab
    public var generation: Int
    public var position: PagePosition
    /// How many records were asked for: fewer back means the end of the log.
    public var limit: Int = 0
    /// A first page at a moment (the histogram's Enter): it replaces the window, read on the key path.
    public var replacesWindow = false
    /// The record to select in that page (a mark jumped to), else its first.
    public var selectID: Int64?
}
