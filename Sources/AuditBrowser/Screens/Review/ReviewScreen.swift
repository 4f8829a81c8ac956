import AuditReview
import AuditStore

/// The review (`!`): the findings of the view's scope and period (its since/until, else the last 7 days)
/// against the weeks before, as `auditlog review` makes them, over the log until Back. Read off the key
/// path a batch at a time on the review's own connection, its progress shown; then one finding a line
/// (severity, kind, who, when) with the selected one's reason and customers below. `Enter` opens exactly
/// the finding's records in the Overall log; Back returns here. The log's status bar then says how many
/// findings the review had.
public struct ReviewScreen: Sendable {
    public var title: String
    public var reading: ReviewReading
    public var review: Review?
    public var failure: String?
    public var selected = 0
    public var top = 0

    /// Lines of the selected finding's details under the list.
    static let detailHeight = 6

    /// `3 findings this week` (or in the period), for the log's status bar.
    public var summary: String? {
        guard let review else { return nil }
        let days = (review.until.microseconds - review.since.microseconds + 3_600_000_000) / 86_400_000_000
        let when = days == 7 || days == 8 ? "this week" : "in \(days) days"
        let n = review.findings.count
        return "\(n == 0 ? "no" : String(n)) finding\(n == 1 ? "" : "s") \(when)"
    }

    mutating func keepVisible(height: Int) {
        let count = review?.findings.count ?? 0
        selected = max(0, min(count - 1, selected))
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        top = max(0, min(top, count - height))
    }

    /// The next batch (40 ms of reading in the background, all of it inline), or the review once read.
    static func next(_ reading: ReviewReading, _ tab: Tab) -> Effect {
        .ask(Question(tab: tab, lane: .review, asks: "review of \(reading.query) after \(String(describing: reading.after))") { source, inBackground in
            var reading = reading
            try reading.read(source, budget: inBackground ? .milliseconds(40) : nil)
            guard reading.done else { return Progress(reading: reading) }
            return Done(since: reading.since, query: reading.query,
                        review: try reading.review(source, filterText: "", database: ""))
        })
    }

    struct Progress: Sendable {
        let reading: ReviewReading
    }

    struct Done: Sendable {
        let since: Timestamp
        let query: RecordQuery
        let review: Review
    }
}

// MARK: Keys and update

extension ReviewScreen: Screen {
    /// Opens over logs (`!`, listed after `open`); a picker says why not.
    static var opener: Opener? {
        Opener(ReviewScreen.self, over: Keymap.lists, keys: [.character("!")],
               help: "review: what is unusual in the view's period", make: open)
    }

    static let keys = KeyContext([KeySection("In the review (Enter: the finding's records)", [
        Binding([.character("!")], .back, "close the review"),
    ])], borrowing: Keymap.moving + [Keymap.open])

    /// `!` on a log: the review of its scope and filters, over its period.
    static func open(_ state: BrowserState) -> Opening {
        guard let log = state.current.log else {
            return .refused(notice: "Open a log first: the review judges its records")
        }
        if let problem = state.reviewSettingsProblem { return .refused(notice: problem) }
        let query = log.query
        let clock = state.clock
        let since = query.since ?? clock.bucketStart(clock.now, .day, adding: -7)
        let until = query.until ?? clock.now
        guard since < until else { return .refused(notice: "The view's period is empty") }
        let reading = ReviewReading(query: query, since: since, until: until, settings: state.reviewSettings, clock: clock)
        let title = log.title + (log.filterText.isEmpty ? "" : "  filter: " + state.glyphs.line(log.filterText))
        return .open(ReviewScreen(title: title, reading: reading), [next(reading, state.tab)])
    }

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        let height = max(1, context.bodyHeight - Self.detailHeight - 1)
        if let summary { context.reviewSummary = summary }
        switch action {
        case .move(let n): selected += n
        case .page(let n), .halfPage(let n): selected += n * max(1, height - 1)
        case .top: selected = 0
        case .bottom: selected = (review?.findings.count ?? 1) - 1
        case .open, .toggleExpand:
            guard let findings = review?.findings, findings.indices.contains(selected) else { return .done() }
            let finding = findings[selected]
            let g = context.glyphs
            let log = LogView(scope: RecordQuery(ids: finding.records),
                              title: "Finding \(selected + 1) " + g.dot + " " + finding.kind.title + " " + g.dot
                                + " \(finding.records.count) record\(finding.records.count == 1 ? "" : "s")")
            return .then(.showInOverall(log))
        default:
            return .ignored
        }
        keepVisible(height: height)
        return .done()
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        switch answer {
        case .screen(_, let progress as Progress):
            guard progress.reading.query == reading.query, progress.reading.since == reading.since, review == nil else { return [] }
            reading = progress.reading
            return [Self.next(reading, context.tab)]
        case .screen(_, let done as Done):
            guard done.query == reading.query, done.since == reading.since else { return [] }
            review = done.review
            return []
        case .failed(let message):
            if review == nil { failure = message }
            return []
        default:
            return []
        }
    }

    var isLoading: Bool { review == nil && failure == nil }

    func title(_ state: BrowserState) -> StyledLine { ReviewView.title(state, self) }
    func status(_ state: BrowserState) -> String { ReviewView.status(state, self) }
    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        ReviewView.draw(state, self, in: area, into: &grid)
    }
}
