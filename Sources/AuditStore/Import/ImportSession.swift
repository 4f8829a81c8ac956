/// What an import session tells the code that shows it: the terminal's lines for `auditlog import`, the
/// status bar for the import beside the browser. Every method has a default that shows nothing.
public protocol ImportReport: AnyObject {
    /// `file` (number `index` of `count`) is about to be read.
    func starting(_ file: String, index: Int, count: Int)
    /// A record or line that could not be read (`FILE:LINE: reason`), while importing or following.
    func problem(_ text: String)
    /// What was read of `file` so far (every `ImportOptions.progressEvery` lines, and at its end).
    func progress(_ summary: ImportSummary, in file: String)
    /// `file` is done: its summary, or why it could not be read at all.
    func finished(_ file: String, _ outcome: Result<ImportSummary, StoreError>)
    /// The search text is being indexed: records done, records left.
    func indexing(done: Int, remaining: Int64)
    /// Every file is imported and its search text indexed.
    func imported()
    /// Following begins: `files` are what is followed.
    func following(_ files: [String])
    /// New records stored since following began (after each poll).
    func followed(_ total: Int)
    /// A poll of the followed files failed: throw to end the session, return to poll again.
    func pollFailed(_ error: any Error) throws
    /// A file of the drop directory was taken or refused (`AuditStore.ingestDrops`).
    func dropped(_ outcome: DropOutcome)
}

extension ImportReport {
    public func starting(_ file: String, index: Int, count: Int) {}
    public func problem(_ text: String) {}
    public func progress(_ summary: ImportSummary, in file: String) {}
    public func finished(_ file: String, _ outcome: Result<ImportSummary, StoreError>) {}
    public func indexing(done: Int, remaining: Int64) {}
    public func imported() {}
    public func following(_ files: [String]) {}
    public func followed(_ total: Int) {}
    public func pollFailed(_ error: any Error) throws { throw error }
    public func dropped(_ outcome: DropOutcome) {}
}

/// One import, the same whoever asks for it (`auditlog import [--follow]`, the import beside the browser):
/// 1. the files one after the other, each committed as it is read (a kill loses at most the batch in
///    flight); a file that cannot be read is reported and the next one read; the drop directory's files, when
///    there is one (`dropDirectory`: recorded in the store, then taken at each step and each poll);
/// 2. the search text of the new records, after all of them (they are browsable meanwhile: a search reads
///    what is not indexed yet by scan);
/// 3. when following, what the plain files get from where their import stopped, polled until told to stop,
///    and a last poll then (stopping keeps what the files had).
/// It runs on one thread with the store's connection; `ImportOptions.shouldStop` ends steps 1 and 2 early.
public final class ImportSession {
    public let store: AuditStore
    private let options: ImportOptions
    private let report: ImportReport
    /// Where reading stopped in each plain file: following goes on from there.
    private var ends: [String: Int64] = [:]
    /// Publishes the chain head outside the store (the system log) once the files are in, at most once a
    /// minute while following, and at the end (`HeadPublisher`).
    public var headPublisher: HeadPublisher?
    /// The drop directory this ingester takes notes (and other kinds) from, on the follower's schedule.
    public var dropDirectory: String?

    public init(store: AuditStore, options: ImportOptions, report: ImportReport) {
        self.store = store
        self.options = options
        self.report = report
    }

    /// The three steps; `wait` (when following) waits up to the seconds it is given between two polls and
    /// says whether to stop. Returns the records following stored, nil when nothing was followed.
    @discardableResult
    public func run(_ files: [String], follow: Bool, until wait: (Double) -> Bool) throws -> Int? {
        defer { headPublisher?.finish() }
        if let dropDirectory {
            try store.recordDropDirectory(dropDirectory)
            try ingestDrops()
        }
        try importFiles(files)
        try indexSearchText()
        headPublisher?.storeChanged()
        if options.shouldStop?() == true { return nil }
        try ingestDrops()
        report.imported()
        return follow ? try self.follow(files, until: wait) : nil
    }

    /// The drop directory's files, each reported; nothing without a drop directory.
    public func ingestDrops() throws {
        guard let dropDirectory else { return }
        let report = self.report
        for outcome in try store.ingestDrops(from: dropDirectory) { report.dropped(outcome) }
    }

    /// Step 1.
    public func importFiles(_ files: [String]) throws {
        let report = self.report
        for (index, file) in files.enumerated() {
            if options.shouldStop?() == true { return }
            report.starting(file, index: index, count: files.count)
            let summary: ImportSummary
            do {
                summary = try store.importSource(path: file, options: options, problem: { report.problem($0) },
                                                 progress: { report.progress($0, in: file) })
            } catch let error as StoreError {
                report.finished(file, .failure(error))
                continue
            }
            if let end = summary.endOffset { ends[file] = end }
            report.finished(file, .success(summary))
        }
    }

    /// Step 2: nothing when every record is indexed already.
    public func indexSearchText() throws {
        guard try store.textBacklog().pending > 0 else { return }
        let report = self.report
        try store.indexPendingText(shouldStop: options.shouldStop,
                                   progress: { report.indexing(done: $0, remaining: $1) })
    }

    /// Step 3: the files that can be followed (not standard input, not compressed) from where step 1
    /// stopped, and the drop directory, polled every half second until `wait` says stop. The new records
    /// stored; nil when none of the files can be followed and there is no drop directory.
    public func follow(_ files: [String], until wait: (Double) -> Bool) throws -> Int? {
        let live = files.filter { $0 != "-" && Compression.of(path: $0) == nil }
        guard !live.isEmpty || dropDirectory != nil else { return nil }
        report.following(live)
        let report = self.report
        let follower = live.isEmpty ? nil : LogFollower(store: store, paths: live, startingAt: ends, options: options,
                                                        problem: { report.problem($0) })
        var total = 0
        let publisher = headPublisher
        func poll() throws {
            do {
                let added = try follower?.poll() ?? 0
                total += added
                if added > 0 { publisher?.storeChanged() }
            } catch { try report.pollFailed(error) }
            do { try ingestDrops() } catch { try report.pollFailed(error) }
            report.followed(total)
        }
        repeat { try poll() } while !wait(0.5)
        try poll()
        return total
    }
}
