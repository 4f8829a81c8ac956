/// Turns framed units into outcomes: a line-form record through the line format, a JSON value through
/// `JSONShapes`, stray lines into one report. Keeps what spans values (the zone assumed, a `_bulk` action
/// before its document, the form of the first record). Shared by an import's reading thread and a follower.
struct UnitParser {
    let options: ImportOptions
    var reading: JSONShapes.Reading
    /// The form of the first record read.
    private(set) var format: SourceFormat?
    /// The value before was a `_bulk` action: this one is a document of an Elasticsearch backup.
    private var afterBulkAction = false

    init(options: ImportOptions) {
        self.options = options
        reading = JSONShapes.Reading(zone: options.zone)
    }

    mutating func outcome(_ unit: RecordFraming.Unit) -> LineOutcome {
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
        case .problem(let line, let reason):
            return .problem(line: line, reason: reason)
        case .unclosed(let line):
            return .problem(line: line, reason: "JSON value not closed before the end (the file was cut short?)")
        }
    }

    private mutating func note(_ form: SourceFormat) {
        if format == nil { format = form }
    }
}
