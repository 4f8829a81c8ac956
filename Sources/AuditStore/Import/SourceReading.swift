/// The reading half of an import, on its own thread: reads lines, detects the source form, parses
/// and prepares records, and hands them over in chunks. A pretty-printed document (an Elasticsearch
/// `_search` response) is read whole and parsed at the end.
final class SourceReading: @unchecked Sendable {
    private let reader: LineReader
    private let pipe: Handover<SourceChunk>
    private var chunk = SourceChunk()
    private var wholeDocument: [UInt8]?
    private var documentLine = 0

    static let linesPerChunk = 512

    init(reader: LineReader, format: SourceFormat?, pipe: Handover<SourceChunk>) {
        self.reader = reader
        self.pipe = pipe
        chunk.format = format
    }

    func run() {
        do {
            var open = true
            var linesInChunk = 0
            while open, let outcome = try reader.withNextLine({ line in read(line) }) {
                if let outcome { chunk.outcomes.append(outcome) }
                linesInChunk += 1
                if linesInChunk >= Self.linesPerChunk {
                    open = handOver()
                    linesInChunk = 0
                }
            }
            if open, let document = wholeDocument { chunk.outcomes.append(parseDocument(document)) }
            if open { _ = handOver() }
            pipe.finish()
        } catch {
            pipe.finish(error)
        }
    }

    private func handOver() -> Bool {
        let full = chunk
        chunk.outcomes = []
        return pipe.put(full)
    }

    /// One line: nil when it holds nothing to store (blank, or part of a whole document).
    private func read(_ line: UnsafeBufferPointer<UInt8>) -> LineOutcome? {
        if wholeDocument != nil {
            wholeDocument!.append(contentsOf: line)
            wholeDocument!.append(0x0A)
            return nil
        }
        guard line.contains(where: { !isSpace($0) }) else { return nil }
        chunk.lines += 1
        let number = reader.lineNumber
        guard UTF8Check.isValid(line) else { return .problem(line: number, reason: "invalid UTF-8") }
        if chunk.lines == 1, line.first(where: { !isSpace($0) }) == UInt8(ascii: "{"),
           chunk.format != .monologLine, (try? JSONParser.parseDocument(line)) == nil {
            // A pretty-printed document (an Elasticsearch `_search` response) spans lines: read it whole.
            wholeDocument = Array(line) + [0x0A]
            documentLine = number
            return nil
        }
        if chunk.format == nil {
            guard let detected = SourceFormat.detect(firstLine: line) else {
                return .problem(line: number, reason: "not a BillaBear audit log (expected Monolog lines, "
                    + "Monolog JSON or Elasticsearch hits)")
            }
            chunk.format = detected
        }
        do {
            let records: [ParsedRecord]
            switch chunk.format! {
            case .monologLine: records = [try MonologLineParser.parse(line: line)]
            case .monologJSON: records = [try MonologJSONParser.parse(line: line)]
            case .elasticsearch: records = try ElasticsearchParser.parse(line: line)
            }
            return .records(records.map(PreparedRecord.init))
        } catch let error as LineError {
            return .problem(line: number, reason: error.reason)
        } catch {
            return .problem(line: number, reason: "\(error)")
        }
    }

    private func parseDocument(_ document: [UInt8]) -> LineOutcome {
        do {
            let value = try document.withUnsafeBufferPointer { try JSONParser.parseDocument($0) }
            if value["hits"] != nil || value["_source"] != nil || chunk.format == .elasticsearch {
                chunk.format = .elasticsearch
                return .records(try ElasticsearchParser.records(in: value).map(PreparedRecord.init))
            }
            chunk.format = .monologJSON
            return .records([PreparedRecord(try MonologJSONParser.record(from: value))])
        } catch let error as JSONParseError {
            return .problem(line: documentLine, reason: "invalid JSON: \(error.description)")
        } catch let error as LineError {
            return .problem(line: documentLine, reason: error.reason)
        } catch {
            return .problem(line: documentLine, reason: "\(error)")
        }
    }
}
