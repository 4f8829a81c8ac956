import AuditBrowser
import AuditStore
import FoundationEssentials

/// `auditlog FILE…`: the files are imported by an `ImportSession` on a `Worker` of its own (thread and
/// connection: the browser's readers see each committed batch), then followed as `tail -F` does, so new
/// records appear as they are logged. Its progress is a line for the status bar; `stop` ends it at the next
/// chunk or poll, keeping everything read, and waits for it.
final class BackgroundImport: Sendable {
    private let worker: Worker<String?>

    /// `notLogs`: files named that hold no record (`BrowseCommand.logsAmong`), not imported: the status bar names them.
    init(files: [String], database path: String, options: ImportOptions, notLogs: [String] = []) {
        var configured = options
        configured.progressEvery = 2_000
        configured.indexSearchText = false // every file's records first, then the search index
        let options = configured
        // No interrupt: a stop is seen between chunks and polls, so the batch in hand is committed, not lost.
        worker = Worker(name: "import", stackSize: 16 << 20, shared: nil,
                        open: { try AuditStore(path: path, mode: .readWrite) }, interrupt: { _ in nil },
                        work: { opened, state in
            do {
                var options = options
                options.shouldStop = { state.withLock { $0.stopping } }
                let session = ImportSession(store: try opened.get(), options: options, report: StatusReport(state, notLogs: notLogs))
                session.headPublisher = SystemLog.publisher(for: session.store, path: path)
                try session.run(files, follow: true, until: { seconds in state.wait(until: { $0.stopping }, timeout: seconds) })
            } catch {
                state.withLock { $0.shared = "import failed: \(error)" }
            }
        })
    }

    var status: String? { worker.withLock { $0.shared } }

    /// Stops at the next chunk (what was read is committed) and waits for the worker.
    func stop() { worker.shutdown() }

    /// The session's progress as one line: "importing 2/3 prod.log · 40 000 records", then "imported …".
    private final class StatusReport: ImportReport {
        let state: Guarded<Worker<String?>.State>
        private var total = 0
        /// Of `total`, the records that were not stored before.
        private var new = 0
        private var skipped = 0
        private var file = ""
        /// The files named that are no logs, by name: said after whatever the status says.
        private let notLogs: String

        init(_ state: Guarded<Worker<String?>.State>, notLogs: [String]) {
            self.state = state
            let names = notLogs.map(Self.shortName)
            self.notLogs = names.isEmpty ? ""
                : " · " + names.joined(separator: ", ") + (names.count == 1 ? ": not a BillaBear audit log" : ": not BillaBear audit logs")
        }

        private static func shortName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

        private func show(_ line: String) { state.withLock { $0.shared = line + notLogs } }

        private var problems: String {
            skipped > 0 ? " (\(NumberText.grouped(skipped)) not readable: `auditlog import` says why)" : ""
        }

        /// How many files there are.
        private var count = 0
        /// Whether every file was empty (no line read, none read before).
        private var empty = true

        func starting(_ file: String, index: Int, count: Int) {
            self.count = count
            let name = Self.shortName(file)
            self.file = (count > 1 ? " \(index + 1)/\(count)" : "") + " " + name
            show("importing" + self.file)
        }

        func progress(_ summary: ImportSummary, in file: String) {
            show("importing\(self.file) · \(NumberText.grouped(total + summary.imported + summary.alreadyStored)) records")
        }

        func finished(_ file: String, _ outcome: Result<ImportSummary, StoreError>) {
            switch outcome {
            case .success(let summary):
                if summary.lines > 0 || summary.resumedAt != nil { empty = false }
                total += summary.imported + summary.alreadyStored
                new += summary.imported
                skipped += summary.skipped
            case .failure:
                empty = false
                skipped += 1 // a file that cannot be read: the command line says which (`auditlog import`)
            }
        }

        /// What the files added: "0 new" when nothing (a file read before is read on from where it stopped).
        private var added: String { new == 0 ? "0 new" : "imported \(NumberText.grouped(total)) record\(total == 1 ? "" : "s")" }

        func indexing(done: Int, remaining: Int64) {
            let percent = Int64(done) * 100 / max(1, Int64(done) + remaining)
            show(added + " · indexing for search \(percent) %" + problems)
        }

        func imported() {
            // Files that hold nothing yet (a live log just rotated, or not written to yet): followed, as the
            // title says; what they get shows up.
            let files = count == 1 ? String(file.dropFirst()) : "\(count) files"
            show(empty ? "\(files): empty so far; following" : added + problems)
        }

        func followed(_ count: Int) {
            guard count > 0 else { return }
            show(added + " · following: \(NumberText.grouped(count)) new" + problems)
        }

        /// A poll that fails (the store busy past its timeout) is tried again at the next.
        func pollFailed(_ error: any Error) {}
    }
}
