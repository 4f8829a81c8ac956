import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

enum DemoCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "demo", operands: nil,
        summary: """
            Writes a realistic BillaBear audit database and opens the browser on it. The same seed and end
            date always make the same records. Without --db it (re)creates ~/.local/share/auditlog/demo.db;
            a --db that already holds records is refused.
            """,
        groups: [(nil, [
            Option.db,
            Option.requests, Option.seed, Option.end, Option.noBrowse,
        ]), ("Browsing it:", browsing)],
        notes: "")

    enum Option {
        /// Not `Common.db`: the demo never writes `$AUDITLOG_DB` or the default audit.db.
        static let db = OptionSpec("--db", value: "PATH",
                                   "the database to write, new or empty (default: ~/.local/share/auditlog/demo.db,\n"
                                       + "made again each run; $AUDITLOG_DB and audit.db are never written)")
        static let requests = OptionSpec("--requests", value: "N", "HTTP requests to simulate (default 20 000; about 1.5 records each)")
        static let seed = OptionSpec("--seed", value: "N", "the random seed (default 1)")
        static let end = OptionSpec("--end", value: "DATE", "the newest record is just before this day ends (default: the current hour)")
        static let noBrowse = OptionSpec("--no-browse", "only write the database and print a summary")
    }

    /// The browser's switches, handed on to it.
    static let browsing = [Common.utc, Common.mouse, Common.utf8, Common.ascii, Common.noClipboard]

    static func run(_ words: [String]) throws {
        try PrivilegedMode.refuse("demo")
        let arguments = try Arguments(words, spec: spec)
        let requests = try arguments.integer(Option.requests, range: 1...100_000_000) ?? 20_000
        let seed = try arguments.integer(Option.seed, range: 0...Int.max) ?? 1
        let clock = Clock.system()
        var end = Timestamp(seconds: clock.now.seconds - clock.now.seconds % 3600)
        if let text = arguments.value(Option.end) {
            guard let day = try? QueryText.parse("until:\(text)", clock: .fixed(now: clock.now)).until else {
                throw CommandError.usage("--end takes a date like 2025-06-30, not \"\(text)\"")
            }
            end = day
        }
        let explicit = arguments.value(Option.db)
        let path = Environment.databasePath(explicit, fileName: "demo.db")
        try Environment.makeParentDirectory(of: path)
        if explicit == nil {
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        }
        // The writer is closed before browsing, so its log is folded into the file and removed.
        do {
            let store = try AuditStore(path: path, mode: .readWrite)
            if try store.recordCount() > 0 {
                throw CommandError.failure("\(path) already holds records; demo data goes into a new database")
            }
            let started = clock.now
            var generator = DemoGenerator(options: .init(requests: requests, seed: UInt64(seed), end: end))
            try generator.writeDirectory(to: store)
            var batch: [GeneratedRecord] = []
            var total = 0
            while let records = generator.nextRequest() {
                batch += records
                if batch.count >= 10_000 {
                    total += try store.insertGenerated(batch)
            try generator.writeDirectory(to: store) // the emails, names and plans the changes left
                    batch.removeAll(keepingCapacity: true)
                }
            }
            total += try store.insertGenerated(batch)
            try generator.writeDirectory(to: store) // the emails, names and plans the changes left
            let tenths = Int((Clock.system().now.microseconds - started.microseconds) / 100_000)
            print("demo: \(NumberText.grouped(total)) records from \(NumberText.grouped(requests)) requests, "
                + "\(try store.entityCount(.admin)) admins, \(NumberText.grouped(try store.entityCount(.customer))) customers, "
                + "\(NumberText.grouped(try store.entityCount(.subscription))) subscriptions in \(path) "
                + "(\(tenths / 10).\(tenths % 10) s)")
        }
        if !arguments.has(Option.noBrowse) {
            var browseWords = [Common.db.name, path]
            for flag in browsing where arguments.has(flag) { browseWords.append(flag.name) }
            try BrowseCommand.run(browseWords)
        }
    }
}
