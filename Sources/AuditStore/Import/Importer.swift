public struct ImportOptions: Sendable {
    /// nil: detect per file.
    public var format: SourceFormat?
    /// Store nothing from a file that has a bad line.
    public var strict = false
    /// Records per committed transaction; a kill loses at most the batch in flight.
    public var batchSize = 20_000

    public init(format: SourceFormat? = nil, strict: Bool = false) {
        self.format = format
        self.strict = strict
    }
}

public struct ImportSummary: Equatable, Sendable {
    public var lines = 0
    public var imported = 0
    public var alreadyStored = 0
    public var skipped = 0
    public var format: SourceFormat?

    public init() {}
}

extension AuditStore {
    /// Imports one file (`-` for standard input). A malformed line is passed to `problem` as
    /// `FILE:LINE: reason` and skipped; a file that cannot be read at all throws `FILE: reason`.
    @discardableResult
    public func importSource(
        path: String, options: ImportOptions = ImportOptions(),
        problem: (String) -> Void = { _ in }, progress: ((ImportSummary) -> Void)? = nil
    ) throws -> ImportSummary {
        let name = path == "-" ? "<stdin>" : path
        let reader: LineReader
        do { reader = try LineReader(path: path) } catch let error as StoreError {
            throw StoreError("\(name): \(error.description)")
        }
        let writer = try RecordWriter(db: db)
        writer.beginSource()
        var summary = ImportSummary()
        summary.format = options.format
        var pendingInBatch = 0
        var failed = false

        func report(_ line: Int, _ reason: String) {
            summary.skipped += 1
            failed = true
            problem("\(name):\(line): \(reason)")
        }
        func store(_ records: [ParsedRecord]) throws {
            for record in records {
                if try writer.insert(record) { summary.imported += 1 } else { summary.alreadyStored += 1 }
                pendingInBatch += 1
            }
        }

        try db.execute("BEGIN IMMEDIATE")
        do {
            var wholeDocument: [UInt8]? = nil
            var documentLine = 0
            while let outcome = try reader.withNextLine({ line -> Result<[ParsedRecord], LineError>? in
                if wholeDocument != nil {
                    wholeDocument!.append(contentsOf: line)
                    wholeDocument!.append(0x0A)
                    return nil
                }
                guard line.contains(where: { !isSpace($0) }) else { return nil }
                summary.lines += 1
                guard UTF8Check.isValid(line) else { return .failure(LineError("invalid UTF-8")) }
                if summary.lines == 1, line.first(where: { !isSpace($0) }) == UInt8(ascii: "{"),
                   options.format != .monologLine, (try? JSONParser.parseDocument(line)) == nil {
                    // A pretty-printed document (an Elasticsearch `_search` response) spans lines: read it whole.
                    wholeDocument = Array(line) + [0x0A]
                    documentLine = reader.lineNumber
                    return nil
                }
                if summary.format == nil {
                    guard let detected = SourceFormat.detect(firstLine: line) else {
                        return .failure(LineError("not a BillaBear audit log (expected Monolog lines, Monolog JSON "
                            + "or Elasticsearch hits)"))
                    }
                    summary.format = detected
                }
                do {
                    switch summary.format! {
                    case .monologLine: return .success([try MonologLineParser.parse(line: line)])
                    case .monologJSON: return .success([try MonologJSONParser.parse(line: line)])
                    case .elasticsearch: return .success(try ElasticsearchParser.parse(line: line))
                    }
                } catch let error as LineError {
                    return .failure(error)
                }
            }) {
                switch outcome {
                case .none: break
                case .success(let records): try store(records)
                case .failure(let error): report(reader.lineNumber, error.reason)
                }
                if !options.strict, pendingInBatch >= options.batchSize {
                    try writer.flush()
                    try db.execute("COMMIT")
                    try db.execute("BEGIN IMMEDIATE")
                    pendingInBatch = 0
                }
                if let progress, summary.lines % 50_000 == 0 { progress(summary) }
            }
            if let document = wholeDocument {
                do {
                    let value = try document.withUnsafeBufferPointer { try JSONParser.parseDocument($0) }
                    if value["hits"] != nil || value["_source"] != nil || summary.format == .elasticsearch {
                        summary.format = .elasticsearch
                        try store(try ElasticsearchParser.records(in: value))
                    } else {
                        summary.format = .monologJSON
                        try store([try MonologJSONParser.record(from: value)])
                    }
                } catch let error as JSONParseError {
                    report(documentLine, "invalid JSON: \(error.description)")
                } catch let error as LineError {
                    report(documentLine, error.reason)
                }
            }
            if options.strict && failed {
                try db.execute("ROLLBACK")
                try writer.discardPending()
                summary.imported = 0
                summary.alreadyStored = 0
            } else {
                try writer.flush()
                try db.execute("COMMIT")
            }
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        progress?(summary)
        return summary
    }

    /// Writes records made by a program (the demo generator) through the same path as an import.
    public func insertGenerated(_ records: [GeneratedRecord]) throws -> Int {
        let writer = try RecordWriter(db: db)
        writer.beginSource()
        var inserted = 0
        try inTransaction {
            for record in records where try writer.insert(record.parsed) { inserted += 1 }
            try writer.flush()
        }
        return inserted
    }
}

/// A record a program made, in the same shape an importer reads.
public struct GeneratedRecord: Sendable {
    let parsed: ParsedRecord

    public init(time: Timestamp, channel: String, level: Level, message: String, context: JSONValue,
                extra: JSONValue) {
        parsed = ParsedRecord(time: time, channel: channel, level: level.rawValue, levelName: level.name,
                              message: message, context: context, extra: extra)
    }

    /// The record as one Monolog JSON line (what JsonFormatter writes).
    public var monologJSONLine: String {
        JSONValue.object([
            ("message", .string(parsed.message)), ("context", parsed.context), ("level", .number(String(parsed.level))),
            ("level_name", .string(parsed.levelName)), ("channel", .string(parsed.channel)),
            ("datetime", .string(parsed.time.monologText)), ("extra", parsed.extra),
        ]).compactText
    }

    /// The record as one Monolog line (LineFormatter): `[time] channel.LEVEL: message context extra`.
    public var monologLine: String {
        func empty(_ value: JSONValue) -> String {
            if case .object(let members) = value, members.isEmpty { return "[]" }
            return value.compactText
        }
        return "[\(parsed.time.monologText)] \(parsed.channel).\(parsed.levelName): \(parsed.message) "
            + "\(empty(parsed.context)) \(empty(parsed.extra))"
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
