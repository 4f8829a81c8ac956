import AuditBrowser
import AuditStore

enum ImportCommand {
    static let help = """
        Usage: auditlog import [--db PATH] [--format auto|monolog-line|monolog-json|es] [--users FILE.csv]
                               [--customers FILE.csv] [--strict] FILE...

        Imports BillaBear audit records. Each FILE (- for standard input) is a Monolog line log
        (var/log/prod.log), Monolog JSON lines, or Elasticsearch hits (one per line, or a whole _search
        response); the form is detected per file unless --format says it. Importing the same records again
        adds nothing; a grown file adds only its new records.

          --users FILE.csv        billing admins as id,email (BillaBear's users table)
          --customers FILE.csv    customers as id,email[,name]
          --strict                store nothing from a file that has a bad line
          --db PATH               the database (default: $AUDITLOG_DB, else ~/.local/share/auditlog/audit.db)

        A bad line is reported as FILE:LINE: reason and skipped; the exit status is then 1.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, valued: ["--db", "--format", "--users", "--customers"],
                                      switches: ["--strict"], command: "import")
        var options = ImportOptions(strict: arguments.has("--strict"))
        if let format = arguments.value("--format"), format != "auto" {
            guard let known = SourceFormat(rawValue: format) else {
                throw CommandError.usage("--format takes auto, monolog-line, monolog-json or es, not \"\(format)\"")
            }
            options.format = known
        }
        let files = arguments.positional
        let users = arguments.values["--users"] ?? []
        let customers = arguments.values["--customers"] ?? []
        if files.isEmpty && users.isEmpty && customers.isEmpty {
            throw CommandError.usage("import needs at least one FILE (see `auditlog import --help`)")
        }
        let path = Environment.databasePath(arguments.value("--db"))
        try Environment.makeParentDirectory(of: path)
        let store = try AuditStore(path: path, mode: .readWrite)

        var failed = false
        for csv in users {
            let count = try store.loadAdmins(csvPath: csv)
            print("\(csv): \(count) billing admins")
        }
        for csv in customers {
            let count = try store.loadCustomers(csvPath: csv)
            print("\(csv): \(count) customers")
        }
        let showProgress = Environment.stderrIsTerminal
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            do {
                let summary = try store.importSource(
                    path: file, options: options,
                    problem: { Console.note($0) },
                    progress: showProgress ? { progress in
                        Console.progress("\(name): \(NumberText.grouped(progress.lines)) lines read…")
                    } : nil)
                if showProgress { Console.progress("") }
                if summary.lines == 0 {
                    // Decided: an empty source is reported like a bad one (exit 1), so a script notices a
                    // log that was rotated away or a wrong path that happened to exist.
                    Console.error("\(name): empty, no records to import")
                    failed = true
                    continue
                }
                var line = "\(name): \(NumberText.grouped(summary.imported)) imported"
                if summary.alreadyStored > 0 { line += ", \(NumberText.grouped(summary.alreadyStored)) already stored" }
                if summary.skipped > 0 {
                    line += ", \(NumberText.grouped(summary.skipped)) skipped"
                    if options.strict { line += " (--strict: nothing stored from this file)" }
                    failed = true
                }
                if let format = summary.format { line += " (\(format.rawValue))" }
                print(line)
            } catch let error as StoreError {
                Console.error(error.description)
                failed = true
            }
        }
        if failed { throw CommandError.quietFailure }
    }
}
