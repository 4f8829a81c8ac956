#if canImport(Glibc)
import Glibc
#endif

/// How far each file was read, so importing it again reads only what it got since (`source_positions`).
/// A file is known by its device and inode and a hash of its first bytes: renamed by a rotation it is
/// still the same file; replaced (a new inode, or the same inode with other first bytes) or truncated
/// (shorter than where reading stopped) it is read again from its start.
///
/// The position is written in the same transaction as the records before it, with the occurrence counts
/// reading had reached there (the nth identical record of a source is a record of its own): for the
/// fingerprints of the last `window` of record time, enough to number every identical record that follows
/// as a whole read would. Records stored after the position are read again on the next import and found
/// stored, so a killed import neither loses nor doubles one.
struct SourceIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let headLength: Int
    let headHash: [UInt8]

    static let headBytes = 4_096

    /// The identity of a regular file now; nil for standard input or what cannot be read.
    static func of(_ path: String) -> SourceIdentity? {
        guard path != "-" else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let length = Int(min(Int64(info.st_size), Int64(headBytes)))
        guard let head = readHead(fd, length) else { return nil }
        return SourceIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                              headLength: length, headHash: SHA256.hash(head))
    }

    /// Whether the file still begins with the bytes hashed as `headHash` over `headLength`.
    static func begins(_ path: String, length: Int, hash: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard let head = readHead(fd, length) else { return false }
        return SHA256.hash(head) == hash
    }

    private static func readHead(_ fd: Int32, _ length: Int) -> [UInt8]? {
        var head = [UInt8](repeating: 0, count: length)
        var got = 0
        while got < length {
            let count = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, length - got, off_t(got)) }
            if count <= 0 { break }
            got += count
        }
        return got == length ? head : nil
    }
}

/// Where reading a file may go on from: the byte offset (a line start), the lines before it, the occurrence
/// counts there; `complete` for a compressed file read to its end (read again only when it changes).
struct SourcePosition {
    var offset: Int64
    var lines: Int
    var occurrences: OccurrenceWindow
    var complete = false
}

/// The occurrence counts of the fingerprints seen in a source, kept for the last `window` of record time.
struct OccurrenceWindow {
    static let window: Int64 = 10 * 60 * 1_000_000
    private(set) var counts: [UInt64: (count: Int64, time: Int64)] = [:]
    private var newest = Int64.min

    mutating func note(_ fingerprint: UInt64, time: Int64) {
        let old = counts[fingerprint]?.count ?? 0
        counts[fingerprint] = (old + 1, max(time, counts[fingerprint]?.time ?? Int64.min))
        newest = max(newest, time)
    }

    /// Forgets fingerprints older than the window (no record identical to them is expected any more).
    mutating func prune() {
        guard newest != Int64.min, counts.count > 1_024 else { return }
        let oldest = newest - Self.window
        counts = counts.filter { $0.value.time >= oldest }
    }

    /// 24 bytes a fingerprint: fingerprint, count, time (little-endian).
    var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(counts.count * 24)
        let oldest = newest == Int64.min ? Int64.min : newest - Self.window
        for (fingerprint, entry) in counts where entry.time >= oldest {
            for value in [fingerprint, UInt64(bitPattern: entry.count), UInt64(bitPattern: entry.time)] {
                for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            }
        }
        return out
    }

    init() {}

    init(encoded bytes: [UInt8]) {
        var i = 0
        func next() -> UInt64 {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(bytes[i]) << UInt64(shift); i += 1 }
            return value
        }
        while i + 24 <= bytes.count {
            let fingerprint = next()
            let count = Int64(bitPattern: next())
            let time = Int64(bitPattern: next())
            counts[fingerprint] = (count, time)
            newest = max(newest, time)
        }
    }
}

extension Connection {
    /// Where reading `identity`'s file may go on from; nil when it was never read, or was replaced or
    /// truncated since.
    func sourcePosition(_ identity: SourceIdentity, path: String) throws -> SourcePosition? {
        let statement = try prepared("""
            SELECT head_length, head_hash, offset, lines, size, complete, occurrences
            FROM source_positions WHERE device = ? AND inode = ?
            """)
        statement.reset()
        statement.bind([.int(Int64(bitPattern: identity.device)), .int(Int64(bitPattern: identity.inode))])
        guard let row = try statement.single({ row in
            (headLength: Int(row.int64("head_length")), hash: row.bytes("head_hash") ?? [], offset: row.int64("offset"),
             lines: Int(row.int64("lines")), size: row.int64("size"), complete: row.int64("complete") != 0,
             occurrences: row.bytes("occurrences") ?? [])
        }) else { return nil }
        guard identity.size >= max(row.offset, Int64(row.headLength)),
              SourceIdentity.begins(path, length: row.headLength, hash: row.hash) else { return nil }
        if row.complete, identity.size != row.size { return nil } // a compressed file that changed: read it whole
        return SourcePosition(offset: row.offset, lines: row.lines, occurrences: OccurrenceWindow(encoded: row.occurrences),
                              complete: row.complete)
    }

    /// Stores how far `identity`'s file was read, inside the caller's transaction.
    func saveSourcePosition(_ identity: SourceIdentity, path: String, _ position: SourcePosition) throws {
        try prepared("""
            INSERT OR REPLACE INTO source_positions(device, inode, path, head_length, head_hash, offset, lines, size,
                complete, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.int(Int64(bitPattern: identity.device)), .int(Int64(bitPattern: identity.inode)), .text(path),
                      .int(Int64(identity.headLength)), .blob(identity.headHash), .int(position.offset),
                      .int(Int64(position.lines)), .int(identity.size), .int(position.complete ? 1 : 0),
                      .blob(position.occurrences.encoded)])
    }
}
