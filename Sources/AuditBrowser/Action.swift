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
    /// The record's customer (or subscription) as it was at the record's time (`StateScreen`).
    case stateThen
    /// The view's records per hour, day, week or month (`HistogramScreen`).
    case histogram
    /// The histogram's buckets: finer (1) or coarser (-1).
    case zoom(Int)
    // Marks and export
    case toggleMark
    case nextMark
    case previousMark
    case listMarks
    case startExport
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

    // Answers
    case recordsLoaded(LoadTicket, [AuditRecord])
    case entitiesLoaded(LoadTicket, [Entity], append: Bool)
    case entityCountLoaded(LoadTicket, Int)
    case countLoaded(LoadTicket, Int)
    case requestLoaded(String, [AuditRecord])
    case stateLoaded(Tab, EntityState)
    /// A histogram's view holds records from `oldest` to `newest` (nil: none).
    case histogramRange(Tab, RecordQuery, oldest: Timestamp?, newest: Timestamp?)
    case bucketsCounted(Tab, RecordQuery, [BucketCount])
    /// An export under way has written this many records; it wrote them all; it failed; the file exists.
    case exportProgress(Int)
    case exportDone(path: String, records: Int)
    case exportFailed(String)
    case exportNeedsConfirmation(ExportJob)
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
