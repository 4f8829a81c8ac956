import AuditBrowser
import AuditStore
import Terminal
#if canImport(Glibc)
import Glibc
#endif

enum BrowseCommand {
    static let spec = CommandSpec(
        name: "browse", operands: "[FILE|DIR|GLOB...]",
        summary: """
            Opens the full-screen browser: Overall, Customers, Subscriptions and Billing Admins. The database
            is opened read-only. Given log files (as `auditlog import` takes them), it imports them into the
            database and opens at once on the newest records (the end of the live file), while the rest is
            imported beside it: the status bar says how far, and quitting keeps what was read. --customer, --subscription and --admin open straight into that log. When
            standard output is not a terminal (or TERM=dumb), prints the selected records as text lines instead.

            Characters: where the locale is not UTF-8 (LANG=C, common over SSH) the screen is drawn in ASCII
            and every other character from the data is shown as an escape (\\u00FC).
            """,
        groups: [(nil, [Common.db, Common.utc, Common.mouse, Common.utf8, Common.ascii]), FilterOptions.group],
        notes: "")

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        if arguments.has(Common.utf8), arguments.has(Common.ascii) {
            throw CommandError.usage("--utf8 and --ascii contradict each other")
        }
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var query = try FilterOptions.query(from: arguments, clock: clock)
        let path = Environment.databasePath(arguments.value(Common.db))
        let terminal = Environment.stdoutIsTerminal && Environment.stdinIsTerminal
        let importing = try openFiles(arguments.positional, database: path, inBackground: terminal)
        defer { importing?.stop() }
        let store = try Environment.openForReading(path)
        try FilterOptions.resolveNames(&query, in: store)
        // Files being imported may hold channels and fields the store does not have yet.
        if importing == nil, arguments.positional.isEmpty { try FilterOptions.resolveValues(&query, in: store) }
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
        let characters: TerminalScreen.Characters = arguments.has(Common.ascii) ? .ascii
            : arguments.has(Common.utf8) || Environment.variable("AUDITLOG_UTF8").map({ $0 != "0" }) == true ? .utf8
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
        if let importing {
            session.activity = { importing.status }
            session.follow() // a log opened from its files is followed, as `less +F` would: F stops
        }
        session.start(open: open)
        session.applyInitialFilter(rest, text: QueryText.format(rest, clock: clock))
        let utc = arguments.has(Common.utc)
        TerminalApp.run(session, mouse: arguments.has(Common.mouse), now: { Clock.system(utc: utc).now })
    }

    /// `auditlog FILE…`: the newest records first — the last ~512 KB of the live file (the last of the
    /// set) — then, on a thread beside the browser, every file whole (what is stored already adds nothing).
    /// Without a terminal the files are imported before the records are printed.
    static func openFiles(_ arguments: [String], database path: String, inBackground: Bool) throws -> BackgroundImport? {
        guard !arguments.isEmpty else { return nil }
        if arguments.contains("-") {
            throw CommandError.usage("the browser reads keys from standard input; import it first: `auditlog import -`")
        }
        let (files, unmatched) = SourceSet.expand(arguments)
        if let problem = unmatched.first { throw CommandError.failure("\(problem.argument): \(problem.reason)") }
        for file in files where access(file, R_OK) != 0 {
            throw CommandError.failure("\(file): \(String(cString: strerror(errno)).lowercased())")
        }
        try Environment.makeParentDirectory(of: path)
        Environment.announceUpgrade(of: path)
        // In the background, a killed bulk load's indexes are built by the import beside the browser.
        let writer = try AuditStore(path: path, mode: .readWrite, finishingInterruptedLoad: !inBackground)
        guard inBackground else {
            for file in files { try writer.importSource(path: file) }
            return nil
        }
        if let live = files.last, Compression.of(path: live) == nil {
            var tail = ImportOptions()
            tail.tailBytes = 512 << 10
            _ = try? writer.importSource(path: live, options: tail)
        }
        return BackgroundImport(files: files, database: path, options: ImportOptions())
    }
}
