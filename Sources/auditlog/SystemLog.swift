import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// The chain heads an import publishes (syslog(3), which journald keeps with the writer's uid) and `verify`
/// reads back (`journalctl`, or `--heads FILE` for a copied log). See `PublishedHead`.
enum SystemLog {
    /// Where an import's heads go: the system log; with `AUDITLOG_SYSLOG_FILE=FILE` (tests, a machine
    /// without a system log) appended to FILE as a syslog daemon writes its files.
    static func sink() -> (String) -> Void {
        if let file = Environment.variable("AUDITLOG_SYSLOG_FILE") {
            return { message in
                var host = [CChar](repeating: 0, count: 256)
                gethostname(&host, host.count - 1)
                let line = "\(Timestamp(microseconds: SystemClock.nowMicroseconds()).rfc3339) \(String(cString: host)) "
                    + "auditlog[\(getpid())]: \(message)\n"
                guard let handle = fopen(file, "a") else { return }
                fputs(line, handle)
                fclose(handle)
            }
        }
        openlog(identity, LOG_PID, LOG_USER)
        return { message in
            message.withCString { text in withVaList([text]) { vsyslog(LOG_NOTICE, "%s", $0) } }
        }
    }

    /// openlog(3) keeps the pointer: it must live as long as the process.
    nonisolated(unsafe) private static let identity = strdup("auditlog")

    /// The publisher of the store at `path`'s head (its absolute path names it in the message).
    static func publisher(for store: AuditStore, path: String) -> HeadPublisher {
        HeadPublisher(store: store, database: absolute(path), sink: sink())
    }

    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The heads published for the store at `path`, and where they were read (`FILE`, "the journal"); nil
    /// when there is nowhere to read them. `--heads FILE` reads a copy of the system log (plain syslog or
    /// `journalctl -o cat`); else `AUDITLOG_SYSLOG_FILE`, where the imports publish when it is set (nil while
    /// no import wrote it); else the journal, when this machine keeps one, asked for the messages of `auditlog`
    /// written by the uid that owns the store (its ingester), so a line another user logs cannot pass for a head.
    static func publishedHeads(file: String?, database path: String) throws -> (heads: [PublishedHead], from: String)? {
        if let file {
            guard let text = readFile(file) else { throw CommandError.failure("\(file): \(String(cString: strerror(errno)).lowercased())") }
            return (PublishedHead.all(in: text), file)
        }
        if let file = Environment.variable("AUDITLOG_SYSLOG_FILE") {
            return readFile(file).map { (PublishedHead.all(in: $0), file) }
        }
        var info = stat()
        guard keepsAJournal(), stat(path, &info) == 0,
              let text = run(["journalctl", "--no-pager", "-q", "-o", "cat", "SYSLOG_IDENTIFIER=auditlog", "_UID=\(info.st_uid)"])
        else { return nil }
        return (PublishedHead.all(in: text), "the journal")
    }

    /// A file the person named, read with their own rights (UserRights).
    private static func readFile(_ path: String) -> String? {
        guard let handle = UserRights.asUserIfPossible({ fopen(path, "r") }) ?? nil else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether journald keeps a journal here: a directory of its files (one per machine id) in its volatile or
    /// its persistent place. Without one (a container, most CI machines) `journalctl` succeeds with no entries,
    /// and that says nothing about the store.
    static func keepsAJournal(places: [String] = ["/run/log/journal", "/var/log/journal"]) -> Bool {
        places.contains { place in
            guard let directory = opendir(place) else { return false }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { return true }
            }
            return false
        }
    }

    /// A program's standard output; nil when it is not installed or fails.
    private static func run(_ words: [String]) -> String? {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        // A privileged process runs it by its absolute path only, with the person's own group (UserRights).
        guard let command = UserRights.command(for: words[0]) else { close(pipeEnds[1]); close(pipeEnds[0]); return nil }
        let spawned = (try? UserRights.asUser {
            command.contains("/") ? posix_spawn(&child, command, &actions, nil, argv, environ)
                : posix_spawnp(&child, command, &actions, nil, argv, environ)
        }) ?? EPERM
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
