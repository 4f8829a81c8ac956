import AuditBrowser
import AuditReview
import AuditStore
import Terminal
#if canImport(Glibc)
import Glibc
#endif

enum BrowseCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "browse", operands: "[FILE|DIR|GLOB...|REF]",
        summary: """
            Opens the full-screen browser: Overall, Customers, Subscriptions and Billing Admins. The database
            is opened read-only. Given log files (as `auditlog import` takes them), it imports them into the
            database and opens at once on the newest records (the end of the live file), while the rest is
            imported beside it: the status bar says how far, and quitting keeps what was read. --customer, --subscription and --admin open straight into that log. When
            standard output is not a terminal (or TERM=dumb), prints the selected records as text lines instead.

            Given a record's reference (r7kq-2m9x-hd4c-a3fz, or its first 6 characters or more when no other
            record's starts so), opens on that record, selected and expanded, in its customer's log when it
            has one (Back goes to the overall log); an unknown or ambiguous reference is an error (exit 1).

            Copying: y sends the selected record's reference and a one-line summary, Y the record and its
            whole expansion, to the clipboard of the terminal you sit at (also over SSH) with the OSC 52
            escape sequence, which xterm, kitty, iTerm2, WezTerm and Windows Terminal understand; inside
            tmux, only with `set -g set-clipboard on` in ~/.tmux.conf. The terminal does not say whether it
            took it: the status bar says it was sent. --no-clipboard (or AUDITLOG_CLIPBOARD=0) sends
            nothing, and y shows the reference to copy by hand.

            Characters: where the locale is not UTF-8 (LANG=C, common over SSH) the screen is drawn in ASCII
            and every other character from the data is shown as an escape (\\u00FC).
            """,
        groups: [(nil, [Common.db, Common.utc, Common.mouse, Common.utf8, Common.ascii, Common.noClipboard]),
                 FilterOptions.group],
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
        let (refs, files) = referencesAndFiles(arguments.positional)
        try PrivilegedMode.refuse("browse", files: files)
        if let ref = refs.first {
            guard refs.count == 1, files.isEmpty, query.isUnfiltered else {
                throw CommandError.usage("a reference opens its one record: no files, filters or other references "
                    + "with it (`auditlog show REF...` prints several)")
            }
            return try openRecord(ref, database: path, clock: clock, arguments: arguments, terminal: terminal)
        }
        let (importing, problems) = try openFiles(files, database: path, inBackground: terminal)
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
            if !problems.isEmpty { throw CommandError.quietFailure } // said before the records
            return
        }
        let session = try makeSession(store: store, path: path, clock: clock, arguments: arguments)
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
        session.noteWriter = { job in try NoteCommand.write(job.text, on: job.recordID, database: path) }
        session.start(open: open, filter: (rest, QueryText.format(rest, clock: clock)))
        let utc = arguments.has(Common.utc)
        TerminalApp.run(session, mouse: arguments.has(Common.mouse), now: { Clock.system(utc: utc).now })
    }

    /// The browser on one store, its characters as the locale and the flags say.
    static func makeSession(store: AuditStore, path: String, clock: Clock, arguments: Arguments) throws -> BrowserSession {
        TerminalScreen.prepareSignals() // before the background thread starts
        let characters: TerminalScreen.Characters = arguments.has(Common.ascii) ? .ascii
            : arguments.has(Common.utf8) || Environment.variable("AUDITLOG_UTF8").map({ $0 != "0" }) == true ? .utf8
            : .byLocale
        let glyphs: Glyphs
        do { glyphs = try TerminalScreen.prepareLocale(characters) } catch {
            throw CommandError.failure("--utf8: this system has no UTF-8 locale (C.UTF-8); the screen needs one to send UTF-8")
        }
        var state = BrowserState(width: 80, height: 24, clock: clock, glyphs: glyphs)
        state.clipboard = !arguments.has(Common.noClipboard) && Environment.variable("AUDITLOG_CLIPBOARD") != "0"
        state.demoCommand = Environment.demoCommand(insteadOf: path)
        // The background queues' stores take the process's role too (`Role.ofThisProcess`).
        state.role = store.role
        // The review (`!`) judges by review.conf as `auditlog review` does. A bad line does not keep an agent from
        // browsing: `!` then shows that command's error (file:line) instead of a review.
        do { state.reviewSettings = try ReviewCommand.fileSettings(explicit: nil) } catch CommandError.failure(let message) {
            state.reviewSettingsProblem = message
        }
        let session = BrowserSession(source: store, state: state, background: { try AuditStore(path: path, mode: .readOnly) })
        session.revealer = { job in try reveal(job, database: path) }
        session.accessRecorder = Looks.recorder
        return session
    }

    /// `v`: the record as a reviewer reads it, once the look is recorded. On the shared server (privileged mode)
    /// the access record goes first (`Looks.record`: the drop directory), with the reason, and a reveal it cannot
    /// record does not happen; a privileged process without a recorder refuses it. Outside it (one's own store,
    /// `AUDITLOG_ROLE=agent`) nothing is recorded, as nothing else is.
    static func reveal(_ job: Reveal, database path: String) throws -> AuditRecord {
        if getegid() != getgid(), Looks.recorder == nil {
            throw RevealRefused(description: "the access record of a reveal cannot be written by this build")
        }
        let scope: AccessScope = job.customerID.map { .customer($0) } ?? job.subscriptionID.map { .subscription($0) } ?? .overall
        do {
            try Looks.record(AccessEvent(action: .reveal, scope: scope, record: job.ref.text, reason: job.reason))
        } catch CommandError.failure(let message) {
            throw RevealRefused(description: message)
        }
        let store = try AuditStore(path: path, mode: .readOnly, role: .reviewer)
        guard var record = try store.page(of: RecordQuery(ids: [job.recordID]), from: .newest, limit: 1).first else {
            throw RevealRefused(description: "record \(job.ref) is no longer in the store")
        }
        record.revealed = true
        return record
    }

    /// Why `v` revealed nothing, for the status line.
    struct RevealRefused: Error, CustomStringConvertible { let description: String }

    /// A word meant as a file: one that exists, or has a slash, a dot (`prod.log`) or a glob character. A
    /// reference has none of these; a command name neither.
    static func looksLikeFile(_ word: String) -> Bool {
        Environment.fileExists(word) || word.contains("/") || word.contains(".") || SourceSet.isGlob(word)
    }

    /// The operands that are references (a word that looks like one and names no file), and the files.
    static func referencesAndFiles(_ operands: [String]) -> (refs: [String], files: [String]) {
        var refs: [String] = [], files: [String] = []
        for operand in operands {
            if !looksLikeFile(operand), RefLookup.looksLikeReference(operand) { refs.append(operand) } else { files.append(operand) }
        }
        return (refs, files)
    }

    /// `auditlog REF`: the browser on that record; without a terminal, the record as `show` prints it.
    static func openRecord(_ ref: String, database path: String, clock: Clock, arguments: Arguments, terminal: Bool) throws {
        let store = try Environment.openForReading(path)
        let found = try store.lookup(ref: ref)
        guard let record = found.record else {
            // A word without a dash may have been meant as a file.
            throw CommandError.failure((ref.contains("-") ? "" : "\(ref): no such file; ") + (found.problem ?? ""))
        }
        if terminal, TerminalScreen.terminalKind == .unknown {
            throw CommandError.failure("unknown terminal type TERM=\(Environment.variable("TERM") ?? "(unset)"): set TERM "
                + "to one this system knows (xterm-256color, screen, linux), or use `auditlog show` for text")
        }
        guard terminal, TerminalScreen.terminalKind == .usable else {
            try ShowCommand.run([ref, "--db", path] + (arguments.has(Common.utc) ? ["--utc"] : []))
            return
        }
        let session = try makeSession(store: store, path: path, clock: clock, arguments: arguments)
        session.start(at: record)
        let utc = arguments.has(Common.utc)
        TerminalApp.run(session, mouse: arguments.has(Common.mouse), now: { Clock.system(utc: utc).now })
    }

    /// `auditlog FILE…`: the newest records first — the last ~512 KB of the live file (the last of the
    /// set) — then, on a thread beside the browser, every file whole (what is stored already adds nothing).
    /// Without a terminal the files are imported before the records are printed. Also the lines saying which
    /// files are no logs (`logsAmong`), said already on standard error without a terminal.
    static func openFiles(_ arguments: [String], database path: String, inBackground: Bool) throws
        -> (importing: BackgroundImport?, problems: [String]) {
        guard !arguments.isEmpty else { return (nil, []) }
        if arguments.contains("-") {
            throw CommandError.usage("the browser reads keys from standard input; import it first: `auditlog import -`")
        }
        let (named, unmatched) = SourceSet.expand(arguments)
        if let problem = (unmatched + SourceSet.unreadable(named)).first {
            throw CommandError.failure("\(problem.argument): \(problem.reason)") // before the store is made
        }
        let (files, problems) = try logsAmong(named, following: inBackground)
        try Environment.makeParentDirectory(of: path)
        Environment.announceUpgrade(of: path)
        // In the background, a killed bulk load's indexes are built by the import beside the browser.
        let writer = try AuditStore(path: path, mode: .readWrite, finishingInterruptedLoad: !inBackground)
        guard inBackground else {
            for line in problems { Console.error(line) }
            for file in files { try writer.importSource(path: file) }
            return (nil, problems)
        }
        if let live = files.last, Compression.of(path: live) == nil {
            var tail = ImportOptions()
            tail.tailBytes = 512 << 10
            _ = try? writer.importSource(path: live, options: tail)
        }
        let refused = named.filter { !files.contains($0) }
        return (BackgroundImport(files: files, database: path, options: ImportOptions(), notLogs: refused), problems)
    }

    /// The files to open, and a line (as `import` says it) for each that is not a log, decided by reading each
    /// file only as far as its first record (`SourceSet.content`), before any store is made or terminal taken.
    /// A file that holds no record is no log. An empty file, followed (the browser on a terminal), is a live log
    /// not written to yet: opened, and "empty so far; following" in the status bar; not followed (a pipe), it
    /// is what `import` says of it. When no file holds a record, those lines are the error (exit 1) and
    /// nothing is opened — unless every file is empty and followed.
    static func logsAmong(_ named: [String], following: Bool) throws -> (files: [String], problems: [String]) {
        var files: [String] = [], lines: [String] = [], holdsRecords = false, refused = false
        for file in named {
            let content: SourceContent
            do { content = try SourceSet.content(of: file) } catch let error as StoreError {
                throw CommandError.failure("\(file): \(error.description)")
            }
            switch content {
            case .records:
                holdsRecords = true
                files.append(file)
            case .empty where following:
                files.append(file)
            case .empty:
                lines.append(ImportCommand.emptyLine(file))
            case .noRecord(let line, let reason):
                refused = true
                lines.append(ImportCommand.notALogLine(file, firstProblem: "\(line): \(reason)"))
            }
        }
        if !holdsRecords, refused || !following {
            for line in lines { Console.error(line) }
            throw CommandError.quietFailure
        }
        return (files, lines)
    }
}
