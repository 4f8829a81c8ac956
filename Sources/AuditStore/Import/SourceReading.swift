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

    /// Where reading may go on from, found in this chunk: every record of the lines before it is in the
    /// chunk's first `outcomes` outcomes (or an earlier chunk), none of the lines after it.
    private var resume: SourceChunk.Resume?

    func run() {
        do {
            var open = true
            var linesInChunk = 0
            var start = reader.position
            while open, let _ = try reader.withNextLine({ line in
                let number = reader.lineNumber
                if !reader.lineEnded {
                    // The last line, perhaps still being written: what is before it can be gone on from.
                    take()
                    open = handOver()
                    resume = nil
                }
                let before = units.count
                framing.feed(line, number: number, into: &units)
                guard let lineStart = start, reader.lineEnded else { return }
                let end = reader.position ?? lineStart
                start = end
                if let held = framing.oldestHeldLine {
                    // What is held began at this line, and nothing of this line was handed on: go on from it.
                    if held == number, !units[before...].contains(where: { $0.line >= number }) {
                        resume = .init(offset: lineStart, lines: number - 1, outcomes: chunk.outcomes.count + units.count)
                    }
                } else {
                    resume = .init(offset: end, lines: number, outcomes: chunk.outcomes.count + units.count)
                }
            }) {
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
                if reader.lineEnded, let end = reader.position {
                    resume = .init(offset: end, lines: reader.lineNumber, outcomes: chunk.outcomes.count)
                }
                chunk.complete = reader.decompressionFailure == nil
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
        chunk.resume = resume
        if chunk.format == nil { chunk.format = parser.format }
        if chunk.container == nil { chunk.container = framing.container?.rawValue }
        let full = chunk
        chunk.outcomes = []
        chunk.resume = nil
        resume = nil
        return pipe.put(full)
    }

    /// Parses the framed units into outcomes.
    private func take() {
        for unit in units { chunk.outcomes.append(parser.outcome(unit)) }
        units.removeAll(keepingCapacity: true)
    }

}
