/// Turns a source's lines into records' worth of bytes, whatever the form:
/// - the line form: a record starts at a line that opens with its date (`[2025-…`, or the start of a
///   `--line-format`); the lines after it that do not start a record belong to it (inline line breaks,
///   `var_export` values, stack traces), exactly as Monolog wrote them;
/// - JSON: a stream of values, however laid out — one per line, pretty-printed over many, concatenated
///   (`}{`), or inside one top-level array (each element handed on as it closes, so a large array is never
///   held whole). What a value is (a record, a hit, a response, a `_bulk` action) is decided per value.
/// Lines that belong to no record are handed on as one stray run. A line a container runtime or the system
/// log wrapped (`ContainerLines`) is unwrapped first.
struct RecordFraming {
    enum Unit {
        case text([UInt8], line: Int)
        case json([UInt8], line: Int)
        /// Lines `from`…`to` belong to no record; `first` is the first of them.
        case stray(from: Int, to: Int, first: [UInt8])
        /// A JSON value still open at the end of the source.
        case unclosed(line: Int)
        /// A wrapper's entry that could not be unwrapped.
        case problem(line: Int, reason: String)

        /// The source line it starts at.
        var line: Int {
            switch self {
            case .text(_, let line), .json(_, let line), .unclosed(let line), .problem(let line, _): line
            case .stray(let from, _, _): from
            }
        }
    }

    let startsRecord: (UnsafeBufferPointer<UInt8>) -> Bool

    private var text: [UInt8]? = nil
    private var textLine = 0
    private var stray: (from: Int, to: Int, first: [UInt8])? = nil
    // JSON scanning state.
    private var value: [UInt8] = []
    private var valueLine = 0
    private var depth = 0
    private var inArray = false
    private var strings = JSONStrings()
    private var firstLine = true
    private var containers = ContainerLines()
    private var pieces: [ContainerLines.Piece] = []

    /// The wrapper the source's lines came in, if any (Docker, CRI, journald, syslog).
    var container: ContainerLines.Form? { containers.form }

    init(startsRecord: @escaping (UnsafeBufferPointer<UInt8>) -> Bool) {
        self.startsRecord = startsRecord
    }

    private var inJSON: Bool { depth > 0 || inArray }
    private var arrayLine = 0

    /// The first source line whose bytes are held here still (an open record, JSON value or array, a stray
    /// run, a container's partial entry); nil when all that was fed is handed on. Reading may start again
    /// at a line where nothing older is held (`SourceReading`'s resume point).
    var oldestHeldLine: Int? {
        var lines: [Int] = []
        if text != nil { lines.append(textLine) }
        if inArray { lines.append(arrayLine) } else if depth > 0 { lines.append(valueLine) }
        if let stray { lines.append(stray.from) }
        if let waiting = containers.oldestWaitingLine { lines.append(waiting) }
        return lines.min()
    }

    mutating func feed(_ raw: UnsafeBufferPointer<UInt8>, number: Int, into out: inout [Unit]) {
        var line = raw
        if firstLine {
            firstLine = false
            // A UTF-8 byte-order mark (some editors and Windows tools write one) is not part of record 1.
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
        }
        guard containers.feed(line, number: number, into: &pieces) else { return frame(line, number: number, into: &out) }
        framePieces(into: &out)
    }

    private mutating func framePieces(into out: inout [Unit]) {
        for piece in pieces {
            switch piece {
            case .line(let bytes, let number):
                bytes.withUnsafeBufferPointer { frame($0, number: number, into: &out) }
            case .problem(let number, let reason):
                flushText(into: &out)
                flushStray(into: &out)
                out.append(.problem(line: number, reason: reason))
            }
        }
        pieces.removeAll(keepingCapacity: true)
    }

    private mutating func frame(_ line: UnsafeBufferPointer<UInt8>, number: Int, into out: inout [Unit]) {
        if inJSON {
            scanJSON(line, number: number, into: &out)
            return
        }
        let firstByte = line.first(where: { !isSpace($0) })
        if startsRecord(line) {
            flushText(into: &out)
            flushStray(into: &out)
            text = Array(line)
            textLine = number
            return
        }
        if text != nil {
            // Inside a line-form record: every line that starts no record is part of it, blank ones too.
            text!.append(0x0A)
            text!.append(contentsOf: line)
            return
        }
        guard let firstByte else { return } // a blank line between records
        if firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
            flushStray(into: &out)
            scanJSON(line, number: number, into: &out)
            return
        }
        if stray == nil { stray = (number, number, Array(line.prefix(200)).trimmingCarriageReturn) } else { stray!.to = number }
    }

    /// The end of the source: every record still open is handed on. `partialEntries: false` (a follower
    /// after a quiet second) keeps a wrapper's entry whose line has not ended waiting for its rest.
    mutating func finish(into out: inout [Unit], partialEntries: Bool = true) {
        if partialEntries {
            containers.finish(into: &pieces)
            framePieces(into: &out)
        }
        flushText(into: &out)
        flushStray(into: &out)
        if depth > (inArray ? 1 : 0) { out.append(.unclosed(line: valueLine)) }
    }

    /// Hands on the line-form record still open, when `isWhole` says it is complete already (a follower
    /// need not wait for a next record to know a line that ends with its JSON is done).
    mutating func flushText(if isWhole: ([UInt8]) -> Bool, into out: inout [Unit]) {
        if let record = text, isWhole(record) { flushText(into: &out) }
    }

    private mutating func flushText(into out: inout [Unit]) {
        if let record = text { out.append(.text(record, line: textLine)) }
        text = nil
    }

    private mutating func flushStray(into out: inout [Unit]) {
        if let run = stray { out.append(.stray(from: run.from, to: run.to, first: run.first)) }
        stray = nil
    }

    /// Follows JSON through one line: strings (with escapes), nesting, and the values at the top (or inside
    /// a top-level array), handing each on as it closes.
    private mutating func scanJSON(_ line: UnsafeBufferPointer<UInt8>, number: Int, into out: inout [Unit]) {
        let base = inArray ? 1 : 0
        var index = 0
        while index < line.count {
            let byte = line[index]
            index += 1
            if depth > base {
                value.append(byte)
                if strings.feed(byte) { continue }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == base {
                        out.append(.json(value, line: valueLine))
                        value = []
                    }
                default: break
                }
                continue
            }
            // Between values.
            if isSpace(byte) || (inArray && byte == UInt8(ascii: ",")) { continue }
            if byte == UInt8(ascii: "{") || (byte == UInt8(ascii: "[") && inArray) {
                strings = JSONStrings()
                value = [byte]
                valueLine = number
                depth = base + 1
                continue
            }
            if byte == UInt8(ascii: "["), !inArray {
                inArray = true // a top-level array: its elements are the values
                arrayLine = number
                depth = 1
                return scanJSON(UnsafeBufferPointer(rebasing: line[index...]), number: number, into: &out)
            }
            if byte == UInt8(ascii: "]"), inArray {
                inArray = false
                depth = 0
                continue
            }
            // Anything else between values belongs to no record.
            let rest = Array(line[(index - 1)...].prefix(200)).trimmingCarriageReturn
            if stray == nil { stray = (number, number, rest) } else { stray!.to = number }
            flushStray(into: &out)
            return
        }
        if depth > base { value.append(0x0A) }
    }
}

/// Follows JSON text byte by byte and says which bytes are inside a string (escapes included), so the
/// brackets that count can be told from those in text.
struct JSONStrings {
    private var inString = false
    private var escaped = false

    /// Feeds one byte; true when it belongs to a string (its quotes included).
    mutating func feed(_ byte: UInt8) -> Bool {
        if inString {
            if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            return true
        }
        if byte == 0x22 { inString = true; return true }
        return false
    }
}

extension Array where Element == UInt8 {
    /// Without the carriage return a CR LF line ending leaves (shown in a problem, never stored).
    var trimmingCarriageReturn: [UInt8] { last == 0x0D ? Array(dropLast()) : self }
}
