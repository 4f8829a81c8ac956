import AuditBrowser
import AuditStore

enum ExportFormat: String, CaseIterable {
    case text, csv, json, ndjson, histogram
}

enum ExportCommand {
    static func spec(_ name: String) -> CommandSpec {
        CommandSpec(
            name: name, operands: nil,
            summary: """
                Writes the records the filters select, newest first (--oldest-first for a chronological report).
                The format defaults to the -o file's extension (.txt, .csv, .json, .ndjson; none is text); another
                extension is an error (x.pdf is not written as text) unless --format names the format.
                  text    one line per record, as the browser's list shows it: local time (UTC with --utc)
                          followed by its zone, CET or CEST, on every line, ending with its reference
                  csv     a header and one row per record (RFC 4180). A cell a spreadsheet would run as a
                          formula (starting with = + - @, tab or CR) gets a leading ' to stay text; plain
                          numbers such as -100 are left as they are
                  json    an array of records
                  ndjson  one record per line: id, time, channel, level, level_name, message, context, extra,
                          customer_id, subscription_id, admin_id, admin, request_uid, change, ref
                  histogram  records per --by hour, day (default), week or month, oldest first, in local time
                          (--utc for UTC): the bucket, its records, its warnings and worse, and a bar of
                          40 marks at most where ! are the warnings and # the rest
                customer_id is the record's own, else the customer its subscription belongs to. ref is the
                record's reference (r7kq-2m9x-hd4c-a3fz), the same wherever the same logs are imported:
                auditlog show REF prints the record again.
                Printed to a terminal, every format shows the data's control characters as the browser does
                (visible symbols and \\u escapes) rather than obeying them; a file or a pipe gets the exact bytes.
                """,
            groups: [(nil, [Common.db,
                            Option.format, Common.output, Option.oldestFirst, Option.chainHead, Option.withNotes, Option.by, Option.ids,
                            Common.utc]),
                     FilterOptions.group],
            notes: "")
    }

    enum Option {
        static let format = OptionSpec("--format", value: "F", choices: ExportFormat.allCases.map(\.rawValue), "the output format")
        static let oldestFirst = OptionSpec("--oldest-first", "oldest record first")
        static let chainHead = OptionSpec("--chain-head", "end with the store's chain head (`auditlog verify --head` proves it later):\n"
            + "a last line `# chain head HASH (record N)` in text and csv, a last object in\n"
            + "ndjson, and json becomes {\"chain_head\": …, \"records\": […]}")
        static let ids = OptionSpec("--ids", value: "N,N,…", "only these records (the ids `auditlog review` lists for a finding)")
        static let withNotes = OptionSpec("--with-notes", "each record's notes too: a \"notes\" array in json and ndjson (when, author,\n"
            + "the note it corrects, text), a notes column in csv, indented lines under it in text")
        static let by = OptionSpec("--by", value: "SIZE", choices: BucketSize.allCases.map(\.rawValue),
                                   "the bucket of --format histogram (default day)")
    }

    static func run(_ words: [String], command: String = "export") throws {
        let arguments = try Arguments(words, spec: spec(command))
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (filters are options, see `auditlog \(command) --help`)")
        }
        let outputPath = arguments.value(Common.output)
        let format = try chooseFormat(arguments.value(Option.format), outputPath: outputPath)
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var query = try FilterOptions.query(from: arguments, clock: clock)
        if let text = arguments.value(Option.ids) { query.ids = try ids(text) }
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        try FilterOptions.resolveNames(&query, in: store) // before the output file is touched
        try FilterOptions.resolveValues(&query, in: store)
        try Looks.record(Looks.view(.export, query, clock: clock, file: outputPath))
        let output = try Output(path: outputPath)
        do {
            var written: Int?
            let head = try store.inSnapshot {
                let head = try store.chainHead()
                if format == .histogram {
                    let size = BucketSize(rawValue: arguments.value(Option.by) ?? "day") ?? .day
                    try writeHistogram(store: store, query: query, by: size, clock: clock, to: output)
                    if arguments.has(Option.chainHead) { output.line(ViewExport.headLine(head)) }
                } else {
                    let links = LinkWarning(store)
                    written = try write(store: store, query: query, format: format, oldestFirst: arguments.has(Option.oldestFirst),
                                        clock: clock, head: arguments.has(Option.chainHead) ? .some(head) : nil,
                                        withNotes: arguments.has(Option.withNotes), to: output,
                                        written: links.add)
                    try links.warn("this export", clock: clock)
                }
                return head
            }
            try output.close()
            // A file for someone else: the head it was made from is said beside it (--chain-head puts it inside).
            if let outputPath, outputPath != "-" {
                Console.note("wrote " + (written.map { "\(NumberText.grouped($0)) record\($0 == 1 ? "" : "s")" } ?? "the histogram")
                    + " to \(outputPath); chain head " + (head.map { "\($0.link) (record \($0.id))" } ?? "none"))
            }
        } catch {
            output.abandon()
            throw error
        }
    }

    /// `12,15,3044` (spaces and `;` also separate, as a review's CSV writes them).
    static func ids(_ text: String) throws -> [Int64] {
        let words = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " })
        let ids = words.compactMap { Int64($0) }
        guard !ids.isEmpty, ids.count == words.count, ids.count <= 1_000_000 else {
            throw CommandError.usage("--ids takes record ids separated by commas (12,15,3044), not \"\(Sanitizer.line(String(text.prefix(60))))\"")
        }
        return ids
    }

    static func chooseFormat(_ name: String?, outputPath: String?) throws -> ExportFormat {
        if let name {
            guard let format = ExportFormat(rawValue: name) else {
                throw CommandError.usage("--format takes text, csv, json, ndjson or histogram, not \"\(name)\"")
            }
            return format
        }
        guard let outputPath, outputPath != "-" else { return .text }
        guard let format = ViewExportFormat.forPath(outputPath) else {
            throw CommandError.usage(ViewExportFormat.unknownExtension(outputPath, known: ["txt", "csv", "json", "ndjson"])
                + ", or name the format with --format")
        }
        return ExportFormat(rawValue: format.rawValue) ?? .text
    }

    /// The records through `ViewExport`, as the browser's `e` writes them.
    @discardableResult
    static func write(store: AuditStore, query: RecordQuery, format: ExportFormat, oldestFirst: Bool, clock: Clock,
                      head: (link: String, id: Int64)?? = nil, withNotes: Bool = false, to output: Output,
                      written: (Int64) throws -> Void = { _ in }) throws -> Int {
        let viewFormat = ViewExportFormat(rawValue: format.rawValue) ?? .text
        return try ViewExport.write(store, query: query, format: viewFormat, oldestFirst: oldestFirst, clock: clock, head: head,
                             withNotes: withNotes, emit: { output.write($0) }, written: written)
    }

    /// `2025-03-01   1204     3  !!######`: the bucket, its records, its warnings and worse, and a bar.
    static func writeHistogram(store: AuditStore, query: RecordQuery, by size: BucketSize, clock: Clock,
                               to output: Output) throws {
        let buckets: [HistogramBucket]
        do {
            buckets = try store.histogram(of: query, by: size, clock: clock)
        } catch let error as StoreError {
            throw CommandError.failure(error.description)
        }
        let most = max(1, buckets.map(\.count).max() ?? 1)
        let countWidth = String(most).count
        let labelWidth = buckets.map { clock.bucketLabel($0.start, size).count }.max() ?? 10
        for bucket in buckets {
            let label = clock.bucketLabel(bucket.start, size)
            let marks = bucket.count == 0 ? 0 : max(1, bucket.count * 40 / most)
            let warningMarks = bucket.warnings == 0 ? 0 : max(1, min(marks, bucket.warnings * 40 / most))
            let count = String(bucket.count), warnings = String(bucket.warnings)
            output.line(label + String(repeating: " ", count: labelWidth - label.count) + "  "
                + String(repeating: " ", count: countWidth - count.count) + count + "  "
                + String(repeating: " ", count: max(0, countWidth - warnings.count)) + warnings + "  "
                + String(repeating: "!", count: warningMarks) + String(repeating: "#", count: marks - warningMarks))
        }
    }
}
