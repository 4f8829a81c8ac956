#if canImport(Glibc)
import Glibc
#endif

/// Follows growing logs as `tail -F` does, importing what is new at each `poll`:
/// - lines appended are read from where the last poll stopped; a half-written last line waits for the
///   rest (it is never reported as a problem);
/// - a file truncated in place (`copytruncate`) is read again from its start;
/// - a file renamed away and recreated (logrotate's default) is read to its end through the open
///   descriptor, then the new file from its start;
/// - a line-form record whose continuation lines have not come yet waits for them, up to a quiet second;
/// - a container's partial entry (Docker, CRI, journald: `ContainerLines`) waits for the rest of its line.
/// What is read is committed at each poll, with its search text (one commit a poll), so stopping between
/// polls loses nothing.
public final class LogFollower {
    private final class Followed {
        let path: String
        var descriptor: Int32 = -1
        var identity = (device: UInt64(0), inode: UInt64(0))
        var offset: Int64 = 0
        var pending: [UInt8] = []
        var lineNumber = 0
        var framing: RecordFraming
        var parser: UnitParser
        var quietSince: Int64 = 0

        init(path: String, options: ImportOptions) {
            self.path = path
            let format = options.lineFormat
            framing = RecordFraming(startsRecord: { format.startsRecord($0) })
            parser = UnitParser(options: options)
        }
    }

    private let store: AuditStore
    private let options: ImportOptions
    private let problem: (String) -> Void
    private var files: [Followed]
    private var writer: RecordWriter?

    /// Follows `paths`, each from `start[path]` (where an import stopped reading it; default: its end).
    public init(store: AuditStore, paths: [String], startingAt start: [String: Int64] = [:],
                options: ImportOptions = ImportOptions(), problem: @escaping (String) -> Void = { _ in }) {
        self.store = store
        self.options = options
        self.problem = problem
        files = paths.map { Followed(path: $0, options: options) }
        for file in files { open(file, at: start[file.path]) }
    }

    deinit { for file in files where file.descriptor >= 0 { close(file.descriptor) } }

    /// Reads and imports what is new in every file. Returns the records stored by this poll.
    @discardableResult
    public func poll(now: Int64 = SystemClock.monotonicMicroseconds()) throws -> Int {
        var units: [(Followed, RecordFraming.Unit)] = []
        for file in files { read(file, now: now, into: &units) }
        guard !units.isEmpty else { return 0 }
        var stored = 0
        var unindexed: Int64 = 0
        try store.write { db in
            let writer = try self.writer ?? RecordWriter(db: db)
            self.writer = writer
            try db.transaction {
                for (file, unit) in units {
                    switch file.parser.outcome(unit) {
                    case .records(let records):
                        for record in records where try writer.insert(record) { stored += 1 }
                    case .problem(let line, let reason), .stray(let line, _, let reason):
                        problem("\(file.path):\(line): \(reason)")
                    case .recordsThenStray(let records, let line, _, let reason):
                        for record in records where try writer.insert(record) { stored += 1 }
                        problem("\(file.path):\(line): \(reason)")
                    }
                }
                try writer.flush()
                // The new records' search text in the same transaction: each commit has every browser's
                // connections drop their page cache, so a poll commits once.
                if stored > 0 { unindexed = try store.indexTextBatch(db, limit: 25_000).1 }
            }
        }
        if unindexed > 0 { try store.indexPendingText(shouldStop: options.shouldStop) }
        return stored
    }

    private func open(_ file: Followed, at offset: Int64?) {
        let descriptor = Glibc.open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return } // not there yet: looked for at each poll
        var info = stat()
        fstat(descriptor, &info)
        file.descriptor = descriptor
        file.identity = (UInt64(info.st_dev), UInt64(info.st_ino))
        file.offset = min(offset ?? Int64(info.st_size), Int64(info.st_size))
        lseek(descriptor, off_t(file.offset), SEEK_SET)
        file.pending = []
        // Reading from the middle of a file: the first record is at the next record start.
    }

    private func read(_ file: Followed, now: Int64, into units: inout [(Followed, RecordFraming.Unit)]) {
        var out: [RecordFraming.Unit] = []
        if file.descriptor < 0 {
            open(file, at: 0) // a file that appeared (recreated after a rotation) is read from its start
            if file.descriptor < 0 { return }
        }
        var info = stat()
        fstat(file.descriptor, &info)
        if Int64(info.st_size) < file.offset {
            // Truncated in place: what is there now is new.
            lseek(file.descriptor, 0, SEEK_SET)
            file.offset = 0
            file.pending = []
        }
        var got = drain(file, into: &out)
        var now2 = stat()
        let renamed = stat(file.path, &now2) != 0
            || (UInt64(now2.st_dev), UInt64(now2.st_ino)) != file.identity
        if renamed {
            // Rotated away: the old file is read to its end (done above), then the new one from its start.
            if !file.pending.isEmpty { feed(file, file.pending, into: &out); file.pending = [] }
            file.framing.finish(into: &out)
            close(file.descriptor)
            file.descriptor = -1
            file.lineNumber = 0
            open(file, at: 0)
            if file.descriptor >= 0 { got = drain(file, into: &out) || got }
        }
        if got {
            file.quietSince = now
            // A record that already ends with its context and extra is whole: no need to wait.
            let format = options.lineFormat
            var scratch = JSONShapes.Reading(zone: options.zone)
            file.framing.flushText(if: { (try? format.parse($0, &scratch, complete: true)) != nil }, into: &out)
        } else if now - file.quietSince > 1_000_000 {
            // A quiet second: a record waiting for continuation lines is complete (a container's entry
            // whose line has not ended still waits for its rest).
            file.framing.finish(into: &out, partialEntries: false)
        }
        units += out.map { (file, $0) }
    }

    /// Reads what the descriptor has, feeds whole lines to the framing; true when anything was read.
    private func drain(_ file: Followed, into out: inout [RecordFraming.Unit]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var got = false
        while true {
            let count = Glibc.read(file.descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            got = true
            file.offset += Int64(count)
            file.pending += buffer[0..<count]
            guard let lastNewline = file.pending.lastIndex(of: 0x0A) else { continue }
            let whole = Array(file.pending[...lastNewline])
            file.pending.removeFirst(lastNewline + 1)
            feed(file, whole, into: &out)
        }
        return got
    }

    private func feed(_ file: Followed, _ bytes: [UInt8], into out: inout [RecordFraming.Unit]) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            // A carriage return before the `\n` stays, as an import keeps it (`LineReader.keepsCarriageReturn`).
            file.lineNumber += 1
            bytes[start..<end].withUnsafeBufferPointer { line in
                file.framing.feed(line, number: file.lineNumber, into: &out)
            }
            start = end + 1
        }
    }
}
