import AuditBrowser
import AuditReport
import AuditStore

enum ReportFormat: String, CaseIterable {
    case text, csv, json, html
}

/// `auditlog report`: the compliance report of a view (the export's filters): per billing admin, then the
/// most-changed fields and customers and records per day, with the chain head it was made from.
enum ReportCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "report", operands: nil,
        summary: """
            Summarises who did what over a period, for a compliance review: per billing admin (and one row for
            records no admin made: jobs, the API, the system) the records, requests, customers and subscriptions
            touched, field changes by Entity.field, warnings and errors, first and last activity, and activity
            outside working hours (weekends count as outside); then the most-changed fields and customers and
            records per day. The filters are export's; the numbers are counts over the records
            export writes with them. Ends with the store's chain head (auditlog verify --head proves it later).
              text  fits 80 columns (the default, and what a terminal gets)
              csv   the per-admin table, then a "# chain head" line
              json  everything
              html  one self-contained page (no external file or request) with a chart of records per day
                    per admin, for a browser or to print; everything from the data is escaped
            The format defaults to the -o file's extension (.txt, .csv, .json, .html; none is text); another
            extension is an error unless --format names the format. Several -o FILE write each file from the
            same counts, each in its extension's format.
            """,
        groups: [(nil, [
            Option.format, Common.output, Option.hours, Common.utc, Common.db,
        ]), FilterOptions.group],
        notes: "")

    enum Option {
        static let format = OptionSpec("--format", value: "F", choices: ReportFormat.allCases.map(\.rawValue), "the output format")
        static let hours = OptionSpec("--hours", value: "HH-HH", "working hours, local time; weekend sat, sun (default 08-18)")
    }

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (filters are options, see `auditlog report --help`)")
        }
        let outputs = try OutputChoice.outputs(arguments, format: Option.format, text: ReportFormat.text)
        let hoursText = arguments.value(Option.hours) ?? "08-18"
        guard let hours = WorkingHours(hoursText) else {
            throw CommandError.usage("--hours takes working hours as HH-HH (08-18, 9-17), not \"\(Sanitizer.line(hoursText))\"")
        }
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var query = try FilterOptions.query(from: arguments, clock: clock)
        let filterText = QueryText.format(query, clock: clock)
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        try FilterOptions.resolveNames(&query, in: store) // before the output file is touched
        try FilterOptions.resolveValues(&query, in: store)
        let report = try ActivityReport.make(store: store, query: query, filterText: filterText, clock: clock, hours: hours)
        try OutputChoice.write(outputs, look: {
            try Looks.record(Looks.view(.report, query, clock: clock, count: report.records, file: $0))
        }) { format, output in
            switch format {
            case .text: output.write(report.text(clock: clock))
            case .csv: output.write(report.csv())
            case .json: output.write(report.json())
            case .html: output.write(report.html(clock: clock))
            }
        }
        let links = LinkWarning(store)
        try links.addAll(of: query)
        try links.warn("this report", clock: clock)
        let files = outputs.compactMap(\.path).filter { $0 != "-" }
        if !files.isEmpty {
            Console.note("wrote the report of \(NumberText.grouped(report.records)) records to \(files.joined(separator: " and ")); chain head "
                + (report.head.map { "\($0.link) (record \($0.id))" } ?? "none"))
        }
    }
}
