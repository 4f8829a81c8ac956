import AuditBrowser
import AuditStore
import Terminal

enum BrowseCommand {
    static let help = """
        Usage: auditlog [browse] [--db PATH] [--utc] [--mouse] [FILTERS]

        Opens the full-screen browser: Overall, Customers, Subscriptions and Billing Admins. The database
        is opened read-only. --customer, --subscription and --admin open straight into that log. When
        standard output is not a terminal, prints the selected records as text lines instead.

        \(FilterOptions.help)
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, valued: FilterOptions.valued.union(["--db"]),
                                      switches: ["--utc", "--mouse"], command: "browse")
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (see `auditlog browse --help`)")
        }
        let clock = Clock.system(utc: arguments.has("--utc"))
        let query = try FilterOptions.query(from: arguments, clock: clock)
        let path = Environment.databasePath(arguments.value("--db"))
        let store = try AuditStore(path: path, mode: .readOnly)
        guard Environment.stdoutIsTerminal, Environment.stdinIsTerminal else {
            let output = try Output(path: nil)
            try ExportCommand.write(store: store, query: query, format: .text, oldestFirst: false, clock: clock,
                                    to: output)
            try output.close()
            return
        }
        TerminalScreen.prepareSignals() // before the background thread starts
        let session = BrowserSession(
            source: store, state: BrowserState(width: 80, height: 24, clock: clock),
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
