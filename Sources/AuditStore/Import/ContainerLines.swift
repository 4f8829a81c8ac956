/// Logs kept by a container runtime or the system log hold the program's lines inside a wrapper of
/// their own. Each line is recognised by its content and unwrapped to the bytes the program wrote, which
/// then go through the same framing as a plain file, so a record reads (and is identified) exactly as its
/// unwrapped line would:
/// - Docker's json-file: `{"log":"…\n","stream":"stderr","time":"…"}`; a line over 16 KiB is split into
///   entries whose `log` does not end with `\n`, joined here until one does (per stream);
/// - CRI (Kubernetes, `/var/log/pods`): `2025-02-01T08:00:01.123456789Z stderr P|F text`, `P` joined with
///   the next entry of its stream, `F` ending the line;
/// - `journalctl -o json`: `{"__CURSOR":…, "MESSAGE":…}`, `MESSAGE` a string or an array of bytes (not
///   UTF-8); an entry journald split at its line maximum (`_LINE_BREAK: line-max`) joined with the next;
/// - syslog files: `2025-02-01T08:00:01+00:00 web1 php[812]: text` (RFC 3339, rsyslog's default) or
///   `Feb  1 08:00:01 web1 php[812]: text` (the traditional form).
/// Any other line (a plain Monolog line, a Monolog JSON record) is handed on untouched.
struct ContainerLines {
    enum Form: String, Sendable {
        case docker = "docker json-file"
        case cri = "CRI"
        case journald = "journald JSON"
        case syslog = "syslog"
    }

    enum Piece {
        /// A line as the program wrote it (without its `\n`), and the source line it came from.
        case line([UInt8], Int)
        case problem(Int, String)
    }

    /// The wrapper of the first wrapped line seen.
    private(set) var form: Form?
    /// Entries waiting for the rest of their line, by stream.
    private var partial: [String: (bytes: [UInt8], line: Int)] = [:]

    /// The first source line of an entry waiting for the rest of its line.
    var oldestWaitingLine: Int? { partial.values.map(\.line).min() }

    /// Unwraps one line into `pieces`; false when the line is no wrapper's (use it as it is).
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, number: Int, into pieces: inout [Piece]) -> Bool {
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "{") {
            if Self.starts(line, with: #"{"log":""#) { return docker(line, number: number, into: &pieces) }
            if Self.starts(line, with: #"{"__"#) { return journald(line, number: number, into: &pieces) }
            return false
        }
        if Self.isDigit(first) {
            if let (stream, final, text) = Self.cri(line) {
                note(.cri)
                join(text, key: "cri " + stream, ends: final, number: number, into: &pieces)
                return true
            }
            if let text = Self.syslog(line, classic: false) {
                note(.syslog)
                pieces.append(.line(text, number))
                return true
            }
            return false
        }
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "S"), let text = Self.syslog(line, classic: true) {
            note(.syslog)
            pieces.append(.line(text, number))
            return true
        }
        return false
    }

    /// The entries still waiting at the end of a source: their lines as far as they go.
    mutating func finish(into pieces: inout [Piece]) {
        for (_, waiting) in partial.sorted(by: { $0.value.line < $1.value.line }) {
            pieces.append(.line(waiting.bytes, waiting.line))
        }
        partial = [:]
    }

    private mutating func note(_ seen: Form) {
        if form == nil { form = seen }
    }

    /// Adds an entry's text to its stream's line; hands the line on when `ends`.
    private mutating func join(_ text: [UInt8], key: String, ends: Bool, number: Int, into pieces: inout [Piece]) {
        var bytes = text
        var line = number
        if let waiting = partial.removeValue(forKey: key) {
            bytes = waiting.bytes + text
            line = waiting.line
        }
        if ends { pieces.append(.line(bytes, line)) } else { partial[key] = (bytes, line) }
    }

    // MARK: JSON wrappers

    private mutating func docker(_ line: UnsafeBufferPointer<UInt8>, number: Int, into pieces: inout [Piece]) -> Bool {
        guard let value = try? JSONParser.parseDocument(line) else {
            pieces.append(.problem(number, "a Docker log entry that is not whole JSON"))
            return true
        }
        guard case .object(let members) = value, case .string(let log)? = value["log"], value["time"] != nil,
              members.allSatisfy({ ["log", "stream", "time", "attrs"].contains($0.0) })
        else { return false } // some other JSON that starts with "log"
        note(.docker)
        var bytes = Array(log.utf8)
        let ends = bytes.last == 0x0A
        if ends { bytes.removeLast() }
        join(bytes, key: "docker " + (value["stream"]?.scalarText ?? ""), ends: ends, number: number, into: &pieces)
        return true
    }

    private mutating func journald(_ line: UnsafeBufferPointer<UInt8>, number: Int, into pieces: inout [Piece]) -> Bool {
        guard let value = try? JSONParser.parseDocument(line), let message = value["MESSAGE"],
              value["__REALTIME_TIMESTAMP"] != nil || value["__CURSOR"] != nil
        else { return false }
        note(.journald)
        var bytes: [UInt8]
        switch message {
        case .string(let text): bytes = Array(text.utf8)
        case .array(let items):
            bytes = items.compactMap { item in item.scalarText.flatMap { UInt8($0) } }
            guard bytes.count == items.count else {
                pieces.append(.problem(number, "a journald MESSAGE that is neither text nor bytes"))
                return true
            }
        case .null:
            pieces.append(.problem(number, "journalctl left this MESSAGE out (over 4096 bytes): run it with --all"))
            return true
        default:
            pieces.append(.problem(number, "a journald MESSAGE that is neither text nor bytes"))
            return true
        }
        let key = "journald " + (value["_STREAM_ID"]?.scalarText ?? value["_PID"]?.scalarText ?? "")
        if value["_LINE_BREAK"]?.scalarText == "line-max" {
            join(bytes, key: key, ends: false, number: number, into: &pieces)
            return true
        }
        // A message sent whole (syslog(3), the native protocol) may hold several lines.
        if bytes.last == 0x0A { bytes.removeLast() }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        join(lines.removeFirst(), key: key, ends: true, number: number, into: &pieces)
        for rest in lines { pieces.append(.line(rest, number)) }
        return true
    }

    // MARK: Text prefixes

    /// `TIME STREAM P|F text` (CRI): the stream, whether the entry ends its line, and the text.
    static func cri(_ line: UnsafeBufferPointer<UInt8>) -> (String, Bool, [UInt8])? {
        guard let timeEnd = rfc3339(line, from: 0), timeEnd < line.count, line[timeEnd] == 0x20 else { return nil }
        var i = timeEnd + 1
        let stream: String
        if Self.starts(line, at: i, with: "stdout ") { stream = "stdout" } else if Self.starts(line, at: i, with: "stderr ") {
            stream = "stderr"
        } else { return nil }
        i += 7
        guard i < line.count, line[i] == UInt8(ascii: "P") || line[i] == UInt8(ascii: "F") else { return nil }
        let final = line[i] == UInt8(ascii: "F")
        i += 1
        // Further tags may follow, separated by colons (`F:x`); then one space and the text.
        while i < line.count, line[i] != 0x20 {
            guard line[i] == UInt8(ascii: ":") || line[i] > 0x20 else { return nil }
            i += 1
        }
        if i < line.count { i += 1 }
        return (stream, final, Array(line[i...]))
    }

    /// The text after `TIME HOST TAG[PID]: `, the time in RFC 3339 or (classic) `Feb  1 08:00:01`.
    static func syslog(_ line: UnsafeBufferPointer<UInt8>, classic: Bool) -> [UInt8]? {
        guard let timeEnd = classic ? classicTime(line) : rfc3339(line, from: 0),
              timeEnd < line.count, line[timeEnd] == 0x20 else { return nil }
        // The host: no spaces nor colons.
        var i = timeEnd + 1
        let hostStart = i
        while i < line.count, line[i] != 0x20 {
            if line[i] == UInt8(ascii: ":") { return nil }
            i += 1
        }
        guard i > hostStart, i < line.count else { return nil }
        i += 1
        // The tag: a program name, an optional `[PID]`, then a colon.
        let tagStart = i
        while i < line.count, line[i] != UInt8(ascii: ":"), line[i] != UInt8(ascii: "["), line[i] > 0x20 { i += 1 }
        guard i > tagStart, i < line.count else { return nil }
        if line[i] == UInt8(ascii: "[") {
            i += 1
            let pidStart = i
            while i < line.count, isDigit(line[i]) { i += 1 }
            guard i > pidStart, i < line.count, line[i] == UInt8(ascii: "]") else { return nil }
            i += 1
        }
        guard i < line.count, line[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        if i < line.count, line[i] == 0x20 { i += 1 }
        return Array(line[i...])
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` at `from`: the index after it.
    static func rfc3339(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let shape = Array("dddd-dd-ddTdd:dd:dd".utf8)
        guard line.count - start >= shape.count + 1 else { return nil }
        for (k, expected) in shape.enumerated() {
            let byte = line[start + k]
            if expected == UInt8(ascii: "d") ? !isDigit(byte) : byte != expected { return nil }
        }
        var i = start + shape.count
        if line[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = i
            while i < line.count, isDigit(line[i]) { i += 1 }
            guard i > fraction else { return nil }
        }
        guard i < line.count else { return nil }
        if line[i] == UInt8(ascii: "Z") { return i + 1 }
        guard line[i] == UInt8(ascii: "+") || line[i] == UInt8(ascii: "-"), line.count - i >= 6,
              isDigit(line[i + 1]), isDigit(line[i + 2]), line[i + 3] == UInt8(ascii: ":"),
              isDigit(line[i + 4]), isDigit(line[i + 5]) else { return nil }
        return i + 6
    }

    /// `Mmm dd HH:MM:SS` (the day padded with a space): the index after it.
    static func classicTime(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard line.count > 15 else { return nil }
        let month = String(decoding: UnsafeBufferPointer(rebasing: line[0..<3]), as: UTF8.self)
        guard ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].contains(month),
              line[3] == 0x20, line[4] == 0x20 || isDigit(line[4]), isDigit(line[5]), line[6] == 0x20 else { return nil }
        let shape = Array("dd:dd:dd".utf8)
        for (k, expected) in shape.enumerated() {
            let byte = line[7 + k]
            if expected == UInt8(ascii: "d") ? !isDigit(byte) : byte != expected { return nil }
        }
        return 15
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func starts(_ line: UnsafeBufferPointer<UInt8>, at start: Int = 0, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard line.count - start >= count else { return false }
        let pointer = text.utf8Start
        for k in 0..<count where line[start + k] != pointer[k] { return false }
        return true
    }
}
