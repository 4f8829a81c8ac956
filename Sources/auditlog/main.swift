import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// `auditlog [COMMAND] [OPTIONS]`: argument parsing and wiring only; the work is in the libraries.
let version = "0.1.0"

let usage = """
    auditlog \(version) — browse BillaBear audit logs in the terminal

    Usage:
      auditlog [browse] [--db PATH] [FILTERS]   open the browser (the default command)
      auditlog import [OPTIONS] FILE...         import Monolog or Elasticsearch audit records
      auditlog demo [--requests N] [--seed N]   create a demo database and browse it
      auditlog export [--format F] [-o FILE]    write records as text, csv, json or ndjson
      auditlog query ...                        the same as export
      auditlog report [--since … --until …]     who did what: per admin, as text, csv, json or html
      auditlog state --customer X [--at TIME]   a customer's or subscription's fields as of a moment
      auditlog verify [FILE...] [--head HASH]   the store unaltered (hash chain), and matching the logs

    `auditlog COMMAND --help` describes a command; `auditlog --man` writes the manual page and
    `auditlog completions bash|zsh|fish` a completion script. Database: --db, else $AUDITLOG_DB, else
    ~/.local/share/auditlog/audit.db. Exit status: 0 ok, 1 failure, 2 usage error.
    """

func main() -> Int32 {
    var words = Array(CommandLine.arguments.dropFirst())
    if words.first == "--version" || words.first == "-V" {
        print("auditlog \(version)")
        return 0
    }
    if words.first == "--man" {
        print(ManPage.roff(version: version), terminator: "")
        return 0
    }
    if words.first == "complete-names" {
        // For the completion scripts: names of a kind that start with (or contain) the text typed so far.
        return Completions.names(Array(words.dropFirst()))
    }
    if words.first == "completions" {
        guard words.count == 2, let script = Completions.script(for: words[1]) else {
            Console.error("usage: auditlog completions bash|zsh|fish")
            return 2
        }
        print(script, terminator: "")
        return 0
    }
    if words.first == "--help" || words.first == "-h" || words.first == "help" {
        print(usage)
        return 0
    }
    var command = "browse"
    // `auditlog prod.log` browses that file: a first word that names a file (or a path or glob), not a command.
    let knownCommands: Set<String> = ["browse", "import", "demo", "export", "query", "report", "state", "verify"]
    if let first = words.first, !first.hasPrefix("-"),
       knownCommands.contains(first) || !(Environment.fileExists(first) || first.contains("/") || SourceSet.isGlob(first)) {
        command = first
        words.removeFirst()
    }
    let commands: [String: (help: String, run: ([String]) throws -> Void)] = [
        "browse": (BrowseCommand.spec.help, BrowseCommand.run),
        "import": (ImportCommand.spec.help, ImportCommand.run),
        "demo": (DemoCommand.spec.help, DemoCommand.run),
        "export": (ExportCommand.spec("export").help, { try ExportCommand.run($0) }),
        "query": (ExportCommand.spec("query").help, { try ExportCommand.run($0, command: "query") }),
        "state": (StateCommand.spec.help, StateCommand.run),
        "verify": (VerifyCommand.spec.help, VerifyCommand.run),
        "report": (ReportCommand.spec.help, ReportCommand.run),
    ]
    guard let entry = commands[command] else {
        Console.error("unknown command \"\(command)\" (commands: browse, import, demo, export, query, report, state, verify; see `auditlog --help`)")
        return 2
    }
    if words.contains("--help") || words.contains("-h") {
        print(entry.help)
        return 0
    }
    do {
        try entry.run(words)
        return 0
    } catch let error as Arguments.UsageError {
        Console.error(error.message)
        return 2
    } catch CommandError.usage(let message) {
        Console.error(message)
        return 2
    } catch CommandError.failure(let message) {
        Console.error(message)
        return 1
    } catch CommandError.quietFailure {
        return 1
    } catch {
        Console.error(String(describing: error))
        return 1
    }
}

exit(main())
