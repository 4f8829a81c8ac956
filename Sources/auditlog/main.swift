import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// `auditlog [COMMAND] [OPTIONS]`: argument parsing and wiring only; the work is in the libraries.
let version = "0.1.0"

let usage = """
    auditlog \(version) — browse BillaBear audit logs in the terminal

    Usage:
    \(Commands.usageLines)

    `auditlog COMMAND --help` describes a command; `auditlog --man` writes the manual page and
    `auditlog completions bash|zsh|fish` a completion script. Database: --db, else $AUDITLOG_DB, else
    ~/.local/share/auditlog/audit.db. Exit status: 0 ok, 1 failure, 2 usage error.
    """

func main() -> Int32 {
    // Before anything reads the environment: a setgid auditlog scrubs it, refuses core files (PrivilegedMode).
    if let problem = PrivilegedMode.start() {
        Console.error(problem)
        return 1
    }
    var words = Array(CommandLine.arguments.dropFirst())
    // Whose eyes read the store, before anything opens it (every store opened after takes it).
    do { Role.ofThisProcess = try Environment.readerRole() } catch CommandError.usage(let message) {
        Console.error(message)
        return 2
    } catch {
        return 2
    }
    if words.first == "--version" || words.first == "-V" {
        print("auditlog \(version)")
        return 0
    }
    if words.first == "--man" {
        print(ManPage.roff(version: version), terminator: "")
        return 0
    }
    // Privileged: `--db`/`AUDITLOG_DB` name the shared store, and the person has a role.
    if let refusal = PrivilegedMode.check(words: words) {
        Console.error(refusal)
        return 1
    }
    // Privileged: every look (a view, an expansion, show, state, export, report, review, a reveal) is recorded
    // in the drop directory before it is shown; a look that cannot be recorded does not happen.
    if UserRights.isPrivileged { Looks.recorder = DropAccessRecorder(directory: PrivilegedMode.dropDirectory) }
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
        print(HelpText.reflow(usage))
        return 0
    }
    var name = Commands.all[0].name
    // `auditlog prod.log` browses that file: a first word that names a file or looks like one (a dot, a slash, a
    // glob), not a command — one that is missing is then "no such file", as `./prod.log` is; `auditlog r7kq-2m9x`
    // opens the browser on the record with that reference. Any other word is a command, perhaps mistyped.
    if let first = words.first, !first.hasPrefix("-"),
       Commands.named(first) != nil || !(BrowseCommand.looksLikeFile(first) || RefLookup.looksLikeReference(first)) {
        name = first
        words.removeFirst()
    }
    guard let (command, spec) = Commands.named(name) else {
        let guess = Commands.suggestion(for: name).map { "; did you mean \"\($0)\"?" } ?? ""
        Console.error("unknown command \"\(name)\"\(guess) (commands: \(Commands.names.joined(separator: ", ")); "
            + "see `auditlog --help`)")
        return 2
    }
    if words.contains("--help") || words.contains("-h") {
        print(spec.help)
        return 0
    }
    do {
        try command.run(words, name)
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
    } catch CommandError.finished(let status) {
        return status
    } catch {
        Console.error(String(describing: error))
        return 1
    }
}

exit(main())
