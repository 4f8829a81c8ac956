import AuditBrowser
import AuditReport
import AuditReview
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

enum ReviewFormat: String, CaseIterable {
    case text, csv, json, html
}

/// `auditlog review`: the unusual patterns of a period (default the last 7 days) judged against the weeks
/// before it, for a regular review of the audit log. Exit status 0 no findings, 1 failure, 3 findings.
enum ReviewCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "review", operands: nil,
        summary: """
            Finds what is unusual in a period (--since/--until; default from the start of the day 7 days
            ago until now) against a baseline of the weeks before it (--baseline, default 4w), among the
            records the filters select. Each finding has a kind, a severity, a reason that names the
            numbers, the admins, customers and subscriptions, its time span and the ids of the records it
            rests on (auditlog export --ids IDS, or ! in the browser, opens exactly them). The detectors:
            \(FindingKind.briefList(ReviewSettings(), indent: 2))
            Windows, thresholds, working hours, weekend days, the zone and the sensitive actions come from
            $XDG_CONFIG_HOME/auditlog/review.conf, else /etc/auditlog/review.conf (--config to name
            another), key = value a line; `man auditlog` lists every key. Options override the file.
              text  fits 80 columns (the default, and what a terminal gets)
              csv   one row per finding
              json  everything, with each finding's record ids
              html  one self-contained page with each admin's activity charted and the findings marked
            The format defaults to the -o file's extension (.txt, .csv, .json, .html; none is text); another
            extension is an error unless --format names the format. Several -o FILE write each file from one
            reading, each in its extension's format.
            """,
        groups: [(nil, [
            Option.format, Common.output, Option.baseline, Option.hours, Option.timezone, Option.config, Common.db,
        ]), FilterOptions.group],
        notes: "Exit status: 0 no findings, 3 findings, 1 failure (a bad settings line names its file:line), 2 usage error.")

    enum Option {
        static let format = OptionSpec("--format", value: "F", choices: ReviewFormat.allCases.map(\.rawValue), "the output format")
        static let baseline = OptionSpec("--baseline", value: "DURATION", complete: .words(["2w", "4w", "8w"]),
                                         "how far before the period the baseline reaches (default 4w)")
        static let hours = OptionSpec("--hours", value: "HH-HH", "working hours, local time (default 08-18)")
        static let timezone = OptionSpec("--timezone", value: "ZONE", "the zone hours and days are read in (Europe/Berlin, UTC,\n+02:00; default the local zone)")
        static let config = OptionSpec("--config", value: "FILE", "the settings file (default: $XDG_CONFIG_HOME/auditlog/review.conf,\nelse /etc/auditlog/review.conf)")
    }

    /// The defaults and the file (`explicit`, else the user's, else the system's).
    static func fileSettings(explicit: String?) throws -> ReviewSettings {
        let path = explicit ?? ReviewSettings.configPath(
            environment: ["XDG_CONFIG_HOME": Environment.variable("XDG_CONFIG_HOME"), "HOME": Environment.variable("HOME")]
                .compactMapValues { $0 },
            exists: Environment.fileExists)
        guard let path else { return ReviewSettings() }
        guard let text = readSmallFile(path) else { throw CommandError.failure("cannot read the review settings \(path)") }
        do {
            return try ReviewSettings.read(text, name: path)
        } catch let error as ReviewConfigError {
            throw CommandError.failure(error.description)
        }
    }

    /// The settings: the defaults, the file, then the options.
    static func settings(_ arguments: Arguments) throws -> ReviewSettings {
        var settings = try fileSettings(explicit: arguments.value(Option.config))
        if let text = arguments.value(Option.baseline) {
            guard let seconds = TimeSpan.seconds(text) else {
                throw CommandError.usage("--baseline takes a duration such as 4w, 28d or 2w, not \"\(Sanitizer.line(text))\"")
            }
            settings.baseline = seconds
        }
        if let text = arguments.value(Option.hours), !settings.setHours(text) {
            throw CommandError.usage("--hours takes working hours as HH-HH (08-18, 9-17), not \"\(Sanitizer.line(text))\"")
        }
        if let zone = arguments.value(Option.timezone) {
            guard ImportZone(zone) != nil else {
                throw CommandError.usage("--timezone takes a zone such as Europe/Berlin, UTC or +02:00, not \"\(Sanitizer.line(zone))\"")
            }
            settings.timezone = zone
        }
        return settings
    }

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (filters are options, see `auditlog review --help`)")
        }
        let outputs = try OutputChoice.outputs(arguments, format: Option.format, text: ReviewFormat.text)
        let settings = try settings(arguments)
        var clock = Clock.system()
        if let zone = settings.timezone.flatMap(ImportZone.init) { clock = zone.clock(now: clock.now) }
        var query = try FilterOptions.query(from: arguments, clock: clock)
        // The period is the filters' since and until; the baseline reaches back from it.
        let since = query.since ?? clock.bucketStart(clock.now, .day, adding: -7)
        let until = query.until ?? clock.now
        guard since < until else { throw CommandError.usage("--until must be after --since") }
        query.since = nil
        query.until = nil
        let filterText = QueryText.format(query, clock: clock)
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        try FilterOptions.resolveNames(&query, in: store) // before the output file is touched
        try FilterOptions.resolveValues(&query, in: store)
        let review = try Review.make(store: store, database: store.path, query: query, since: since, until: until,
                                     settings: settings, clock: clock, filterText: filterText)
        var looked = query
        (looked.since, looked.until) = (since, until)
        try OutputChoice.write(outputs, look: {
            try Looks.record(Looks.view(.review, looked, clock: clock, count: review.periodRecords, file: $0))
        }) { format, output in
            switch format {
            case .text: output.write(review.text(clock: clock))
            case .csv: output.write(review.csv())
            case .json: review.writeJSON(output.write)
            case .html: output.write(review.html(clock: clock))
            }
        }
        let files = outputs.compactMap(\.path).filter { $0 != "-" }
        if !files.isEmpty {
            Console.note("wrote the review of \(NumberText.grouped(review.periodRecords)) records to "
                + files.joined(separator: " and ") + ": \(review.summary)")
            // The findings are in the files. Under systemd (JOURNAL_STREAM set, stderr no terminal: the timer) also a
            // line a finding in the journal, at its warning priority.
            if Environment.variable("JOURNAL_STREAM") != nil, !Environment.stderrIsTerminal {
                for (index, finding) in review.findings.enumerated() {
                    Console.note("<4>finding \(index + 1) (\(finding.severity.name), \(finding.kind.rawValue)): \(finding.reason)")
                }
            }
        }
        throw CommandError.finished(review.exitStatus)
    }
}

/// A settings file's text (at most 1 MiB), nil when it cannot be read.
func readSmallFile(_ path: String) -> String? {
    guard let file = UserRights.asUserIfPossible({ fopen(path, "rb") }) ?? nil else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while bytes.count <= 1 << 20 {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return ferror(file) != 0 || bytes.count > 1 << 20 ? nil : String(decoding: bytes, as: UTF8.self)
}
