import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// The shared server's `/usr/bin/auditlog` is setgid `auditlog` (SECURITY.md, "Only through auditlog"): run by an
/// agent or a reviewer, who are not in that group, it holds the group's rights to read the store for them. That is
/// privileged mode — the effective group is not the real one — and in it the program reads only the package's store,
/// writes nothing into it, runs no program found through `PATH`, creates files with the person's own rights, reads no
/// environment variable that could load code or terminal descriptions, and leaves no core file. The decisions are
/// pure functions of the ids, the words and the environment (tested without root); `start` applies them.
struct PrivilegedMode: Equatable {
    /// The store the package sets up, the only one a privileged process opens.
    static let store = "/var/lib/auditlog/audit.db"
    /// The package's drop directory: notes and access records go to the ingester through it.
    static let dropDirectory = "/var/spool/auditlog"

    let realUser: uid_t
    let realGroup: gid_t
    let effectiveGroup: gid_t

    /// setgid took effect for someone other than root.
    var isPrivileged: Bool { effectiveGroup != realGroup && realUser != 0 }

    /// Root runs the setgid binary as itself: it can read the store anyway, so it gives the group up and works as a
    /// single user does (its files stay root's).
    var givesUpGroup: Bool { effectiveGroup != realGroup && realUser == 0 }

    // MARK: The environment

    /// Variables removed before anything reads them. glibc's secure mode (AT_SECURE, set by the kernel for a setgid
    /// exec) already removes LD_PRELOAD, LD_LIBRARY_PATH and the other LD_*, TMPDIR, TZDIR, LOCPATH, GCONV_PATH,
    /// NLSPATH, MALLOC_TRACE, RES_OPTIONS, HOSTALIASES, LOCALDOMAIN and filters GLIBC_TUNABLES, but leaves the rest:
    /// ncurses's TERMINFO, TERMINFO_DIRS and TERMCAP (ncurses itself ignores them, and $HOME/.terminfo, when the
    /// effective group is not the real one), SQLite's SQLITE_TMPDIR, the Swift runtime's SWIFT_* (read before
    /// `main`: see SECURITY.md) and auditlog's own AUDITLOG_DB (refused unless it names the store) and
    /// AUDITLOG_SYSLOG_FILE (a file written and read with the store's rights).
    static let scrubbedNames: Set<String> = [
        "TERMINFO", "TERMINFO_DIRS", "TERMCAP", "TMPDIR", "TZDIR", "LOCPATH", "GCONV_PATH", "NLSPATH", "MALLOC_TRACE",
        "RES_OPTIONS", "HOSTALIASES", "LOCALDOMAIN", "AUDITLOG_DB", "AUDITLOG_SYSLOG_FILE", "XDG_DATA_HOME",
    ]
    static let scrubbedPrefixes = ["LD_", "SWIFT_", "SQLITE_", "GCONV_", "MALLOC_"]

    static func isScrubbed(_ name: String) -> Bool {
        scrubbedNames.contains(name) || scrubbedPrefixes.contains { name.hasPrefix($0) }
    }

    /// The names of `environment` (`NAME=value` entries) that privileged mode removes.
    static func scrubbed(_ environment: [String]) -> [String] {
        environment.compactMap { entry in
            let name = String(entry.prefix { $0 != "=" })
            return isScrubbed(name) ? name : nil
        }
    }

    // MARK: The store

    /// The `--db` values on a command line (`--db PATH`, `--db=PATH`).
    static func databaseOptions(_ words: [String]) -> [String] {
        var found: [String] = []
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--db" { found.append(rest.popFirst() ?? "") } else if word.hasPrefix("--db=") { found.append(String(word.dropFirst(5))) }
        }
        return found
    }

    /// nil when every `--db` and `AUDITLOG_DB` names the package's store (`namesStore`), else the one-line refusal.
    /// Either way the store opened is the package's path, never the one given.
    static func databaseRefusal(words: [String], environment: String?, namesStore: (String) -> Bool) -> String? {
        for path in databaseOptions(words) where !namesStore(path) {
            return "--db \(path): auditlog here reads only the shared store \(store) (it runs with group auditlog's rights)"
        }
        if let path = environment, !path.isEmpty, !namesStore(path) {
            return "AUDITLOG_DB=\(path): auditlog here reads only the shared store \(store) (it runs with group auditlog's rights)"
        }
        return nil
    }

    /// Whether `path` names the store: the same absolute path, or the same file.
    static func namesStore(_ path: String, cwd: String, sameFile: (String, String) -> Bool) -> Bool {
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        let parts = absolute.split(separator: "/").filter { $0 != "." }
        if "/" + parts.joined(separator: "/") == store { return true }
        return sameFile(path, store)
    }

    // MARK: Commands

    /// nil when the command may run in privileged mode; else why not (one line). `files`: the log files it was given.
    static func commandRefusal(_ command: String, files: [String] = []) -> String? {
        let why = "auditlog here only reads the shared store for you; the ingester (auditlog-ingest.service) writes it"
        switch command {
        case "import": return "import is not allowed: \(why)"
        case "demo": return "demo is not allowed: it writes a database, and \(why)"
        case "browse" where !files.isEmpty: return "\(files[0]): opening log files imports them, which is not allowed: \(why)"
        case "verify" where !files.isEmpty:
            return "verify \(files[0]): comparing logs is not allowed here (it would read them with group auditlog's rights); "
                + "run it as the ingester: sudo -u auditlog auditlog verify FILE…"
        default: return nil
        }
    }
}

extension PrivilegedMode {
    /// Throws the refusal of `command` in privileged mode.
    static func refuse(_ command: String, files: [String] = []) throws {
        if UserRights.isPrivileged, let refusal = commandRefusal(command, files: files) { throw CommandError.failure(refusal) }
    }

    /// This process's ids.
    static var current: PrivilegedMode { PrivilegedMode(realUser: getuid(), realGroup: getgid(), effectiveGroup: getegid()) }

    /// The first thing `main` does: without privilege, nothing; root gives the group up; in privileged mode the
    /// environment is scrubbed, core files refused and files switched to the person's rights. A message when the
    /// process cannot go on.
    static func start() -> String? {
        let mode = current
        if mode.givesUpGroup { return setgid(mode.realGroup) == 0 ? nil : "cannot give up group auditlog: \(String(cString: strerror(errno)))" }
        guard mode.isPrivileged else { return nil }
        var names: [String] = []
        var entry = environ
        while let text = entry.pointee { names.append(String(cString: text)); entry += 1 }
        let databaseVariable = Environment.variable("AUDITLOG_DB")
        for name in scrubbed(names) { unsetenv(name) }
        // Its value is checked against the store with the words, once `main` knows them (`check`).
        pendingDatabaseVariable = databaseVariable
        do { try UserRights.enterPrivilegedMode(realGroup: mode.realGroup) } catch { return "\(error)" }
        return nil
    }

    nonisolated(unsafe) private static var pendingDatabaseVariable: String?

    /// Before a command that reads the store: `--db`/`AUDITLOG_DB` name the store, and the person has a role, which
    /// becomes the process's (`Role.ofThisProcess`).
    static func check(words: [String]) -> String? {
        guard UserRights.isPrivileged else { return nil }
        var cwd = "/"
        if let buffer = getcwd(nil, 0) {
            cwd = String(cString: buffer)
            free(buffer)
        }
        let refusal = databaseRefusal(words: words, environment: pendingDatabaseVariable) { path in
            namesStore(path, cwd: cwd) { a, b in
                var one = stat(), other = stat()
                return stat(a, &one) == 0 && stat(b, &other) == 0 && one.st_dev == other.st_dev && one.st_ino == other.st_ino
            }
        }
        if let refusal { return refusal }
        switch PrivilegedRole.granted() {
        case .success(let role):
            // AUDITLOG_ROLE may have lowered it (Environment.readerRole); it never raises it.
            Role.ofThisProcess = min(Role.ofThisProcess, role)
            return nil
        case .failure(let error):
            if case .failure(let message) = error { return message }
            return "no access"
        }
    }
}
