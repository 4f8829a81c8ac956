import AuditBrowser
import AuditStore
import Terminal
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the process the commands consult.
enum Environment {
    static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The role this process reads the store with (issue 22). Outside privileged mode the user reads their
    /// own store: a reviewer, or an agent with `AUDITLOG_ROLE=agent` (to see what agents see; it can only
    /// lower the role, never raise it). In privileged mode the role comes from the roles file and the user's
    /// groups (`RolesFile`), lowered the same way.
    static func readerRole(granted: Role = .reviewer) throws -> Role {
        guard let asked = variable("AUDITLOG_ROLE") else { return granted }
        guard let role = Role(rawValue: asked) else {
            throw CommandError.usage("AUDITLOG_ROLE=\(asked): agent or reviewer")
        }
        return min(role, granted)
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// What the commands' own decorations (`→ · … ▸`) are drawn with on a descriptor: on a terminal whose locale is
    /// not UTF-8 (`LANG=C`) ASCII, the browser's stand-ins (`AUDITLOG_UTF8=1` keeps Unicode, as for the browser);
    /// else, and always in a file or a pipe (scripts), Unicode.
    static func glyphs(for descriptor: Int32) -> Glyphs {
        guard isatty(descriptor) == 1, variable("AUDITLOG_UTF8").map({ $0 != "0" }) != true else { return .unicode }
        return TerminalScreen.environmentLocaleIsUTF8 ? .unicode : .ascii
    }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// `--db`, else `$AUDITLOG_DB`, else `$XDG_DATA_HOME/auditlog/audit.db` (`~/.local/share/…`).
    static func databasePath(_ explicit: String?, fileName: String = "audit.db", ignoringEnvironment: Bool = false)
        -> String {
        // Privileged (setgid auditlog): the package's store, whatever was given (main checked that it names it).
        if UserRights.isPrivileged, fileName == "audit.db" { return PrivilegedMode.store }
        if let explicit { return explicit }
        if fileName == "audit.db", !ignoringEnvironment, let fromEnvironment = variable("AUDITLOG_DB") { return fromEnvironment }
        return dataDirectory + "/" + fileName
    }

    /// Opens a database to read. A missing one is an error whose commands work when pasted: when the default is
    /// missing but `auditlog demo` made its own, the command typed again on the demo's database; else
    /// `auditlog demo` (with `--db PATH` when the path was chosen: the demo writes only where it is told).
    static func openForReading(_ path: String) throws -> AuditStore {
        if UserRights.isPrivileged {
            // access(2) would ask with the real group, which cannot see into the store's directory.
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw CommandError.failure("no database at \(path) yet: the ingester (auditlog-ingest.service) writes it")
            }
            return try AuditStore(path: path, mode: .readOnly)
        }
        if !fileExists(path) {
            let chosen = path != databasePath(nil, ignoringEnvironment: true)
            let db = chosen ? " --db " + shellQuoted(path) : ""
            let importing = "import logs with `auditlog import\(db)` and the log files (var/log/prod.log*)"
            if let demo = demoCommand(insteadOf: path) {
                throw CommandError.failure("no database at \(path); the demo database is \(demoPath): "
                    + "`\(demo)`, or \(importing)")
            }
            throw CommandError.failure("no database at \(path); try demo data: `auditlog demo\(db)`, or \(importing)")
        }
        return try AuditStore(path: path, mode: .readOnly)
    }

    /// Where `auditlog demo` writes without --db.
    static var demoPath: String { dataDirectory + "/demo.db" }

    /// When `path` is the default database (no --db, no $AUDITLOG_DB) and `auditlog demo` has made its own:
    /// the command typed again on the demo's database, which a missing or empty default database offers.
    static func demoCommand(insteadOf path: String) -> String? {
        guard path == databasePath(nil), path == databasePath(nil, ignoringEnvironment: true), fileExists(demoPath)
        else { return nil }
        return commandTyped(db: demoPath)
    }

    /// The command line as typed, with `--db PATH` after the command word (any `--db` of its own dropped).
    static func commandTyped(db: String) -> String {
        var words: [String] = []
        var rest = Array(CommandLine.arguments.dropFirst())[...]
        while let word = rest.popFirst() {
            if word == "--db" { _ = rest.popFirst(); continue }
            if word.hasPrefix("--db=") { continue }
            words.append(word)
        }
        let at = words.first.map { Commands.named($0) != nil } == true ? 1 : 0
        words.insert(contentsOf: ["--db", db], at: at)
        return (["auditlog"] + words.map(shellQuoted)).joined(separator: " ")
    }

    /// A word as a POSIX shell reads it back: as it is when it holds only safe characters, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%_+=:,./-")
        if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static var dataDirectory: String {
        let base = variable("XDG_DATA_HOME") ?? ((variable("HOME") ?? ".") + "/.local/share")
        return base + "/auditlog"
    }

    /// Creates the folder a database will live in (mkdir -p); nothing for a path that names a directory, which
    /// cannot be a database (SQLite would refuse it only after the folders were made).
    /// The directories it made, outermost first (a failed import that made the store removes them again).
    @discardableResult
    static func makeParentDirectory(of path: String) throws -> [String] {
        var info = stat()
        if path.hasSuffix("/") || (stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) {
            throw CommandError.failure("\(path) is a directory; the database is a file")
        }
        var made: [String] = []
        let characters = Array(path)
        for (index, character) in characters.enumerated() where character == "/" && index > 0 {
            let prefix = String(characters[..<index])
            if mkdir(prefix, 0o755) == 0 {
                made.append(prefix)
            } else if errno != EEXIST {
                throw CommandError.failure("cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
        return made
    }

    /// Removes a store this process created and stored nothing in (the database, its `-wal`, `-shm` and
    /// `-journal`), then the directories it made for it, innermost first (each only when empty).
    static func removeNewStore(_ path: String, directories: [String]) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        for directory in directories.reversed() { rmdir(directory) }
    }

    static func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whether the store is there, asked with the effective ids in privileged mode (access(2) asks with the real
    /// group, which cannot see into the store's directory).
    static func storeExists(_ path: String) -> Bool {
        guard UserRights.isPrivileged else { return fileExists(path) }
        var info = stat()
        return stat(path, &info) == 0
    }

    /// A file's size in bytes (nil when it cannot be read).
    static func size(of path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }
}

/// How a command ends other than with success: a message for stderr and the exit status.
enum CommandError: Error {
    /// Exit 1: something went wrong with the data or the files.
    case failure(String)
    /// Exit 2: the command line was wrong.
    case usage(String)
    /// Exit 1 with nothing more to say (the problems were already reported).
    case quietFailure
    /// The work is done; exit with this status (`review`: 3 when it found something).
    case finished(Int32)
}

extension Environment {
    /// Before a writer opens a store an older auditlog wrote: a large one is linked for `verify` first, which
    /// takes a while, once. Says so rather than sit silent.
    static func announceUpgrade(of path: String) {
        let records = AuditStore.recordsToLinkOnUpgrade(path: path)
        guard records >= 100_000 else { return }
        Console.note("upgrading \(path) once: linking its \(NumberText.grouped(records)) records for `auditlog verify` "
            + "(about \(max(1, records / 80_000)) s)")
    }
}

/// Writes to standard error: one `auditlog: …` line per error. Messages quote file names and input,
/// so they are sanitised like the browser's text: a control character in a name cannot reach the terminal.
enum Console {
    static func error(_ message: String) {
        writeError("auditlog: \(Sanitizer.line(message))\n")
    }

    static func note(_ message: String) {
        writeError(Sanitizer.line(message) + "\n")
    }

    /// Overwrites the current line of a terminal's stderr; an empty text clears it.
    static func progress(_ text: String) {
        writeError("\r\u{1B}[K" + Sanitizer.line(text))
    }

    /// Standard error's decorations: the progress and follow lines' `·`, a note's `…`, in ASCII on a terminal whose
    /// locale is not UTF-8 (what the data says is escaped by `Sanitizer` already).
    private static let glyphs = Environment.glyphs(for: STDERR_FILENO)

    private static func writeError(_ text: String) {
        var text = glyphs.frame(text)
        text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
