import AuditStore

/// One screen: a log, a picker, "state then", the histogram, help. It answers everything the browser asks of a
/// screen, so a new one is one type in one file plus one line in `Screens.all`. A tab is a stack of screens
/// (`TabState.screens`): the top one gets a key first, the browser's own keys after it (tig's per-view keymaps,
/// Bubble Tea's parent routing to the focused child); the screens beneath never see keys, only the store's
/// answers for their tab.
protocol Screen: Sendable {
    /// Its keys: what a key means on it, its sections of the help screen and its status-bar hints.
    static var keys: KeyContext { get }
    /// How it opens over other screens (its key, and how it is made from the browser as it is); nil: it is
    /// opened otherwise (a log, a picker, help).
    static var opener: Opener? { get }
    /// The action of one of its keys (or a click): `.ignored` hands it to the browser's own keys.
    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply
    /// A store answer for its tab, shown or not (`context.focused`); each screen of the tab takes its own.
    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect]
    /// The terminal changed size (the screens of the tab on screen).
    mutating func resized(_ context: ScreenContext) -> [Effect]
    /// The line under the tabs.
    func title(_ state: BrowserState) -> StyledLine
    /// The status bar's left part (the hints come from `keys`).
    func status(_ state: BrowserState) -> String
    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState)
    /// It still waits for what it first shows.
    var isLoading: Bool { get }
}

extension Screen {
    static var opener: Opener? { nil }
    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] { [] }
    mutating func resized(_ context: ScreenContext) -> [Effect] { [] }
}

/// What a screen's update answers.
enum Reply {
    /// Not its action: the browser's own keys (`Keymap.global`) get it, never the screen beneath.
    case ignored
    /// Done: these questions for the store, then these requests of the browser, in order.
    case handled([Effect], then: [Request])

    static func done(_ effects: [Effect] = []) -> Reply { .handled(effects, then: []) }
    static func then(_ requests: Request...) -> Reply { .handled([], then: requests) }
}

/// What only the browser can do for a screen: the history, the stack, other tabs, the prompt.
enum Request {
    /// The place goes on the history: Back returns to it exactly.
    case remember
    /// A screen over this one.
    case push(any Screen)
    /// This screen closes: the one beneath shows again.
    case close
    /// An entity's log in its tab, the place remembered first; with a filter already typed.
    case openLog(EntityKind, id: String, label: String?, filter: (query: RecordQuery, text: String)? = nil)
    /// A log of its own in the Overall tab (a request, the marks), the place remembered first.
    case showInOverall(LogView)
    /// This action for the screen then on top (the log at a moment, once the histogram has closed).
    case send(Action)
    /// One of the browser's own features: the filter prompt, export, follow, the marks list.
    case browser(Action)
    /// Text to the terminal's clipboard (`y`, `Y`), said as `what`; the reference shown instead when it is off.
    /// `expansionOf`: the text is that record's expansion (`Y`), a look the shared server records.
    case copy(String, ref: RecordRef, what: String, expansionOf: AuditRecord? = nil)
}

/// A screen's key on the screens it opens over, and how it is made: the screen and its first questions, or
/// why it cannot open (a notice).
struct Opener: Sendable {
    /// The section (of the screens beneath) that lists its key.
    let section: String
    let binding: Binding
    let make: @Sendable (BrowserState) -> Opening

    init<S: Screen>(_ screen: S.Type, over section: KeySection, keys: [Key], help: String, hint: String? = nil,
                    make: @escaping @Sendable (BrowserState) -> Opening) {
        self.section = section.title
        self.make = make
        binding = Binding(keys, .openScreen(String(describing: screen)), help, hint: hint)
    }
}

/// An opener's answer: the screen and its first questions, or not here (with a notice saying why, or none).
enum Opening: Sendable {
    case open(any Screen, [Effect])
    case refused(notice: String?)
}

/// The registered screens: their help sections, in this order, and the keys that open them.
enum Screens {
    struct Registration: Sendable {
        let type: any Screen.Type
        var opener: Opener? { type.opener }
        var name: String { String(describing: type) }
    }

    static func named(_ name: String) -> Registration? { all.first { $0.name == name } }

    static let all: [Registration] = [
        Registration(type: LogView.self),
        Registration(type: Picker.self),
        Registration(type: HistogramScreen.self),
        Registration(type: StateScreen.self),
        Registration(type: ReviewScreen.self),
        Registration(type: NotesScreen.self),
        Registration(type: AccessScreen.self),
    ]
}
