import AuditReview
import AuditStore

public enum Tab: Int, CaseIterable, Sendable {
    case overall, customers, subscriptions, admins

    public var title: String {
        switch self {
        case .overall: "Overall"
        case .customers: "Customers"
        case .subscriptions: "Subscriptions"
        case .admins: "Billing Admins"
        }
    }

    public var entityKind: EntityKind? {
        switch self {
        case .overall: nil
        case .customers: .customer
        case .subscriptions: .subscription
        case .admins: .admin
        }
    }

    init(kind: EntityKind) {
        switch kind {
        case .customer: self = .customers
        case .subscription: self = .subscriptions
        case .admin: self = .admins
        }
    }
}

/// A list of records: a window of loaded records around the selection, never the whole log.
public struct LogView: Sendable {
    /// The tab's own scope (a customer, a subscription, an admin, or everything).
    public var scope: RecordQuery
    public var title: String
    /// What the filter prompt added, and the text it was typed as.
    public var filter = RecordQuery()
    public var filterText = ""
    /// Loaded records, newest first.
    public var records: [AuditRecord] = []
    /// The position of `records[0]` in the whole list, when known.
    public var windowStart: Int? = 0
    public var reachedNewest = false
    public var reachedOldest = false
    public var selected = 0
    /// The first visible line: a record and a line inside its block (its row, then its expansion).
    public var topRecord = 0
    public var topLine = 0
    public var expanded: Set<Int64> = []
    public var raw = false
    public var total: Int?
    public var loading = true
    /// Bumped whenever the view's query changes: answers to older questions are dropped.
    public var generation = 0
    /// Records stored since the window was loaded (follow mode).
    public var newRecords = 0
    /// The first record a jump to a moment loaded: its row number is known once the newer ones are counted.
    public var jumpedTo: Int64?
    /// Names in the filter that match no entity, or several: the no-logs screen says so.
    public var unmatchedNames: [String] = []
    /// Expanded records' lines, built once (shared by copies of this view in the history).
    let expansions = ExpansionCache()

    public init(scope: RecordQuery, title: String) {
        self.scope = scope
        self.title = title
    }

    public var query: RecordQuery { scope.merging(filter) }
    public var selectedRecord: AuditRecord? { records.indices.contains(selected) ? records[selected] : nil }
    public var isEmpty: Bool { records.isEmpty && !loading }
}

/// A picker: the customers, subscriptions or admins, most recently active first: a window of the list, which
/// grows as the selection nears either end.
public struct Picker: Sendable {
    public var kind: EntityKind
    public var filterText = ""
    public var entities: [Entity] = []
    public var reachedEnd = false
    public var selected = 0
    public var top = 0
    public var loading = true
    public var generation = 0
    /// How many entries the picker has in all (with its filter), once counted.
    public var total: Int?
    /// `G` asked for the last entry before it was loaded: select it when it comes.
    public var selectLastWhenLoaded = false
    /// The position of `entities[0]` in the whole list, when known (`G` on a long list loads its end alone).
    public var windowStart: Int? = 0
    /// The window starts at the top of the list.
    public var reachedStart = true

    public init(kind: EntityKind) { self.kind = kind }
}

/// A tab: a stack of screens, bottom first. Overall holds its log; an entity tab its picker, and over it the
/// log opened from it (Back returns to the picker); "state then" and the histogram go on top until Back. The
/// top screen gets the keys; every screen of the tab gets the store's answers for it.
public struct TabState: Sendable {
    var screens: [any Screen]

    static func initial(_ tab: Tab) -> TabState {
        if let kind = tab.entityKind { return TabState(screens: [Picker(kind: kind)]) }
        return TabState(screens: [LogView(scope: RecordQuery(), title: "All records")])
    }

    /// The screen on top: it gets the keys, and it is what the body, the title and the status bar show.
    var top: any Screen { screens[screens.count - 1] }

    /// The screen on top when it is one of this type (`top(HistogramScreen.self)`).
    func top<S: Screen>(_ type: S.Type) -> S? { top as? S }

    /// The tab's log (on top or under a screen), if it has one.
    public var log: LogView? { screens.last { $0 is LogView } as? LogView }

    /// The tab's picker, when no log was opened from it.
    public var picker: Picker? { log == nil ? screens.last { $0 is Picker } as? Picker : nil }

    /// The tab shows a log (perhaps under "state then" or the histogram).
    public var showingLog: Bool { log != nil }

    /// Changes the tab's last screen of type `S` in place (nothing when it has none).
    mutating func update<S: Screen, T>(_ type: S.Type, _ body: (inout S) -> T) -> T? {
        guard let index = screens.lastIndex(where: { $0 is S }), var screen = screens[index] as? S else { return nil }
        let result = body(&screen)
        screens[index] = screen
        return result
    }

    /// Changes the log in place (nothing when the tab shows no log).
    mutating func updateLog<T>(_ body: (inout LogView) -> T) -> T? { update(LogView.self, body) }

    /// Changes the picker in place (nothing when the tab shows a log).
    mutating func updatePicker<T>(_ body: (inout Picker) -> T) -> T? {
        showingLog ? nil : update(Picker.self, body)
    }

    /// The log or picker under any screen over it (the one filters and reloads apply to).
    var base: any Screen {
        screens.last { $0 is LogView } ?? screens[0]
    }
}

/// The filter prompt at the bottom of the screen.
/// What the prompt at the bottom is for.
public enum PromptPurpose: Sendable, Equatable {
    /// The filter (the query language, applied as you type).
    case filter
    /// The file `e` writes the view (or, `marks`, the marked records) to.
    case exportPath(marks: Bool)
    /// The file exists: `y` replaces it.
    case confirmOverwrite(ExportJob)
    /// A note on a record: the lines typed so far (the prompt holds the next).
    case note(NoteJob)
    /// Why the record should be shown unmasked (`v`, an agent).
    case reveal(Reveal)
}

public struct Prompt: Sendable {
    public var text: String
    /// The cursor, in characters.
    public var cursor: Int
    /// The filter text before the prompt opened, restored by Esc.
    public var original: String
    public var error: String?
    /// Typed but not yet applied; applies once typing pauses.
    public var editedAt: Timestamp?
    public var purpose = PromptPurpose.filter
    /// Where the user was when the filter prompt opened: a filter kept goes back there with Back.
    var before: Place?
}

/// Where the user was: restored exactly by Back.
public struct Place: Sendable {
    var tab: Tab
    var tabs: [TabState]
}

/// The whole browser as one value.
public struct BrowserState: Sendable {
    public var tab: Tab = .overall
    public var tabs: [TabState] = Tab.allCases.map(TabState.initial)
    public var prompt: Prompt?
    public var history: [Place] = []
    /// The help screen, over every tab until closed.
    var help: HelpScreen?
    public var showHelp: Bool { help != nil }
    public var helpTop: Int { help?.top ?? 0 }
    public var width: Int
    public var height: Int
    /// A one-line notice in the status bar until the next key.
    public var notice: String?
    /// Whether `y` and `Y` send to the terminal's clipboard (`--no-clipboard`, `AUDITLOG_CLIPBOARD=0` turn it off).
    public var clipboard = true
    /// What runs beside the browser, for the status bar ("importing prod.log · 43 210 records").
    public var activity: String?
    /// Tabs whose totals the store has changed since they were counted: counted when next shown.
    public var staleCounts: Set<Tab> = []
    /// Records not yet in the search index: a search reads them by scan, and the status bar says so.
    public var textBacklog = TextBacklog.none
    /// Notes sent to the ingester (a shared server): each record's id and how many notes it will have once they
    /// are taken. Read again when the store changes, until they are there.
    public var notesAwaited: [Int64: Int] = [:]
    public var follow = false
    /// The zone times are shown in, and "now" (the last key or tick): one clock, so relative dates
    /// (`since:7d`) and the screen agree.
    public var clock: Clock
    public var now: Timestamp {
        get { clock.now }
        set { clock.now = newValue }
    }
    public var quit = false
    /// Quitting with records marked asked once: the same key again quits, any other key stays.
    var quitAsked = false
    /// The database holds no record at all: the empty screen says how to fill it.
    public var databaseIsEmpty = false
    /// The command that browses the demo's database, when this is the default database and `auditlog demo`
    /// has made one: an empty default database offers it rather than making the demo again.
    public var demoCommand: String?
    /// Records of one request, by uid, once an expansion asked for them.
    public var requests: [String: [AuditRecord]] = [:]
    /// Unicode, or ASCII where the terminal's locale cannot show UTF-8.
    public var glyphs: Glyphs
    /// Marked records, by id, for the session (`Marks`).
    public var marks: [Int64: AuditRecord] = [:]
    /// What the review (`!`) judges by: the defaults, or review.conf as the command read it.
    public var reviewSettings = ReviewSettings()
    /// Why review.conf could not be read (`file:line: …`): browsing goes on, `!` says this instead of judging
    /// by settings the reviewer did not write.
    public var reviewSettingsProblem: String?
    /// What the last review found ("3 findings this week"), said in the logs' status bar once it ran.
    public var reviewSummary: String?
    /// The shared server records every look (`AccessLooks`): the views recorded so far. Nil: nothing is recorded
    /// (a single user with their own store; `BrowserSession.accessRecorder` sets it).
    public var access: AccessLooks?
    /// An export under way: its file and the records written so far.
    public var exporting: (path: String, records: Int)?
    /// Whose eyes: an agent's store answers customers' personal data masked (`PersonalData`), and `v`
    /// reveals one record with a reason (`Reveal`); a reviewer sees everything, and who looked (`A`).
    public var role = Role.reviewer

    public init(width: Int, height: Int, clock: Clock, glyphs: Glyphs = .unicode) {
        self.width = width
        self.height = height
        self.clock = clock
        self.glyphs = glyphs
    }

    public var current: TabState {
        get { tabs[tab.rawValue] }
        set { tabs[tab.rawValue] = newValue }
    }

    /// The screen's areas at this size.
    public var layout: Layout { Layout(width: width, height: height) }

    /// Rows between the title line and the status bar.
    public var bodyHeight: Int { layout.body.height }

    /// What the focused screen's update needs of the world around it.
    var context: ScreenContext { context(for: tab) }

    /// The context of a tab's screen, shown or not (answers go to the tab their ticket names).
    func context(for tab: Tab) -> ScreenContext {
        ScreenContext(tab: tab, layout: layout, clock: clock, glyphs: glyphs, requests: requests, focused: tab == self.tab,
                      marks: marks, notice: notice, reviewSummary: reviewSummary)
    }

    public static let minimumWidth = 40
    public static let minimumHeight = 8
    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The current view still waits for its first records or entries (counts may still be on their way;
    /// a histogram's buckets are on screen before they are counted).
    public var isLoading: Bool { current.top.isLoading }
}
