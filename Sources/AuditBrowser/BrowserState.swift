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
    /// Names in the filter that match no entity, or several: the no-logs screen says so.
    public var unmatchedNames: [String] = []

    public init(scope: RecordQuery, title: String) {
        self.scope = scope
        self.title = title
    }

    public var query: RecordQuery { scope.merging(filter) }
    public var selectedRecord: AuditRecord? { records.indices.contains(selected) ? records[selected] : nil }
    public var isEmpty: Bool { records.isEmpty && !loading }
}

/// A picker: the customers, subscriptions or admins, most recently active first.
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

    public init(kind: EntityKind) { self.kind = kind }
}

public struct TabState: Sendable {
    public var picker: Picker?
    public var log: LogView?
    /// An entity tab shows its picker until an entity is opened.
    public var showingLog: Bool

    static func initial(_ tab: Tab) -> TabState {
        if let kind = tab.entityKind { return TabState(picker: Picker(kind: kind), log: nil, showingLog: false) }
        return TabState(picker: nil, log: LogView(scope: RecordQuery(), title: "All records"), showingLog: true)
    }
}

/// The filter prompt at the bottom of the screen.
public struct Prompt: Sendable {
    public var text: String
    /// The cursor, in characters.
    public var cursor: Int
    /// The filter text before the prompt opened, restored by Esc.
    public var original: String
    public var error: String?
    /// Typed but not yet applied; applies once typing pauses.
    public var editedAt: Timestamp?
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
    public var showHelp = false
    public var helpTop = 0
    public var width: Int
    public var height: Int
    /// A one-line notice in the status bar until the next key.
    public var notice: String?
    public var follow = false
    public var clock: Clock
    public var now: Timestamp
    public var quit = false
    /// The database holds no record at all: the empty screen says how to fill it.
    public var databaseIsEmpty = false
    /// Records of one request, by uid, once an expansion asked for them.
    public var requests: [String: [AuditRecord]] = [:]
    /// Unicode, or ASCII where the terminal's locale cannot show UTF-8.
    public var glyphs: Glyphs

    public init(width: Int, height: Int, clock: Clock, glyphs: Glyphs = .unicode) {
        self.width = width
        self.height = height
        self.clock = clock
        self.glyphs = glyphs
        now = clock.now
    }

    public var current: TabState {
        get { tabs[tab.rawValue] }
        set { tabs[tab.rawValue] = newValue }
    }

    /// Rows between the title line and the status bar.
    public var bodyHeight: Int { max(1, height - 3) }

    public static let minimumWidth = 40
    public static let minimumHeight = 8
    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The current view still waits for its first records or entries (counts may still be on their way).
    public var isLoading: Bool {
        if current.showingLog, let log = current.log { return log.loading && log.records.isEmpty }
        if let picker = current.picker { return picker.loading && picker.entities.isEmpty }
        return false
    }
}
