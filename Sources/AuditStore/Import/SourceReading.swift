/// The reading half of an import, on its own thread: reads lines, frames them into records' worth of
/// bytes (`RecordFraming`: multi-line records, JSON values however laid out), parses and prepares each
/// record, and hands them over in chunks.
final class SourceReading: @unchecked Sendable {
    // Safe: used by the reading thread alone once `run` starts; the writer sees only what `pipe` hands over.
    private let reader: LineReader
    private let pipe: Handover<SourceChunk>
    private let options: ImportOptions
    private var chunk = SourceChunk()
    private var framing: RecordFraming
    private var reading: JSONShapes.Reading
    private var units: [RecordFraming.Unit] = []
    /// The value before was a `_bulk` action: this one is a document of an Elasticsearch backup.
    private var afterBulkAction = false

    static let linesPerChunk = 512

    init(reader: LineReader, options: ImportOptions, pipe: Handover<SourceChunk>) {
        self.reader = reader
        self.pipe = pipe
        self.options = options
        let format = options.lineFormat
        framing = RecordFraming(startsRecord: { format.startsRecord($0) })
        reading = JSONShapes.Reading(zone: options.zone)
    }

    func run() {
        do {
            var open = true
            var linesInChunk = 0
            while open, let _ = try reader.withNextLine({ line in framing.feed(line, number: reader.lineNumber, into: &units) }) {
                linesInChunk += 1
                if linesInChunk >= Self.linesPerChunk {
                    take()
                    open = handOver()
                    linesInChunk = 0
                }
            }
            if open {
                framing.finish(into: &units)
                take()
                if let failure = reader.decompressionFailure {
                    chunk.outcomes.append(.problem(line: reader.lineNumber,
                                                   reason: "\(failure); the records before it were imported"))
                }
                _ = handOver()
            }
            pipe.finish()
        } catch {
            pipe.finish(error)
        }
    }

    private func handOver() -> Bool {
        chunk.lines = reader.lineNumber
        chunk.zoneAssumed = reading.zoneAssumed
        let full = chunk
        chunk.outcomes = []
        return pipe.put(full)
    }

    /// Parses the framed units into outcomes.
    private func take() {
        for unit in units { chunk.outcomes.append(outcome(unit)) }
        units.removeAll(keepingCapacity: true)
    }

    private func outcome(_ unit: RecordFraming.Unit) -> LineOutcome {
        switch unit {
        case .text(let bytes, let line):
            if let only = options.format, only != .monologLine {
                return .problem(line: line, reason: "a Monolog line, not \(only.rawValue) (--format)")
            }
            do {
                if let newline = bytes.firstIndex(of: 0x0A), (try? options.lineFormat.parse(bytes, &reading, complete: true)) == nil,
                   let first = try? options.lineFormat.parse(Array(bytes[..<newline]), &reading, complete: true) {
                    // A whole record on its first line, then lines that are not part of it (another
                    // program's output): the record, and the rest reported as lines that are no record.
                    note(.monologLine)
                    let rest = bytes[(newline + 1)...].split(separator: 0x0A, omittingEmptySubsequences: false)
                    let text = String(decoding: rest.first ?? [], as: UTF8.self)
                    return .recordsThenStray([PreparedRecord(first)], line: line + 1, lines: rest.count,
                                             reason: (rest.count == 1 ? "not a record" : "\(rest.count) lines that are not a record")
                                                + ": \(LineError.quote(text))")
                }
                let record = try options.lineFormat.parse(bytes, &reading)
                note(.monologLine)
                return .records([PreparedRecord(record)])
            } catch let error as LineError {
                return .problem(line: line, reason: error.reason)
            } catch {
                return .problem(line: line, reason: "\(error)")
            }
        case .json(let bytes, let line):
            do {
                let value: JSONValue
                do {
                    value = try bytes.withUnsafeBufferPointer { buffer in
                        UTF8Check.isValid(buffer) ? try JSONParser.parseDocument(buffer)
                            : try Latin1.repair(bytes).withUnsafeBufferPointer { try JSONParser.parseDocument($0) }
                    }
                } catch let error as JSONParseError {
                    throw LineError("invalid JSON: \(error.description)")
                }
                let content = try JSONShapes.content(of: value, &reading)
                defer { if case .bulkAction = content { afterBulkAction = true } else { afterBulkAction = false } }
                switch content {
                case .bulkAction:
                    return .records([])
                case .records(let records, var form):
                    if afterBulkAction { form = .elasticsearch }
                    if let only = options.format, only != form, !(only == .elasticsearch && form == .monologJSON) {
                        return .problem(line: line, reason: "\(form.rawValue), not \(only.rawValue) (--format)")
                    }
                    note(form)
                    return .records(records.map(PreparedRecord.init))
                }
            } catch let error as LineError {
                return .problem(line: line, reason: error.reason)
            } catch {
                return .problem(line: line, reason: "\(error)")
            }
        case .stray(let from, let to, let first):
            let text = String(decoding: first, as: UTF8.self)
            let lines = from == to ? "not a record" : "\(to - from + 1) lines that are not a record"
            return .stray(line: from, lines: to - from + 1, reason: "\(lines): \(LineError.quote(text))")
        case .unclosed(let line):
            return .problem(line: line, reason: "JSON value not closed before the end (the file was cut short?)")
        }
    }

    private func note(_ form: SourceFormat) {
        if chunk.format == nil { chunk.format = form }
    }
}
