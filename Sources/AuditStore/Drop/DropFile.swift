#if canImport(Glibc)
import Glibc
#endif

/// The drop directory ("spool"): how a user who cannot write the store hands something to the ingester, which
/// can. On the Debian package's shared server it is /var/spool/auditlog, mode 1730, owner auditlog:auditlog: the
/// group may create files but not list them, the sticky bit keeps anyone but a file's owner (and the directory's)
/// from removing or renaming it, and only the ingester lists and removes. No SQL here: writing a file and reading
/// one back; `DropIngest` takes them into the store.
///
/// One file is one JSON object with a `kind` (`note`, …) and the kind's fields. Its final name is
/// `KIND-SHA256` (the digest of its bytes, 64 lowercase hex digits), so a name says what the file holds: the
/// ingester refuses a file whose bytes do not give its name, and a file taken once is never taken twice.
public enum DropFile {
    /// The largest file the ingester reads; anything longer is refused unread.
    public static let maximumSize = 64 * 1024
    /// The prefix of a file still being written: never taken; removed by the ingester once it is an hour old.
    public static let temporaryPrefix = ".tmp-"

    /// The final name of a file of `kind` holding `bytes`.
    public static func name(kind: String, bytes: [UInt8]) -> String { kind + "-" + SHA256.hash(bytes).hex }

    /// The kind a final name says, when it is one (`note-` and 64 hex digits); nil otherwise.
    public static func kind(ofName name: String) -> String? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let kind = name[..<dash], digest = name[name.index(after: dash)...]
        guard !kind.isEmpty, kind.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), digest.utf8.count == 64,
              digest.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return String(kind)
    }

    /// The bytes of a file: `{"kind":KIND,"written":TIME,"nonce":HEX,…fields}` and a newline. The writer's time
    /// and a random nonce make two files of the same fields two files; neither is trusted by the ingester.
    public static func envelope(kind: String, fields: [(String, JSONValue)], now: Timestamp) -> [UInt8] {
        let nonce = (0..<2).map { _ in UInt64.random(in: .min ... .max) }.map { value in
            (0..<8).map { index in UInt8(truncatingIfNeeded: value >> (index * 8)) }
        }.joined()
        let members: [(String, JSONValue)] = [("kind", .string(kind)), ("written", .string(now.rfc3339)),
                                              ("nonce", .string(Array(nonce).hex))] + fields
        return Array((JSONValue.object(members).compactText + "\n").utf8)
    }

    /// Writes one file into `directory` atomically and returns its final name: `.tmp-RANDOM` is created with
    /// O_CREAT|O_EXCL|O_NOFOLLOW (never through a link, never someone else's file), made mode 0640 whatever the
    /// umask says and given the directory's group (so its owner, the ingester, may read it), written, synced,
    /// and renamed to its final name, which a file of the same bytes only can hold already. The file's owner is
    /// this process's user id: the kernel says who wrote it, not the file.
    @discardableResult
    public static func write(kind: String, fields: [(String, JSONValue)], into directory: String,
                             now: Timestamp = Timestamp(microseconds: SystemClock.nowMicroseconds())) throws -> String {
        guard kind.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), !kind.isEmpty else { throw StoreError("no such drop file kind \"\(kind)\"") }
        let bytes = envelope(kind: kind, fields: fields, now: now)
        guard bytes.count <= maximumSize else { throw StoreError("too long for the drop directory (\(bytes.count) bytes, at most \(maximumSize))") }
        var directoryInfo = stat()
        guard stat(directory, &directoryInfo) == 0, (directoryInfo.st_mode & S_IFMT) == S_IFDIR else {
            throw StoreError("the drop directory \(directory) is not there (\(systemError()))")
        }
        let temporary = directory + "/" + temporaryPrefix + Array((0..<8).map { _ in UInt8.random(in: 0 ... 255) }).hex
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw StoreError("cannot write into the drop directory \(directory): \(systemError())") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0, info.st_gid != directoryInfo.st_gid {
                _ = fchown(fd, uid_t.max, directoryInfo.st_gid) // a member of the group may; else it stays the writer's
            }
            guard fchmod(fd, 0o640) == 0 else { throw StoreError("cannot write into the drop directory \(directory): \(systemError())") }
            try writeAll(fd, bytes)
            guard fsync(fd) == 0 else { throw StoreError("cannot write into the drop directory \(directory): \(systemError())") }
        }
        let name = self.name(kind: kind, bytes: bytes)
        guard rename(temporary, directory + "/" + name) == 0 else {
            throw StoreError("cannot write into the drop directory \(directory): \(systemError())")
        }
        renamed = true
        // The directory's entry on disk too, where the writer may open it (a spool's writers may not read it).
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
        return name
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw StoreError("cannot write into the drop directory: \(systemError())") }
            offset += written
        }
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}

/// A final file as the ingester found it: its bytes and what the kernel says about it (owner, change time).
public struct DroppedFile: Sendable {
    public var name: String
    /// The file's owner (set by the kernel when the writer created it) and that account's login name.
    public var owner: uid_t
    public var ownerLogin: String
    /// The file's status change time: set by the kernel when it was renamed into place, never by its writer.
    public var changed: Timestamp
    public var bytes: [UInt8]

    /// Reads `name` in the directory open as `directoryFD`: opened with O_NOFOLLOW (a symbolic link is refused)
    /// and O_NONBLOCK (a FIFO does not hang the ingester), checked on the open file (`fstat`: a regular file,
    /// one link, at most `DropFile.maximumSize` bytes). Throws `DropRefusal` for a file that must not be taken.
    static func read(_ name: String, in directoryFD: Int32) throws -> DroppedFile {
        let fd = openat(directoryFD, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw DropRefusal(.unreadable, errno == ELOOP ? "a symbolic link" : "cannot be opened (\(DropFile.systemError()))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DropRefusal(.unreadable, "cannot be read (\(DropFile.systemError()))") }
        let owner = info.st_uid
        let login = NoteAuthor.login(of: owner)
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw DropRefusal(.unreadable, "not a regular file", owner: login) }
        guard info.st_nlink == 1 else { throw DropRefusal(.unreadable, "it has \(info.st_nlink) links", owner: login) }
        guard info.st_size <= DropFile.maximumSize else {
            throw DropRefusal(.unreadable, "\(info.st_size) bytes, more than \(DropFile.maximumSize)", owner: login)
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count <= DropFile.maximumSize {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw DropRefusal(.unreadable, "cannot be read (\(DropFile.systemError()))", owner: login) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let changed = Timestamp(microseconds: Int64(info.st_ctim.tv_sec) * 1_000_000 + Int64(info.st_ctim.tv_nsec) / 1_000)
        return DroppedFile(name: name, owner: owner, ownerLogin: login, changed: changed, bytes: bytes)
    }

    /// The file's JSON object with its `kind` as its name says; a refusal otherwise.
    func envelope() throws -> DropEnvelope {
        guard let kind = DropFile.kind(ofName: name) else { throw DropRefusal(.name, "not a drop file's name", owner: ownerLogin) }
        guard DropFile.name(kind: kind, bytes: bytes) == name else {
            throw DropRefusal(.name, "its bytes are not what its name says (changed after it was written)", owner: ownerLogin)
        }
        guard let text = String(validating: bytes, as: UTF8.self), let value = try? JSONParser.parse(text),
              case .object = value else { throw DropRefusal(.format, "not one JSON object", owner: ownerLogin) }
        guard value["kind"]?.stringValue == kind else { throw DropRefusal(.format, "its kind is not its name's", owner: ownerLogin) }
        return DropEnvelope(kind: kind, value: value)
    }
}

/// A file's JSON object (its `kind` checked against its name).
public struct DropEnvelope: Sendable {
    public var kind: String
    public var value: JSONValue

    public subscript(key: String) -> JSONValue? { value[key] }
}

/// Why the ingester refused a file: kept in the store (counted by `verify` and `note list`) and logged.
public struct DropRefusal: Error, Equatable, Sendable {
    public enum Reason: String, Sendable, CaseIterable {
        /// The file claims another author (or user) than its owner.
        case forged
        /// Not a regular file with one link, too long, or not readable.
        case unreadable
        /// A name that is not `KIND-DIGEST`, or bytes that do not give it.
        case name
        /// Not one JSON object with the kind's fields.
        case format
        /// A kind this ingester does not know.
        case kind
        /// What the file asks for cannot be done (the record is not in the store, …).
        case rejected
    }

    public var reason: Reason
    public var detail: String
    /// The login of the file's owner, when it was known.
    public var owner: String?

    public init(_ reason: Reason, _ detail: String, owner: String? = nil) {
        self.reason = reason
        self.detail = detail
        self.owner = owner
    }
}

extension JSONValue {
    var int64Value: Int64? { if case .number(let text) = self { Int64(text) } else { nil } }
}
