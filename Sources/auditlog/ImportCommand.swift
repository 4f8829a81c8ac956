import AuditBrowser
import AuditStore
import CStopSignals
#if canImport(Glibc)
import Glibc
#endif

enum ImportCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "import", operands: "[FILE|DIR|GLOB...]",
        summary: """
            Imports BillaBear audit records from whatever logs an operator has: Monolog line logs
            (var/log/prod.log, also with inline line breaks and stack traces, any date format, without the
            trailing "[] []"), Monolog JSON (lines, batches, arrays), Elasticsearch exports (hits one per line or
            pretty-printed, jq output, _search responses and scroll pages, _bulk backups) and shippers' documents
            (Logstash, Elastic Common Schema). The form is detected per record. Lines as Docker (json-file),
            Kubernetes (CRI, /var/log/pods), journald (journalctl -o json --all) or syslog keep them are
            unwrapped first, partial entries joined. Files may be gzip, xz, bzip2 or zstd compressed; a
            directory or a glob ('var/log/prod.log*') reads every file, each rotated set oldest first. - reads
            standard input. Importing the same records again adds nothing. --users and --customers load
            names on their own too (--users alone), before or after the logs. Ends with the database written.
            """,
        groups: [(nil, [
            Option.users, Option.customers, timezone, lineFormat, format, Option.errors, Option.strict, Option.follow,
            Option.drop, Common.db,
        ])],
        notes: "A record that cannot be read is reported as FILE:LINE: reason and skipped; the exit status is then 1.")

    enum Option {
        static let users = OptionSpec("--users", value: "FILE.csv", "billing admins as id,email (BillaBear's users table)")
        static let customers = OptionSpec("--customers", value: "FILE.csv", "customers as id,email[,name]")
        static let errors = OptionSpec("--errors", value: "FILE", "write every problem to FILE (the terminal gets the first 10 per file)")
        static let strict = OptionSpec("--strict", "store nothing from a file that has a bad record")
        static let follow = OptionSpec("--follow", "then keep importing what the files get, as tail -F follows them (appends,\n"
            + "truncation, logrotate's rename); Ctrl-C or SIGTERM stops, keeping all that was read")
        static let drop = OptionSpec("--drop", value: "DIR", "the drop directory this ingester takes notes from (the package's:\n"
            + "/var/spool/auditlog), each with its file's owner as author; recorded in the store, where\n"
            + "`note add` and the browser of users who cannot write it find it")
    }

    /// How the sources are read: shared with `verify`, which reads them the same way.
    static let timezone = OptionSpec("--timezone", value: "ZONE", "the zone of times written without one (Europe/Berlin, UTC, +02:00);\n"
        + "default: the local zone ($TZ), as date(1) uses")
    static let lineFormat = OptionSpec("--line-format", value: "FORMAT", "a custom LineFormatter format, default\n"
        + "\"[%datetime%] %channel%.%level_name%: %message% %context% %extra%\"")
    static let format = OptionSpec("--format", value: "F", choices: ["auto"] + SourceFormat.allCases.map(\.rawValue),
                                   "only this form (default: any, detected per record)")

    /// The options `timezone`, `lineFormat` and `format` give.
    static func readingOptions(_ arguments: Arguments, strict: Bool = false) throws -> ImportOptions {
        var options = ImportOptions(strict: strict)
        if let format = arguments.value(Self.format), format != "auto" {
            options.format = SourceFormat(rawValue: format) // one of the declared choices
        }
        if let zone = arguments.value(timezone) {
            guard let known = ImportZone(zone) else {
                throw CommandError.usage("--timezone takes a zone such as Europe/Berlin, UTC or +02:00, not \"\(zone)\"")
            }
            options.zone = known
        }
        if let format = arguments.value(lineFormat) {
            guard let known = LineFormat(format) else {
                throw CommandError.usage("--line-format needs %datetime% and %message%, and knows %channel% %level_name% "
                    + "%context% %extra%; not \"\(format)\"")
            }
            options.lineFormat = known
        }
        return options
    }

    /// Problems shown per file on the terminal; the rest are counted (and all go to --errors FILE).
    static let shownProblems = 10

    static func run(_ words: [String]) throws {
        try PrivilegedMode.refuse("import")
        let arguments = try Arguments(words, spec: spec)
        // A closed pipe (`auditlog import … 2>&1 | head`) is no reason to die midway: writes to it fail
        // quietly and the import goes on, keeping everything it read. (`export | head` still ends as
        // Unix tools do, by SIGPIPE.)
        signal(SIGPIPE, SIG_IGN)
        var options = try readingOptions(arguments, strict: arguments.has(Option.strict))
        options.progressEvery = 10_000 // lines between progress updates on a terminal
        options.indexSearchText = false // the records first, then their search text (`indexSearch`)
        let users = arguments.values(Option.users)
        let customers = arguments.values(Option.customers)
        let drop = arguments.value(Option.drop).map(SystemLog.absolute)
        if arguments.positional.isEmpty && users.isEmpty && customers.isEmpty && drop == nil {
            throw CommandError.usage("import needs a FILE, --users, --customers or --drop (see `auditlog import --help`)")
        }
        let (files, unmatched) = SourceSet.expand(arguments.positional)
        // Nothing named can be read (and nothing followed, which waits for a missing file as tail -F does, nor a
        // drop directory taken): each one's line, and no store or directory created for nothing.
        let named = files + users + customers
        let unreadable = SourceSet.unreadable(named)
        if unreadable.count == named.count, drop == nil, !arguments.has(Option.follow) {
            for problem in unmatched + unreadable { Console.error("\(problem.argument): \(problem.reason)") }
            throw CommandError.quietFailure
        }
        let errors = try arguments.value(Option.errors).map { try Output(path: $0) }
        let path = Environment.databasePath(arguments.value(Common.db))
        let existed = Environment.fileExists(path)
        let made = try Environment.makeParentDirectory(of: path)
        let report = TerminalReport(options: options, errors: errors, willFollow: arguments.has(Option.follow))
        report.database = SystemLog.absolute(path)
        // A store this import makes is removed again (with the directories made for it) when the import fails
        // having stored nothing: a file that is no log, or empty, leaves nothing behind, as a missing one does.
        // Not when following (the store was announced and is written as the files grow) nor with a drop directory.
        report.discardable = !existed && drop == nil && !arguments.has(Option.follow)
        let failed: Bool
        do {
            failed = try runImport(files, unmatched: unmatched, users: users, customers: customers, drop: drop,
                                   into: path, follow: arguments.has(Option.follow), report: report)
        } catch {
            if report.discardable, report.stored == 0 { Environment.removeNewStore(path, directories: made) }
            throw error
        }
        if failed, report.discardable, report.stored == 0 { Environment.removeNewStore(path, directories: made) }
        try errors?.close()
        if failed { throw CommandError.quietFailure }
    }

    /// The import into the store at `path`, opened here and closed on return (so a store made for nothing can be
    /// removed). Whether anything failed.
    private static func runImport(_ files: [String], unmatched: [SourceSet.Problem], users: [String], customers: [String],
                                  drop: String?, into path: String, follow: Bool, report: TerminalReport) throws -> Bool {
        Environment.announceUpgrade(of: path)
        let store = try AuditStore(path: path, mode: .readWrite)
        for problem in unmatched { report.couldNotRead(problem) }
        for csv in users {
            let count = try store.loadAdmins(csvPath: csv)
            if count > 0 { report.discardable = false }
            print("\(csv): \(count) billing admins")
        }
        for csv in customers {
            let count = try store.loadCustomers(csvPath: csv)
            if count > 0 { report.discardable = false }
            print("\(csv): \(count) customers")
        }
        let session = ImportSession(store: store, options: report.options, report: report)
        session.headPublisher = SystemLog.publisher(for: store, path: path)
        session.dropDirectory = drop
        if let followed = try session.run(files, follow: follow, until: { seconds in
            usleep(UInt32(seconds * 1_000_000)) // a stop signal ends the wait at once
            return audit_stop_signal_received() != 0
        }) {
            if report.showProgress { Console.progress("") }
            print("followed: \(NumberText.grouped(followed)) new record\(followed == 1 ? "" : "s")")
        }
        return report.failed
    }

    /// What a file that holds lines but no record is: one line naming it, and its first problem
    /// (`12: not a record: "…"`, the line and reason), shared by `import` and `auditlog FILE`.
    static func notALogLine(_ name: String, firstProblem: String?) -> String {
        "\(name): not a BillaBear audit log; tried Monolog lines ([date] channel.LEVEL: message), Monolog JSON, "
            + "Elasticsearch hits, responses and _bulk, and Logstash/ECS documents"
            + (firstProblem.map { " (line \($0))" } ?? "")
    }

    /// What an empty file read once (not followed) is. Decided: reported like a bad one (exit 1), so a script
    /// notices a log that was rotated away or a wrong path that happened to exist.
    static func emptyLine(_ name: String) -> String { "\(name): empty, no records to import" }

    /// `prod.log: 43 % · 412 000 records · 17 200 records/s · 33 s left`: percent and time left for a
    /// plain file (by bytes), records and rate for any.
    static func progressLine(_ name: String, _ progress: ImportSummary, size: Int64?, started: Int64) -> String {
        let records = progress.imported + progress.alreadyStored + progress.skipped
        let seconds = max(0.001, Double(SystemClock.monotonicMicroseconds() - started) / 1_000_000)
        var parts: [String] = []
        if let size, size > 0, let read = progress.bytesRead {
            parts.append("\(min(100, read * 100 / size)) %")
        }
        parts.append("\(NumberText.grouped(records)) records")
        parts.append("\(NumberText.grouped(Int(Double(records) / seconds))) records/s")
        if let size, let read = progress.bytesRead, read > 0, read < size {
            let left = Double(size - read) / (Double(read) / seconds)
            parts.append("\(Int(left.rounded())) s left")
        }
        return name + ": " + parts.joined(separator: " · ")
    }
}
