import FoundationEssentials

public struct ImportOptions: Sendable {
    /// nil: every form, detected per record; else only this one.
    public var format: SourceFormat?
    /// How the line form is laid out (`--line-format`).
    public var lineFormat: LineFormat = .monolog
    /// The zone a time written without one is read in (`--timezone`); nil refuses such times.
    public var zone: ImportZone? = .local
    /// Store nothing from a file that has a bad line.
    public var strict = false
    /// Records per committed transaction; a kill loses at most the batch in flight.
    public var batchSize = 20_000
    /// Start this many bytes before the end of a plain file (its newest records), at a whole line.
    public var tailBytes: Int64?
    /// Asked between chunks: true stops the import there, keeping everything read so far.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Lines between two `progress` calls.
    public var progressEvery = 50_000
    /// Index the new records' search text before returning. A bulk import sets it false: its records are
    /// browsable as soon as they are stored, and `indexPendingText` indexes them afterwards.
    public var indexSearchText = true
    /// Whether the filter indexes are built after loading (`BulkLoad`): by default for a large import
    /// into a store holding fewer records, not for small and incremental ones (it would cost more than
    /// it saves).
    public var bulkLoad = BulkLoadChoice.whenWorthIt
    /// From how many records (expected from the file's size) an import into a store that keeps its indexes is
    /// a large append, whose log is checkpointed every `AuditStore.largeAppendCheckpointPages` pages instead of
    /// every 64 MB.
    public var largeAppendRecords: Int64 = 200_000

    public init(format: SourceFormat? = nil, strict: Bool = false) {
        self.format = format
        self.strict = strict
    }
}

public enum BulkLoadChoice: Sendable { case never, whenWorthIt, always }

public struct ImportSummary: Equatable, Sendable {
    public var lines = 0
    public var imported = 0
    public var alreadyStored = 0
    /// Records that could not be read.
    public var skipped = 0
    /// Lines that belong to no record (garbage, another program's output).
    public var strayLines = 0
    /// Records whose time had no zone and was read in `ImportOptions.zone`.
    public var zoneAssumed = 0
    /// The form of the first record read.
    public var format: SourceFormat?
    /// Lines this import read (a file read before is read from where that import stopped).
    public var linesRead = 0
    /// Where reading went on from, for a file read before (its byte offset); nil when read from its start.
    public var resumedAt: Int64?
    /// The wrapper its lines came in (`docker json-file`, `CRI`, `journald JSON`, `syslog`), if any.
    public var container: String?
    /// Problems reported (each a `FILE:LINE: reason` line).
    public var problems = 0
    /// Where reading stopped in a plain file (its size then): a follower goes on from there.
    public var endOffset: Int64?
    /// Bytes read so far of a plain file (nil for a pipe or a compressed file), for progress.
    public var bytesRead: Int64?

    public init() {}
}

/// What the reading thread found in a stretch of the source.
enum LineOutcome: Sendable {
    case records([PreparedRecord])
    /// A record that could not be read.
    case problem(line: Int, reason: String)
    /// Lines that belong to no record.
    case stray(line: Int, lines: Int, reason: String)
    /// A record, and lines after it that are not part of it.
    case recordsThenStray([PreparedRecord], line: Int, lines: Int, reason: String)
}

/// A stretch of outcomes, with the reader's counts after it.
struct SourceChunk: Sendable {
    var outcomes: [LineOutcome] = []
    var lines = 0
    var zoneAssumed = 0
    var format: SourceFormat?
    var container: String?
    /// Where reading may go on from, when this chunk reached a point that allows it.
    var resume: Resume?
    /// The source was read to its end (a compressed one: it need not be read again while unchanged).
    var complete = false
    var endOffset: Int64?

    struct Resume: Sendable {
        /// A line start, the lines before it, and how many of the chunk's outcomes come from before it.
        var offset: Int64, lines: Int, outcomes: Int
    }
    var bytesRead: Int64?
}

extension AuditStore {
    /// Imports one file (`-` for standard input). A malformed line is passed to `problem` as
    /// `FILE:LINE: reason` and skipped; a file that cannot be read at all throws `FILE: reason`.
    ///
    /// Two threads share the work: one reads and parses the source and prepares every column
    /// (`SourceReading`), this one writes them in batches of `batchSize` records per transaction.
    @discardableResult
    public func importSource(
        path: String, options: ImportOptions = ImportOptions(),
        problem: (String) -> Void = { _ in }, progress: ((ImportSummary) -> Void)? = nil
    ) throws -> ImportSummary {
        let summary = try write { db in try importSource(path: path, options: options, problem: problem, progress: progress, into: db) }
        if options.indexSearchText { try indexPendingText(shouldStop: options.shouldStop) }
        return summary
    }

    private func importSource(
        path: String, options: ImportOptions, problem: (String) -> Void, progress: ((ImportSummary) -> Void)?,
        into db: Connection
    ) throws -> ImportSummary {
        let name = path == "-" ? "<stdin>" : path
        var summary = ImportSummary()
        summary.format = options.format
        // A file read before goes on from where that import stopped (`SourcePositions`).
        let identity = SourceIdentity.of(path)
        var position = try identity.flatMap { try db.sourcePosition($0, path: path) }
        if position?.complete == true { // a compressed file read whole, unchanged since
            summary.resumedAt = identity?.size
            return summary
        }
        var tracked = identity != nil && !options.strict
        let reader: LineReader
        do {
            var start: Int64 = 0
            if let tail = options.tailBytes, let identity {
                if let known = position, identity.size - known.offset <= tail {
                    start = known.offset
                } else {
                    // The newest records first, from the middle: not a point to go on from.
                    start = max(0, identity.size - tail)
                    tracked = false
                    position = nil
                }
            } else if let known = position {
                start = known.offset
            }
            reader = try LineReader(path: path, from: start)
            reader.keepsCarriageReturn = true
            if let position, start == position.offset {
                reader.lineNumber = position.lines
                summary.resumedAt = position.offset
            }
        } catch let error as StoreError {
            throw StoreError("\(name): \(error.description)")
        }
        let firstLine = reader.lineNumber
        let bulk: Bool
        switch options.bulkLoad {
        case .never: bulk = false
        case .always: bulk = true
        case .whenWorthIt:
            bulk = try !options.strict && BulkLoad.worthIt(db, expected: Self.expectedRecords(path: path, reader: reader))
        }
        if bulk { try BulkLoad.begin(db) }
        // A large append into a store that keeps its indexes dirties leaves all over the indexes keyed by
        // random values (fingerprint, request) in every batch. Checkpointed every 64 MB, each such page went to
        // the log and to the database at every batch; checkpointed every 1 GB, a page dirtied by several
        // batches goes to the database once (1 M records onto 10 M: 33 → 16 GB written, 80–84 → 67–71 s). The
        // usual size comes back at the end, before any following (BENCHMARKS.md, issue 24).
        let largeAppend = !bulk && !options.strict
            && Self.expectedRecords(path: path, reader: reader) >= options.largeAppendRecords
        if largeAppend { try db.execute("PRAGMA wal_autocheckpoint = \(AuditStore.largeAppendCheckpointPages)") }
        defer { if largeAppend { try? db.execute("PRAGMA wal_autocheckpoint = \(AuditStore.checkpointPages)") } }
        // While a killed bulk load's indexes are owed, subscriptions' records are moved when they are built.
        let owed = try StoreState.value(BulkLoad.markerKey, in: db) != nil
        let writer = try RecordWriter(db: db, deferOwnerMoves: bulk || owed)
        var occurrences = summary.resumedAt == nil ? OccurrenceWindow() : position?.occurrences ?? OccurrenceWindow()
        writer.beginSource(occurrences: occurrences)
        var reached: SourcePosition?
        func savePosition() throws {
            guard tracked, let identity, let reached else { return }
            try db.saveSourcePosition(identity, path: path, reached)
            occurrences.prune()
        }
        var pendingInBatch = 0
        var failed = false
        var nextProgress = options.progressEvery

        let pipe = Handover<SourceChunk>(capacity: 8)
        let reading = SourceReading(reader: reader, options: options, pipe: pipe)
        let done = Guarded(false)
        // 16 MB of stack: deep JSON is parsed recursively (up to 2 000 levels).
        startThread(name: "import-read", stackSize: 16 << 20) {
            reading.run()
            done.withLock { $0 = true }
        }
        defer {
            pipe.cancel()
            done.wait(until: { $0 }) { _ in }
        }

        try db.execute("BEGIN IMMEDIATE")
        do {
            while let chunk = try pipe.take() {
                for (index, outcome) in chunk.outcomes.enumerated() {
                    if let resume = chunk.resume, resume.outcomes == index {
                        reached = SourcePosition(offset: resume.offset, lines: resume.lines, occurrences: occurrences)
                    }
                    var records: [PreparedRecord] = []
                    switch outcome {
                    case .records(let found):
                        records = found
                    case .problem(let line, let reason):
                        summary.skipped += 1
                        summary.problems += 1
                        failed = true
                        problem("\(name):\(line): \(reason)")
                    case .stray(let line, let lines, let reason):
                        summary.strayLines += lines
                        summary.problems += 1
                        failed = true
                        problem("\(name):\(line): \(reason)")
                    case .recordsThenStray(let found, let line, let lines, let reason):
                        records = found
                        summary.strayLines += lines
                        summary.problems += 1
                        failed = true
                        problem("\(name):\(line): \(reason)")
                    }
                    for prepared in records {
                        if try writer.insert(prepared) { summary.imported += 1 } else { summary.alreadyStored += 1 }
                        occurrences.note(prepared.fingerprint, time: prepared.record.time.microseconds)
                        pendingInBatch += 1
                    }
                }
                if let resume = chunk.resume, resume.outcomes == chunk.outcomes.count {
                    reached = SourcePosition(offset: resume.offset, lines: resume.lines, occurrences: occurrences)
                }
                if chunk.complete, reader.compression != nil {
                    reached = SourcePosition(offset: 0, lines: chunk.lines, occurrences: OccurrenceWindow(), complete: true)
                }
                // A batch ends at a chunk's end, so the position stored with it covers its records.
                if !options.strict, pendingInBatch >= options.batchSize {
                    try writer.flush()
                    try savePosition()
                    try db.execute("COMMIT")
                    try db.execute("BEGIN IMMEDIATE")
                    pendingInBatch = 0
                }
                summary.lines = chunk.lines
                summary.linesRead = chunk.lines - firstLine
                summary.zoneAssumed = chunk.zoneAssumed
                summary.endOffset = chunk.endOffset ?? summary.endOffset
                summary.bytesRead = chunk.bytesRead ?? summary.bytesRead
                summary.format = summary.format ?? chunk.format
                summary.container = summary.container ?? chunk.container
                if let progress, summary.lines >= nextProgress {
                    progress(summary)
                    nextProgress = summary.lines + options.progressEvery
                }
                if options.shouldStop?() == true { break }
            }
            if options.strict && failed {
                try db.execute("ROLLBACK")
                try writer.discardPending()
                summary.imported = 0
                summary.alreadyStored = 0
            } else {
                try writer.flush()
                try savePosition()
                try db.execute("COMMIT")
            }
        } catch {
            try? db.execute("ROLLBACK")
            if bulk { try? BulkLoad.finish(db) }
            throw error
        }
        if bulk {
            // The search index is built beside the filter indexes, on the other core (`SideTextIndex`).
            if sideTextIndex == nil { sideTextIndex = try SideTextIndex.start(store: self.path, db: db) }
            try BulkLoad.finish(db)
        }
        progress?(summary)
        return summary
    }

    /// About how many records a source holds from where reading starts: a Monolog line is about 250 bytes;
    /// a compressed file holds about six times its size.
    static func expectedRecords(path: String, reader: LineReader) -> Int64 {
        guard path != "-" else { return 0 }
        let left = max(0, FileSystem.identity(path).size - (reader.position ?? 0))
        return left / 250 * (reader.compression == nil ? 1 : 6)
    }

    /// Writes records made by a program (the demo generator) through the same path as an import.
    public func insertGenerated(_ records: [GeneratedRecord]) throws -> Int {
        let inserted = try write { db in
            let writer = try RecordWriter(db: db)
            writer.beginSource()
            return try db.transaction {
                var inserted = 0
                for generated in records where try writer.insert(generated.record) { inserted += 1 }
                try writer.flush()
                return inserted
            }
        }
        try indexPendingText()
        return inserted
    }
}

/// A record a program made, in the same shape an importer reads.
public struct GeneratedRecord: Sendable {
    let record: AuditRecord

    public init(time: Timestamp, channel: String, level: Level, message: String, context: JSONValue,
                extra: JSONValue) {
        record = AuditRecord(time: time, channel: channel, level: level.rawValue, levelName: level.name,
                             message: message, context: context, extra: extra)
    }

    /// The record as one Monolog JSON line (what JsonFormatter writes).
    public var monologJSONLine: String {
        func string(_ text: String) -> String { JSONValue.string(text).compactText }
        let members = [
            ("message", string(record.message)), ("context", record.contextJSON), ("level", String(record.level)),
            ("level_name", string(record.levelName)), ("channel", string(record.channel)),
            ("datetime", string(record.time.monologText)), ("extra", record.extraJSON),
        ]
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// The record as one Monolog line (LineFormatter): `[time] channel.LEVEL: message context extra`.
    public var monologLine: String {
        func empty(_ json: String) -> String { json == "{}" ? "[]" : json }
        return "[\(record.time.monologText)] \(record.channel).\(record.levelName): \(record.message) "
            + "\(empty(record.contextJSON)) \(empty(record.extraJSON))"
    }
}

extension Timestamp {
    /// How Monolog writes a time: `2025-02-01T08:01:13.123456+00:00`.
    var monologText: String {
        let fraction = microseconds - seconds * 1_000_000
        let digits = String(fraction)
        return CivilTime(seconds: seconds).isoText + "." + String(repeating: "0", count: 6 - digits.count) + digits
            + "+00:00"
    }
}

/// UTF-8 validation without building a String.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: return false
            }
            guard i + length <= n else { return false }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return false }
            i += length
        }
        return true
    }
}
