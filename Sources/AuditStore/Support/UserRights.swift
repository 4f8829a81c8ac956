import CCredentials
import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The rights a file is opened with. On a shared server `/usr/bin/auditlog` is setgid `auditlog`: the process holds
/// that group's rights to read the store (and its `-wal`/`-shm`, which SQLite opens when it needs them) and to write
/// into the drop directory. Every other file — an export, a report, a settings file a person names, a program run
/// for them — is opened with the rights of the person who ran it: `asUser` sets the calling thread's effective group
/// to the real one around it, so the file belongs to them and a place only group `auditlog` may write stays closed.
/// Without privilege (a single user, their own store) it runs its body as it is.
public enum UserRights {
    /// The real group of a privileged process (setgid took effect); nil without privilege. Set once, at start,
    /// before any thread runs.
    nonisolated(unsafe) public private(set) static var realGroup: gid_t? = nil

    public static var isPrivileged: Bool { realGroup != nil }

    /// Enters privileged mode: no core file from here on, and `asUser` switches to `group`.
    public static func enterPrivilegedMode(realGroup group: gid_t) throws {
        guard auditlog_not_dumpable() == 0 else { throw StoreError("cannot refuse a core file: \(FileSystem.errorText())") }
        // SQLite asks access(2) whether the store's -wal exists before opening it read-only; access(2) asks with
        // the real group, which cannot look into the store's directory, so SQLite would take the log for absent and
        // the directory for read-only (SQLITE_READONLY_DIRECTORY). Its unix VFS lets the call be replaced: with the
        // effective ids (faccessat AT_EACCESS) it sees what the process can open.
        guard let vfs = sqlite3_vfs_find(nil), let setSystemCall = vfs.pointee.xSetSystemCall,
              setSystemCall(vfs, "access", unsafeBitCast(effectiveAccess, to: sqlite3_syscall_ptr.self)) == SQLITE_OK else {
            throw StoreError("cannot make SQLite check files with the group's rights")
        }
        realGroup = group
    }

    /// access(2) with the effective ids, for SQLite's unix VFS.
    private static let effectiveAccess: @convention(c) (UnsafePointer<CChar>?, Int32) -> Int32 = { path, mode in
        guard let path else { errno = EFAULT; return -1 }
        return faccessat(AT_FDCWD, path, mode, AT_EACCESS)
    }

    /// Runs `body` with the calling thread's effective group set to the real one (only this thread: others may be
    /// reading the store meanwhile). If the switch fails, `body` does not run.
    public static func asUser<T>(_ body: () throws -> T) throws -> T {
        guard let group = realGroup else { return try body() }
        let held = getegid()
        guard auditlog_set_thread_egid(group) == 0 else {
            throw StoreError("cannot give up group auditlog's rights: \(FileSystem.errorText())")
        }
        defer { _ = auditlog_set_thread_egid(held) }
        return try body()
    }

    /// `asUser` for a body that cannot throw; nil when the switch failed (the body did not run).
    public static func asUserIfPossible<T>(_ body: () -> T) -> T? {
        try? asUser(body)
    }

    /// Whether the process may leave a core file (prctl PR_GET_DUMPABLE).
    public static var isDumpable: Bool { auditlog_dumpable() != 0 }

    /// The programs a privileged process may run, by absolute path: a `PATH` the person chose finds nothing.
    public static let trustedDirectories = ["/usr/bin", "/bin"]

    /// How to run `tool`: its name, found through `PATH`, without privilege; with privilege the first
    /// `trustedDirectories` entry that holds it as an executable file, nil when none does.
    public static func command(for tool: String, privileged: Bool, isExecutable: (String) -> Bool) -> String? {
        guard privileged else { return tool }
        guard !tool.contains("/") else { return nil }
        return trustedDirectories.map { $0 + "/" + tool }.first(where: isExecutable)
    }

    /// `command(for:)` for this process, looking at the file system.
    public static func command(for tool: String) -> String? {
        command(for: tool, privileged: isPrivileged) { path in
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
    }
}
