/// What a source holds, read from its start only as far as its first record, storing nothing: `auditlog FILE…`
/// asks it of every file before the terminal is taken or a store made, so a file that is no log is one line
/// naming it (as `import` says it), not an empty browser. Framed and parsed exactly as an import reads it
/// (`RecordFraming`, `UnitParser`), so "no record" here is what an import of the whole file would find.
public enum SourceContent: Equatable, Sendable {
    /// At least one record: a log.
    case records
    /// No record and nothing else (a live log just rotated, or not written to yet).
    case empty
    /// Lines, none of them a record: where the first problem is and why, as an import reports it.
    case noRecord(line: Int, reason: String)
}

extension SourceSet {
    /// What `path` holds (see `SourceContent`); throws what an import would when it cannot be read. Reads
    /// a log's first record only; a file that holds none is read to its end, as an import would read it.
    public static func content(of path: String, options: ImportOptions = ImportOptions()) throws -> SourceContent {
        let reader = try LineReader(path: path)
        reader.keepsCarriageReturn = true
        let format = options.lineFormat
        var framing = RecordFraming(startsRecord: { format.startsRecord($0) })
        var parser = UnitParser(options: options)
        var units: [RecordFraming.Unit] = []
        var first: (line: Int, reason: String)?
        /// Whether a record is among the units framed so far.
        func holdsRecord() -> Bool {
            defer { units.removeAll(keepingCapacity: true) }
            for unit in units {
                switch parser.outcome(unit) {
                case .records(let records): if !records.isEmpty { return true }
                case .recordsThenStray: return true
                case .problem(let line, let reason), .stray(let line, _, let reason):
                    if first == nil { first = (line, reason) }
                }
            }
            return false
        }
        while try reader.withNextLine({ line in framing.feed(line, number: reader.lineNumber, into: &units) }) != nil {
            if !units.isEmpty, holdsRecord() { return .records }
        }
        framing.finish(into: &units)
        if holdsRecord() { return .records }
        if first == nil, let failure = reader.decompressionFailure { first = (reader.lineNumber, failure) }
        // Nothing read, or only what an import passes over without a word (blank lines): empty, as it says.
        guard let first else { return .empty }
        return .noRecord(line: first.line, reason: first.reason)
    }
}
