import AuditBrowser
import AuditStore
import Terminal

enum BrowseCommand {
    static let spec = CommandSpec(
        name: "browse", operands: nil,
        summary: """
            Opens the full-screen browser: Overall, Customers, Subscriptions and Billing Admins. The database
            is opened read-only. --customer, --subscription and --admin open straight into that log. When
            standard output is not a terminal (or TERM=dumb), prints the selected records as text lines instead.

            Characters: where the locale is not UTF-8 (LANG=C, common over SSH) the screen is drawn in ASCII
            and every other character from the data is shown as an escape (\\u00FC).
            """,
        groups: [(nil, [Common.db, Common.utc, Common.mouse, Common.utf8, Common.ascii]), FilterOptions.group],
        notes: "")

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        if arguments.has("--utf8"), arguments.has("--ascii") {
            throw CommandError.usage("--utf8 and --ascii contradict each other")
        }
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (see `auditlog browse --help`)")
        }
        let clock = Clock.system(utc: arguments.has("--utc"))
        var query = try FilterOptions.query(from: arguments, clock: clock)
        let path = Environment.databasePath(arguments.value("--db"))
        let store = try Environment.openForReading(path)
        try FilterOptions.resolveNames(&query, in: store)
        let terminal = Environment.stdoutIsTerminal && Environment.stdinIsTerminal
        if terminal, TerminalScreen.terminalKind == .unknown {
            let name = Environment.variable("TERM") ?? "(unset)"
            throw CommandError.failure("unknown terminal type TERM=\(name): set TERM to one this system knows "
                + "(xterm-256color, screen, linux), or use `auditlog export` for text")
        }
        guard terminal, TerminalScreen.terminalKind == .usable else {
            let output = try Output(path: nil)
            try ExportCommand.write(store: store, query: query, format: .text, oldestFirst: false, clock: clock,
                                    to: output)
            try output.close()
            return
        }
        TerminalScreen.prepareSignals() // before the background thread starts
        let characters: TerminalScreen.Characters = arguments.has("--ascii") ? .ascii
            : arguments.has("--utf8") || Environment.variable("AUDITLOG_UTF8").map({ $0 != "0" }) == true ? .utf8
            : .byLocale
        let glyphs: Glyphs
        do { glyphs = try TerminalScreen.prepareLocale(characters) } catch {
            throw CommandError.failure("--utf8: this system has no UTF-8 locale (C.UTF-8); the screen needs one to send UTF-8")
        }
        let session = BrowserSession(
            source: store, state: BrowserState(width: 80, height: 24, clock: clock, glyphs: glyphs),
            background: { try AuditStore(path: path, mode: .readOnly) })
        // A scope flag opens straight into that log; the other filters apply on top.
        var open: (EntityKind, String)? = nil
        var rest = query
        if let subscription = query.subscription { open = (.subscription, subscription); rest.subscription = nil }
        else if let customer = query.customer { open = (.customer, customer); rest.customer = nil }
        else if let admin = query.admin { open = (.admin, admin); rest.admin = nil }
        session.start(open: open)
        session.applyInitialFilter(rest, text: QueryText.format(rest, clock: clock))
        let utc = arguments.has("--utc")
        TerminalApp.run(session, mouse: arguments.has("--mouse"), now: { Clock.system(utc: utc).now })
    }
}
