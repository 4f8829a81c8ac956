import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

enum NoteFormat: String, CaseIterable {
    case text, csv, json, ndjson
}

/// `auditlog note add REF [--text TEXT]` and `auditlog note list [FILTERS] [--format F]`: notes for scripts.
/// The author is the account that runs the command and the time the clock's; neither can be given.
enum NoteCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "note", operands: "add REF | list",
        summary: """
            add REF writes a note on a record (its reference as `show` and the browser show it, or a unique
            prefix of it): the text of --text, else standard input (one line or several). The author is the
            operating system's account that runs auditlog (the login name of the real user id), the time the
            clock's: neither can be typed. A note cannot be edited nor deleted; --corrects N writes a new note
            that says it corrects note N (of the same record). A note is written into the store when you may
            write it (your own); else (the Debian package's shared server, whose store only the ingester
            writes) it is sent to the ingester through the drop directory the ingester recorded in the store,
            and the ingester takes it with the file's owner as its author (within a second when it follows).
            list prints the notes of the records the filters select, newest note first, each with its record:
              text    the note's time, author and number, the record's line, then the note's lines
              csv     note_id, note_time, author, corrects, text, record_ref, record_id, record_time,
                      record_message
              json    an array of notes, each with its record as `export` writes it
              ndjson  one such note per line
            """,
        groups: [(nil, [Option.text, Option.corrects, Option.format, Common.output, Common.utc, Common.db]),
                 FilterOptions.group],
        notes: "Exit status 1 when the record is not in the store or the note cannot be written, 2 for a usage error.")

    enum Option {
        static let text = OptionSpec("--text", value: "TEXT", "add: the note (else it is read from standard input)")
        static let corrects = OptionSpec("--corrects", value: "N", "add: the note this one corrects (a note on the same record)")
        static let format = OptionSpec("--format", value: "F", choices: NoteFormat.allCases.map(\.rawValue), "list: the output format")
    }

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        let operands = arguments.positional
        switch operands.first {
        case "add": try add(arguments, operands: Array(operands.dropFirst()))
        case "list":
            if let extra = operands.dropFirst().first {
                throw CommandError.usage("unexpected argument \"\(extra)\" (filters are options, see `auditlog note --help`)")
            }
            try list(arguments)
        case let other?: throw CommandError.usage("note takes add or list, not \"\(other)\" (see `auditlog note --help`)")
        case nil: throw CommandError.usage("note takes add REF or list (see `auditlog note --help`)")
        }
    }

    static func add(_ arguments: Arguments, operands: [String]) throws {
        guard operands.count == 1, let recordText = operands.first else {
            throw CommandError.usage("note add takes one record's reference (`auditlog note add REF --text TEXT`)")
        }
        var corrects: Int64?
        if let text = arguments.value(Option.corrects) {
            guard let number = Int64(text), number > 0 else { throw CommandError.usage("--corrects takes a note's number, not \"\(text)\"") }
            corrects = number
        }
        let text = try arguments.value(Option.text) ?? readStandardInput()
        let path = Environment.databasePath(arguments.value(Common.db))
        guard Environment.storeExists(path) else { throw CommandError.failure("no database at \(path)") }
        do {
            let writable = Self.writesDirectly(path)
            let store = try AuditStore(path: path, mode: writable ? .readWrite : .readOnly)
            let found = try store.lookup(ref: recordText)
            guard let record = found.record else { throw CommandError.failure(found.problem ?? "") }
            if writable {
                let note = try store.addNote(onRecord: record.id, text: text, corrects: corrects)
                Console.note("note \(note.id) on \(record.ref) by \(note.author)")
            } else {
                try store.sendNote(onRecord: record.id, text: text, corrects: corrects, into: try dropDirectory(of: store))
                Console.note("note on \(record.ref) by \(NoteAuthor.current()) sent to the ingester: it shows once taken")
            }
        } catch let error as StoreError {
            throw CommandError.failure(error.description)
        }
    }

    /// The browser's `w`: a note written into the user's own store (a writer opened for it alone, then closed);
    /// on a store this user cannot write, a note file in the drop directory its ingester recorded.
    static func write(_ text: String, on record: Int64, database path: String) throws -> NoteWritten {
        guard writesDirectly(path) else {
            let store = try AuditStore(path: path, mode: .readOnly)
            try store.sendNote(onRecord: record, text: text, into: try dropDirectory(of: store))
            return .sent("sent to the ingester: it shows once taken")
        }
        let store = try AuditStore(path: path, mode: .readWrite, finishingInterruptedLoad: false)
        return .stored(try store.addNote(onRecord: record, text: text))
    }

    /// A note goes into the store itself only for a store this user may write, and never in privileged mode (the
    /// shared store is the ingester's: the setgid auditlog writes notes into its drop directory).
    static func writesDirectly(_ path: String) -> Bool { !UserRights.isPrivileged && access(path, W_OK) == 0 }

    /// Where notes go for a store this user cannot write: the drop directory its ingester recorded in it.
    static func dropDirectory(of store: AuditStore) throws -> String {
        guard let directory = try store.dropDirectory() else {
            throw StoreError("\(store.path) is read-only for you and its ingester takes no notes (it runs without --drop): "
                + "a note is written into the store or sent through the ingester's drop directory")
        }
        return directory
    }

    /// `drop directory: 12 files taken, 2 refused (1 claiming another author, 1 not a plain file)`; nil when the
    /// ingester never took a drop file.
    static func dropLine(_ counts: DropCounts) -> String? {
        guard counts.taken + counts.refusedTotal > 0 else { return nil }
        var line = "drop directory: \(NumberText.grouped(counts.taken)) file\(counts.taken == 1 ? "" : "s") taken, "
            + "\(NumberText.grouped(counts.refusedTotal)) refused"
        let reasons = DropRefusal.Reason.allCases.compactMap { reason -> String? in
            guard let count = counts.refused[reason] else { return nil }
            let said = switch reason {
            case .forged: "claiming another author than its owner"
            case .unreadable: "not a plain readable file"
            case .name: "misnamed or changed after it was written"
            case .format: "malformed"
            case .kind: "of an unknown kind"
            case .rejected: "refused by the store"
            }
            return "\(NumberText.grouped(count)) \(said)"
        }
        if !reasons.isEmpty { line += " (" + reasons.joined(separator: ", ") + ")" }
        return line
    }

    static func readStandardInput() throws -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            if bytes.count > NoteText.maximumLength * 4 + 4 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func list(_ arguments: Arguments) throws {
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var query = try FilterOptions.query(from: arguments, clock: clock)
        let outputPath = arguments.value(Common.output)
        let format = try format(arguments.value(Option.format), outputPath: outputPath)
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        try FilterOptions.resolveNames(&query, in: store)
        try FilterOptions.resolveValues(&query, in: store)
        let notes = try store.notes(of: query, limit: Int.max)
        try Looks.record(Looks.view(.notes, query, clock: clock, count: notes.count, file: outputPath))
        let output = try Output(path: outputPath)
        write(notes, format: format, clock: clock, to: output)
        try output.close()
        let counts = try store.dropCounts()
        if counts.refusedTotal > 0, let line = dropLine(counts) { Console.note(line) }
    }

    static func format(_ name: String?, outputPath: String?) throws -> NoteFormat {
        if let name {
            guard let format = NoteFormat(rawValue: name) else {
                throw CommandError.usage("--format takes text, csv, json or ndjson, not \"\(name)\"")
            }
            return format
        }
        return outputPath.flatMap(ViewExportFormat.fileExtension).flatMap(NoteFormat.init(rawValue:)) ?? .text
    }

    static func write(_ notes: [NotedRecord], format: NoteFormat, clock: Clock, to output: Output) {
        switch format {
        case .text:
            for (index, noted) in notes.enumerated() {
                if index > 0 { output.line("") }
                for line in NoteLine.listed(noted, clock: clock) { output.line(line) }
            }
        case .csv:
            output.line(NoteEncoding.csvHeader)
            for noted in notes { output.line(NoteEncoding.csv(noted)) }
        case .json:
            output.line("[" + notes.map { "\n" + NoteEncoding.json($0) }.joined(separator: ",") + (notes.isEmpty ? "]" : "\n]"))
        case .ndjson:
            for noted in notes { output.line(NoteEncoding.json(noted)) }
        }
    }
}
