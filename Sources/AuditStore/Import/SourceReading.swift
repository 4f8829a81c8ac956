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
    private var parser: UnitParser
    private var units: [RecordFraming.Unit] = []

    static let linesPerChunk = 512

    init(reader: LineReader, options: ImportOptions, pipe: Handover<SourceChunk>) {
        self.reader = reader
        self.pipe = pipe
        self.options = options
        let format = options.lineFormat
        framing = RecordFraming(startsRecord: { format.startsRecord($0) })
        parser = UnitParser(options: options)
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
                chunk.endOffset = reader.position
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
        chunk.zoneAssumed = parser.reading.zoneAssumed
        chunk.bytesRead = reader.position
        if chunk.format == nil { chunk.format = parser.format }
        if chunk.container == nil { chunk.container = framing.container?.rawValue }
        let full = chunk
        chunk.outcomes = []
        return pipe.put(full)
    }

    /// Parses the framed units into outcomes.
    private func take() {
        for unit in units { chunk.outcomes.append(parser.outcome(unit)) }
        units.removeAll(keepingCapacity: true)
    }

}
