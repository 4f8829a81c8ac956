import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

enum ShowFormat: String, CaseIterable {
    case text, json, ndjson, csv
}

/// `auditlog show REF…`: the records references name, in the order given — as the browser's expansion shows
/// them, or as `export` writes them.
enum ShowCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "show", operands: "REF...",
        summary: """
            Prints the records the references name, in the order given. A reference is what the browser's
            expansion shows under Reference and every export writes (r7kq-2m9x-hd4c-a3fz): the same on every
            machine and after any re-import of the same logs. Dashes and case do not matter, and the first 6
            characters or more do when no other record's reference starts so.
              text    each record's line, then its expansion as the browser shows it (the default)
              json, ndjson, csv  as `auditlog export` writes records
            """,
        groups: [(nil, [Common.db, Option.format, Common.output, Common.utc])],
        notes: "Exit status 1, with nothing printed, when a reference names no record or several (they are listed).")

    enum Option {
        static let format = OptionSpec("--format", value: "F", choices: ShowFormat.allCases.map(\.rawValue),
                                       "text (default), json, ndjson or csv")
    }

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        guard !arguments.positional.isEmpty else {
            throw CommandError.usage("show needs a reference: auditlog show r7kq-2m9x-hd4c-a3fz (see `auditlog show --help`)")
        }
        let format = ShowFormat(rawValue: arguments.value(Option.format) ?? "text") ?? .text
        let clock = Clock.system(utc: arguments.has(Common.utc))
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        // Every reference found before anything is written.
        let records = try arguments.positional.map { try find($0, in: store) }
        for record in records {
            try Looks.record(AccessEvent(action: .show, scope: AccessLooks.scope(of: record), count: 1,
                                         file: arguments.value(Common.output), record: record.ref.text))
        }
        let output = try Output(path: arguments.value(Common.output))
        // As the browser's expansion is drawn: in ASCII on a terminal whose locale is not UTF-8; a file gets Unicode.
        let glyphs = arguments.value(Common.output).map { $0 == "-" ? Environment.glyphs(for: STDOUT_FILENO) : .unicode }
            ?? Environment.glyphs(for: STDOUT_FILENO)
        do {
            switch format {
            case .text:
                for (index, record) in records.enumerated() {
                    if index > 0 { output.line("") }
                    let request = try record.requestUID.map {
                        try store.page(of: RecordQuery(request: $0), from: .oldest, limit: 50).reversed()
                    }.map(Array.init)
                    for line in RecordText.expansion(record, request: request, clock: clock, glyphs: glyphs) { output.line(line) }
                }
            case .json: output.write("[" + records.map { "\n" + RecordEncoding.json($0) }.joined(separator: ",") + "\n]\n")
            case .ndjson: for record in records { output.line(RecordEncoding.json(record)) }
            case .csv:
                output.line(RecordEncoding.csvHeader)
                for record in records { output.line(RecordEncoding.csv(record)) }
            }
            try output.close()
        } catch {
            output.abandon()
            throw error
        }
    }

    /// The one record a typed reference names; else a one-line error (exit 1).
    static func find(_ text: String, in store: AuditStore) throws -> AuditRecord {
        let found = try store.lookup(ref: text)
        guard let record = found.record else { throw CommandError.failure(found.problem ?? "no such record") }
        return record
    }
}
