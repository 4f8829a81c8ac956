#if canImport(Glibc)
import Glibc
#endif

/// Compressed logs (logrotate's `compress`, archives) are read through the system's own tool, as `zgrep`
/// and `less` do: `gzip -dc FILE` writes the plain text into a pipe this process reads line by line. No
/// library and no temporary copy; the tool's failure (a cut-short `.gz`) is reported after the records
/// read before it.
public enum Compression: String, CaseIterable, Sendable {
    case gzip, xz, bzip2, zstd

    /// The file's first bytes tell: 1F 8B (gzip), FD 37 7A 58 5A 00 (xz), "BZh" (bzip2), 28 B5 2F FD (zstd).
    static func of(_ head: [UInt8]) -> Compression? {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x42, 0x5A, 0x68]) { return .bzip2 }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        return nil
    }

    /// What a file is compressed with, by its first bytes; nil for plain text.
    public static func of(path: String) -> Compression? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 6)
        let count = read(fd, &head, 6)
        return count > 0 ? of(Array(head.prefix(count))) : nil
    }

    var tool: String { rawValue }
    /// The Debian package that brings the tool, for the error when it is missing.
    var package: String {
        switch self {
        case .gzip: "gzip"
        case .xz: "xz-utils"
        case .bzip2: "bzip2"
        case .zstd: "zstd"
        }
    }
}

/// A running `TOOL -dc FILE`: its output is `output` (a FILE* to read lines from).
final class Decompressor {
    let compression: Compression
    let output: UnsafeMutablePointer<FILE>
    private let pid: pid_t
    private let errors: Int32
    private var finished = false

    init(_ compression: Compression, path: String) throws {
        self.compression = compression
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw StoreError(FileSystem.errorText()) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in [out[0], out[1], err[0], err[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        let words = [compression.tool, "-dc", "--", path]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        // A privileged process runs the tool by its absolute path only, with the person's own group (UserRights).
        let command = UserRights.command(for: compression.tool)
        let spawned = command.map { command in
            (try? UserRights.asUser {
                command.contains("/") ? posix_spawn(&child, command, &actions, nil, argv, environ)
                    : posix_spawnp(&child, command, &actions, nil, argv, environ)
            }) ?? EPERM
        } ?? ENOENT
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0])
            close(err[0])
            throw StoreError("\(compression.rawValue)-compressed, and this system has no \(compression.tool) tool "
                + "to read it (install the \(compression.package) package)")
        }
        pid = child
        errors = err[0]
        guard let file = fdopen(out[0], "rb") else { throw StoreError(FileSystem.errorText()) }
        output = file
    }

    /// Waits for the tool; nil when it succeeded, else what it said (one line).
    func finish() -> String? {
        guard !finished else { return nil }
        finished = true
        fclose(output)
        var said = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 512)
        while said.count < 4_096 {
            let count = read(errors, &buffer, buffer.count)
            if count <= 0 { break }
            said += buffer.prefix(count)
        }
        close(errors)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        if exited, code == 0 { return nil }
        let text = String(decoding: said, as: UTF8.self).split(separator: "\n").first.map(String.init)
        return text ?? "\(compression.tool) -dc failed (status \(exited ? code : status))"
    }

    deinit {
        if !finished {
            kill(pid, SIGTERM)
            _ = finish()
        }
    }
}
