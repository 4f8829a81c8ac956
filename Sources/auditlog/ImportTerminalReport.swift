import AuditBrowser
import AuditStore
import CStopSignals
#if canImport(Glibc)
import Glibc
#endif

extension ImportCommand {
    /// How `auditlog import` shows an import session: per file its problems (the first ten, and how many
    /// more) and one summary line; progress lines on a terminal only; every problem to `--errors FILE`.
    final class TerminalReport: ImportReport {
        let options: ImportOptions
        let errors: Output?
        let showProgress = Environment.stderrIsTerminal
        /// Whether a file had a problem or could not be read: the command's exit status is then 1.
        private(set) var failed = false
        private var following = false
        /// `--follow`: a file empty now is a log waiting for its first line (a fresh install, a rotation).
        let willFollow: Bool
        // The file being read.
        private var name = ""
        private var size: Int64?
        /// Whether `--follow` follows this file (a plain file: not standard input, not compressed).
        private var followable = false
        private var started: Int64 = 0
        private var shown: [String] = []
        private var more = 0
        private var indexingSince: Int64?
        /// The store's absolute path: the summary names it.
        var database = ""
        /// Records this import stored (not those stored before).
        private(set) var stored = 0
        /// Whether the store is this import's own, to be removed again if it fails having stored nothing
        /// (`ImportCommand.run`): the summary does not name it then.
        var discardable = false

        init(options: ImportOptions, errors: Output?, willFollow: Bool = false) {
            self.options = options
            self.errors = errors
            self.willFollow = willFollow
        }

        /// A file named that could not be read (a glob that matched nothing): its line; the import fails.
        func couldNotRead(_ problem: SourceSet.Problem) {
            Console.error("\(problem.argument): \(problem.reason)")
            failed = true
        }

        func starting(_ file: String, index: Int, count: Int) {
            name = file == "-" ? "<stdin>" : file
            followable = willFollow && file != "-" && Compression.of(path: file) == nil
            size = file == "-" || Compression.of(path: file) != nil ? nil : Environment.size(of: file)
            started = SystemClock.monotonicMicroseconds()
            shown = []
            more = 0
        }

        func problem(_ text: String) {
            errors?.write(text + "\n")
            if following {
                // On a line of its own: the progress line (drawn with \r) is cleared first, and drawn again after
                // the poll.
                if showProgress { Console.progress("") }
                Console.note(text)
            } else if shown.count < ImportCommand.shownProblems {
                shown.append(text)
            } else {
                more += 1
            }
        }

        func progress(_ summary: ImportSummary, in file: String) {
            guard showProgress else { return }
            Console.progress(ImportCommand.progressLine(name, summary, size: size, started: started))
        }

        func finished(_ file: String, _ outcome: Result<ImportSummary, StoreError>) {
            if showProgress { Console.progress("") }
            switch outcome {
            case .failure(let error):
                Console.error(error.description)
                failed = true
            case .success(let summary):
                stored += summary.imported
                if !describe(summary) { failed = true }
                fflush(nil) // each file's line when it is done, also into a pipe (`import … | tee`), not at exit
            }
        }

        /// The file's problems, then its line. Whether nothing was wrong with it.
        private func describe(_ summary: ImportSummary) -> Bool {
            let found = summary.imported + summary.alreadyStored
            if found == 0, summary.skipped + summary.strayLines > 0, summary.format == nil {
                // Nothing in the file reads as a record: one line, not one per line.
                Console.error(ImportCommand.notALogLine(name, firstProblem: shown.first.map { String($0.dropFirst(name.count + 1)) }))
                return false
            }
            for problem in shown { Console.note(problem) }
            if more > 0 {
                Console.note("\(name): … and \(NumberText.grouped(more)) more"
                    + (errors == nil ? " (--errors FILE writes all)" : " (all in the --errors file)"))
            }
            if found == 0, summary.problems == 0, summary.resumedAt == nil, followable {
                // Following a log that has no line yet is what an ingester does after an install or a rotation:
                // not an error (a unit stopped later would otherwise exit 1 and be marked failed).
                print("\(name): empty so far; following it")
                return true
            }
            if found == 0, summary.problems == 0, summary.resumedAt == nil {
                Console.error(ImportCommand.emptyLine(name))
                return false
            }
            // Nothing added reads "0 new" (a file read before is read on from where that import stopped).
            var line = "\(name): " + (summary.imported == 0 ? "0 new" : "\(NumberText.grouped(summary.imported)) imported")
            if summary.alreadyStored > 0 { line += ", \(NumberText.grouped(summary.alreadyStored)) already stored" }
            if summary.skipped > 0 {
                line += ", \(NumberText.grouped(summary.skipped)) record\(summary.skipped == 1 ? "" : "s") skipped"
            }
            if summary.strayLines > 0 {
                line += ", \(NumberText.grouped(summary.strayLines)) "
                    + (summary.strayLines == 1 ? "line that is no record" : "lines that are no record")
            }
            if options.strict, summary.skipped + summary.strayLines > 0 { line += " (--strict: nothing stored from this file)" }
            var notes: [String] = []
            if summary.resumedAt != nil {
                notes.append(summary.linesRead == 0 ? "unchanged since it was read"
                    : "read on from line \(NumberText.grouped(summary.lines - summary.linesRead + 1))")
            }
            if let format = summary.format { notes.append(format.rawValue + (summary.container.map { " in \($0)" } ?? "")) }
            if summary.zoneAssumed > 0, let zone = options.zone {
                notes.append("times without a zone read as \(zone.name)")
            }
            if !notes.isEmpty { line += " (" + notes.joined(separator: "; ") + ")" }
            print(line)
            return summary.skipped + summary.strayLines == 0
        }

        /// The search text's own progress line, after all the records.
        func indexing(done: Int, remaining: Int64) {
            guard showProgress else { return }
            let since = indexingSince ?? SystemClock.monotonicMicroseconds()
            indexingSince = since
            let seconds = max(0.001, Double(SystemClock.monotonicMicroseconds() - since) / 1_000_000)
            let rate = Double(done) / seconds
            let percent = Int64(done) * 100 / max(1, Int64(done) + remaining)
            Console.progress("search index: \(percent) % · \(NumberText.grouped(Int(rate))) records/s · "
                + "\(Int((Double(remaining) / max(1, rate)).rounded())) s left")
        }

        func imported() {
            if showProgress, indexingSince != nil { Console.progress("") }
            if discardable, failed, stored == 0 { return } // removed again: nothing to name
            print("database: \(database)")
            fflush(nil)
        }

        /// `--follow`: Ctrl-C and SIGTERM end the wait between polls from now on.
        func following(_ files: [String]) {
            following = true
            name = "\(files.count) file\(files.count == 1 ? "" : "s")"
            audit_install_stop_signals()
        }

        /// One line a drop file: what was taken on standard output, a refusal on standard error (the journal keeps
        /// both with the ingester's unit).
        func dropped(_ outcome: DropOutcome) {
            if showProgress { Console.progress("") }
            switch outcome.result {
            case .success(let summary):
                print("drop file \(outcome.name.prefix(21))…: \(summary)")
                fflush(nil)
            case .failure(let refusal):
                Console.error("refused drop file \(outcome.name) of \(refusal.owner ?? "an unknown owner") (\(refusal.reason.rawValue)): "
                    + refusal.detail)
            }
        }

        func followed(_ total: Int) {
            guard showProgress else { return }
            Console.progress("following \(name) · \(NumberText.grouped(total)) new record\(total == 1 ? "" : "s") (Ctrl-C stops)")
        }
    }
}
