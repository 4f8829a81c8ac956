import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// A view's records written out: the browser's `e` and `auditlog export` write through here, so a file
/// the browser wrote equals what the command writes with the same filters.
public enum ViewExportFormat: String, CaseIterable, Sendable {
    case text, csv, json, ndjson

    /// The format a file's extension names (`.txt`, `.csv`, `.json`, `.ndjson`); text without an extension;
    /// nil for another extension (`x.pdf` is refused, not written as text under a name that says PDF).
    public static func forPath(_ path: String) -> ViewExportFormat? {
        guard let name = fileExtension(of: path) else { return .text }
        return name == "txt" ? .text : ViewExportFormat(rawValue: name)
    }

    /// `x.pdf: unknown extension .pdf (.txt .csv .json .ndjson)`: why `forPath` refused a name.
    public static func unknownExtension(_ path: String, known: [String]) -> String {
        "\(path): unknown extension .\(fileExtension(of: path) ?? "") (\(known.map { "." + $0 }.joined(separator: " ")))"
    }

    /// A file name's extension, lower case (`x/report.HTML` → `html`); nil without one. Export and report
    /// choose their format by it too.
    public static func fileExtension(of path: String) -> String? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return String(path[path.index(after: dot)...]).lowercased()
    }

    public var fileExtension: String { self == .text ? "txt" : rawValue }
}

/// What `e` asks the session to write.
public struct ExportJob: Sendable, Equatable {
    public var path: String
    public var query: RecordQuery
    public var format: ViewExportFormat
    /// The file may be replaced (the user said so).
    public var overwrite = false
}

public enum ViewExport {
    /// Writes every record of the view, newest first (oldest first with `oldestFirst`), through `emit`
    /// (each call a piece of the output); `progress` hears the records written so far every 1 000. With
    /// `head` (`.some`), ends with the chain head as `export --chain-head` does. The count of records.
    @discardableResult
    public static func write(_ source: AuditSource, query: RecordQuery, format: ViewExportFormat, oldestFirst: Bool = false,
                             clock: Clock, head: (link: String, id: Int64)?? = nil, withNotes: Bool = false, emit: (String) -> Void,
                             progress: (Int) -> Void = { _ in }, written: (Int64) throws -> Void = { _ in }) throws -> Int {
        var count = 0
        if format == .csv { emit(RecordEncoding.csvHeader + (withNotes ? ",notes" : "") + "\n") }
        if format == .json, let head {
            emit("{\"chain_head\": " + (head.map { "\"\($0.link)\", \"chain_record\": \($0.id)" } ?? "null") + ", \"records\": ")
        }
        if format == .json { emit("[") }
        var position: PagePosition = oldestFirst ? .oldest : .newest
        let pageSize = 2_000
        while true {
            var page = try source.page(of: query, from: position, limit: pageSize)
            if oldestFirst { page.reverse() }
            for record in page {
                switch format {
                case .ndjson: emit(json(record, withNotes: withNotes) + "\n")
                case .json: emit((count == 0 ? "\n" : ",\n") + json(record, withNotes: withNotes))
                case .csv: emit(RecordEncoding.csv(record) + (withNotes ? "," + NoteEncoding.cell(record.notes) : "") + "\n")
                case .text:
                    emit(RecordLine.text(record, customerLabel: record.customerLabel, clock: clock) + "\n")
                    if withNotes { for note in record.notes { emit(NoteLine.block(note, clock: clock).joined(separator: "\n") + "\n") } }
                }
                try written(record.id)
                count += 1
                if count % 1_000 == 0 { progress(count) }
            }
            guard page.count == pageSize, let last = page.last else { break }
            position = oldestFirst ? .newerThan(last.key) : .olderThan(last.key)
        }
        if format == .json { emit(count == 0 ? "]" : "\n]") }
        guard let head else {
            if format == .json { emit("\n") }
            return count
        }
        switch format {
        case .json: emit("}\n")
        case .ndjson:
            emit((head.map { "{\"chain_head\":\"\($0.link)\",\"chain_record\":\($0.id)}" } ?? "{\"chain_head\":null}") + "\n")
        case .text, .csv: emit(headLine(head) + "\n")
        }
        return count
    }

    /// A record as JSON; with its notes, a last key `"notes"`: an array, oldest first.
    static func json(_ record: AuditRecord, withNotes: Bool) -> String {
        let json = RecordEncoding.json(record)
        return withNotes ? String(json.dropLast()) + ",\"notes\":" + NoteEncoding.jsonArray(record.notes) + "}" : json
    }

    /// `# chain head 3f2a… (record 30 439)`: the last line of a text or csv export made with `--chain-head`.
    public static func headLine(_ head: (link: String, id: Int64)?) -> String {
        guard let head else { return "# chain head none (the store holds no record)" }
        return "# chain head \(head.link) (record \(head.id))"
    }

    /// What the browser answers once `job` ran: written (records), refused (the file exists), or failed.
    static func run(_ job: ExportJob, source: AuditSource, clock: Clock, progress: (Int) -> Void) -> Action {
        if !job.overwrite, access(job.path, F_OK) == 0 { return .exportNeedsConfirmation(job) }
        // Written beside its name and moved into place when complete: never half a file under the name. Created,
        // moved and removed with the rights of the person browsing (a setgid auditlog's real group: UserRights).
        let temporary = job.path + ".part"
        guard let file = UserRights.asUserIfPossible({ fopen(temporary, "wb") }) ?? nil else {
            return .exportFailed("\(job.path): \(String(cString: strerror(errno)))")
        }
        do {
            let count = try write(source, query: job.query, format: job.format, clock: clock, emit: { text in
                var text = text
                text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
            }, progress: progress)
            guard fclose(file) == 0, UserRights.asUserIfPossible({ rename(temporary, job.path) }) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = UserRights.asUserIfPossible { unlink(temporary) }
                return .exportFailed("\(job.path): \(reason)")
            }
            return .exportDone(path: absolute(job.path), records: count)
        } catch {
            fclose(file)
            _ = UserRights.asUserIfPossible { unlink(temporary) }
            return .exportFailed("\(error)")
        }
    }

    /// The path as the user can find it again from anywhere: relative paths from the working directory.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let directory = String(cString: cwd)
        let name = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (directory.hasSuffix("/") ? directory : directory + "/") + name
    }

    /// A file name that says what is in it: whose log, the view's filters and the months of its records (when
    /// known): `auditlog-customer-billing@acme.example-level-warning-2025-01-to-2025-03.csv`, `auditlog-all.csv`;
    /// the marks as text, `auditlog-marks-2025-06-30.txt`.
    static func suggestedName(_ state: BrowserState) -> String {
        func safe(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "@._+-".unicodeScalars.contains(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if !out.hasSuffix("-") {
                    out += "-"
                }
            }
            return String(out.trimmingCharacters(in: "-").prefix(60))
        }
        if !state.marks.isEmpty { return "auditlog-marks-" + String(state.clock.localText(state.now).prefix(10)) + ".txt" }
        guard let log = state.current.log else { return "auditlog.csv" }
        let query = log.query
        var what: String
        if let customer = query.customer { what = "customer-" + safe(log.selectedRecord?.customerLabel ?? customer) }
        else if let subscription = query.subscription { what = "subscription-" + safe(subscription) }
        else if let admin = query.admin { what = "admin-" + safe(log.selectedRecord.flatMap { $0.adminName } ?? admin) }
        else if let request = query.request { what = "request-" + safe(request) }
        else { what = "all" }
        // The filters on top, each as its key and value (`level-warning`, `since-2025-03-01`, `search-refund`):
        // two views' files are told apart by name, and the file is not taken for the whole log.
        var filtered = query
        filtered.words = []
        filtered.ids = nil
        if query.customer != nil { filtered.customer = nil }
        else if query.subscription != nil { filtered.subscription = nil }
        else if query.admin != nil { filtered.admin = nil }
        else { filtered.request = nil }
        let filters = QueryText.describe(filtered, clock: state.clock).map(safe) + query.words.map { "search-" + safe($0) }
        if !filters.isEmpty { what += "-" + String(filters.joined(separator: "-").prefix(80)).trimmingCharacters(in: "-") }
        // The months the view's records span, when the window holds both its newest and its oldest record
        // (known without asking the store); else no date: today's month would claim what the file does not hold.
        var months = ""
        if log.reachedNewest, log.reachedOldest, let newest = log.records.first, let oldest = log.records.last {
            let (from, to) = (String(state.clock.localText(oldest.time).prefix(7)), String(state.clock.localText(newest.time).prefix(7)))
            months = from == to ? "-" + to : "-" + from + "-to-" + to
        }
        return "auditlog-" + what + months + ".csv"
    }
}
