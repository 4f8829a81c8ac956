/// A key's meaning on a screen: the keys, the action, its line in the help screen and, when it deserves one, its
/// word in the status bar's hints.
public struct Binding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let help: String
    /// A short word for the status bar, when the binding deserves a hint.
    public let hint: String?
    /// The keys the hint names when not its first key alone (`+/-` for zooming, one hint for two bindings).
    let hintKeys: String?
    /// The hint as the browser is now, for a key whose meaning depends on it (`q`: close, back or quit); nil
    /// leaves it out.
    let hintNow: (@Sendable (BrowserState) -> String?)?

    public init(_ keys: [Key], _ action: Action, _ help: String, hint: String? = nil) {
        self.init(keys, action, help, hint: hint, now: nil)
    }

    init(_ keys: [Key], _ action: Action, _ help: String, hint: String?, hintKeys: String? = nil,
         now: (@Sendable (BrowserState) -> String?)? = nil) {
        self.keys = keys
        self.action = action
        self.help = help
        self.hint = hint
        self.hintKeys = hintKeys
        hintNow = now
    }
}

/// A heading of the help screen and its bindings. A screen's keymap is made of sections (its own, or shared:
/// logs and pickers share one); a screen registered to open over a section's screens lists its key there, at
/// `openersAt`.
public struct KeySection: Sendable {
    public let title: String
    let bindings: [Binding]
    /// Where the keys of screens that open over this section's screens go (`Screens.all`).
    let openersAt: Int?

    init(_ title: String, _ bindings: [Binding], openersAt: Int? = nil) {
        self.title = title
        self.bindings = bindings
        self.openersAt = openersAt
    }

    /// Its bindings with the openers registered for it in place.
    var all: [Binding] {
        guard let at = openersAt else { return bindings }
        let openers = Screens.all.compactMap(\.opener).filter { $0.section == title }.map(\.binding)
        return Array(bindings[..<at]) + openers + Array(bindings[at...])
    }
}

/// A screen's keys: the top screen reads a key first, the browser's own keys (`Keymap.global`) after it, and a key
/// neither has does nothing (never the screen beneath). Its status-bar hints are its bindings' hints, in order,
/// then the global ones.
public struct KeyContext: Sendable {
    /// Its sections in the help screen (shared ones are listed once).
    public let sections: [KeySection]
    /// Keys it takes without a help section of its own (moving, shown under logs and pickers).
    let borrowed: [Binding]

    init(_ sections: [KeySection], borrowing borrowed: [Binding] = []) {
        self.sections = sections
        self.borrowed = borrowed
    }

    var bindings: [Binding] { borrowed + sections.flatMap(\.all) }

    func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The status bar's hints: its own sections' (`Enter open`, `/ filter`, …; the histogram's `+/- zoom`), the
    /// keys it borrows', then `Q quit`, `? help`, `q back` — with the browser as it is, what each key will do
    /// now (`q back` or `q quit`, no `? help` while help is open); without it, the keys' usual words. A narrow
    /// status bar drops them from its middle (`FrameView.statusBar`): the first ones stay longest.
    func hints(_ glyphs: Glyphs, _ state: BrowserState? = nil) -> [String] {
        (sections.flatMap(\.all) + borrowed + Keymap.global.bindings).compactMap { binding in
            // Help open says how it closes; `? help` beside it would only repeat `?`.
            if case .toggleHelp = binding.action, state?.help != nil { return nil }
            let word = state.flatMap { state in binding.hintNow.map { $0(state) } } ?? binding.hint
            return word.map { "\(binding.hintKeys ?? binding.keys[0].name(glyphs)) \($0)" }
        }
    }
}

/// The keys, by section. Each screen's `keys` picks the sections it takes; help lists them all.
public enum Keymap {
    /// Moving in a list: logs, pickers, the histogram, "state then" and help take these.
    static let moving: [Binding] = [
        Binding([.character("j"), .down], .move(1), "next record"),
        Binding([.character("k"), .up], .move(-1), "previous record"),
        Binding([.pageDown, .control("f")], .page(1), "page down"),
        Binding([.pageUp, .character("b"), .control("b")], .page(-1), "page up"),
        Binding([.control("d")], .halfPage(1), "half a page down"),
        Binding([.control("u")], .halfPage(-1), "half a page up"),
        Binding([.character("g"), .home], .top, "newest (top)"),
        Binding([.character("G"), .end], .bottom, "oldest (bottom)"),
    ]
    static let open = Binding([.enter, .character("l"), .right, .character(" ")], .open,
                              "expand or close the record; open the picked entry", hint: "open")
    static let listMarks = Binding([.character("M")], .listMarks, "the marked records, as a list")
    static let export = Binding([.character("e")], .startExport,
                                "export the view (or the marks) to a file: .txt .csv .json .ndjson")

    /// Logs and pickers (screens that open over them list their key after `open`).
    static let lists = KeySection("Logs and pickers", moving + [
        open,
        Binding([.character("'")], .nextMark, "next mark (down)"),
        Binding([.character("\"")], .previousMark, "previous mark (up)"),
        listMarks,
        export,
        Binding([.character("/"), .character("f")], .startFilter,
                "filter: admin:… since:7d level:warning channel:audit words", hint: "filter"),
        Binding([.character("d")], .startDateFilter, "the last 7 days (since:7d, 7 × 24 h), to edit"),
        Binding([.character("x")], .clearFilters, "clear all filters"),
        Binding([.character("F")], .toggleFollow, "follow new records"),
    ], openersAt: moving.count + 1)

    /// A log's selected record (screens that open over it list their key before `m`).
    static let record = KeySection("On a record", [
        Binding([.character("r")], .toggleRaw, "raw stored values in the change"),
        Binding([.character("c")], .pivot(.customer), "the record's customer", hint: "customer"),
        Binding([.character("s")], .pivot(.subscription), "the record's subscription"),
        Binding([.character("a")], .pivot(.admin), "the record's billing admin", hint: "admin"),
        Binding([.character("R")], .openRequest, "the record's whole request, as a list"),
        Binding([.character("m")], .toggleMark, "mark or unmark the record (shown as *)"),
        Binding([.character("y")], .copyReference,
                "copy the record's reference and a one-line summary (to the terminal's clipboard, OSC 52)"),
        Binding([.character("Y")], .copyExpansion, "copy the record and its whole expansion as text"),
        Binding([.character("w")], .startNote,
                "write a note on the record (Enter: next line; empty line or Ctrl-D: save)"),
        Binding([.character("v")], .startReveal,
                "an agent: show the record's masked personal data, after typing why (the reason is recorded)"),
    ], openersAt: 5)

    /// The browser's own keys, after the top screen's: tabs, Back, help, quitting.
    static let global = KeyContext([KeySection("Everywhere", [
        Binding([.character("1")], .switchTab(.overall), "Overall"),
        Binding([.character("2")], .switchTab(.customers), "Customers"),
        Binding([.character("3")], .switchTab(.subscriptions), "Subscriptions"),
        Binding([.character("4")], .switchTab(.admins), "Billing Admins"),
        Binding([.tab], .nextTab, "next tab"),
        Binding([.backTab], .previousTab, "previous tab"),
        Binding([.backspace, .character("h"), .left, .escape], .back,
                "back to where you were (closes an open record)",
                hint: "back", now: { QuitKey.backspaceHint($0) }),
        Binding([.character("Q"), .control("c")], .quit, "quit at once (asks once if records are marked)",
                hint: nil, now: { QuitKey.meaning($0) == "quit" ? nil : "quit" }),
        Binding([.character("?"), .function(1)], .toggleHelp, "this help", hint: "help"),
        Binding([.character("q")], .quitOrBack,
                "like Back, but quits at the first view",
                hint: "quit", now: { QuitKey.meaning($0) }),
    ])])

    /// Keys the filter prompt takes itself (shown in help; typed text goes to the prompt).
    public static let promptKeys: [(keys: [Key], help: String)] = [
        ([.enter], "keep the filter"), ([.escape], "cancel, restoring the filter before"),
        ([.control("u")], "clear the line"), ([.left, .right], "move in the line"),
    ]

    /// Every section, in the help screen's order: each registered screen's, then the browser's own.
    public static var sections: [KeySection] {
        var seen: Set<String> = []
        return (Screens.all.flatMap { $0.type.keys.sections } + global.sections).filter { seen.insert($0.title).inserted }
    }

    /// Every binding the help screen lists (and the manual).
    public static var bindings: [Binding] { sections.flatMap(\.all) }
}
