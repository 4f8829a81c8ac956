import AuditStore

/// The histogram (`i`, as lnav's): the records of the view on screen (its scope and filters) per hour,
/// day, week or month, newest bucket at the top as in the log, over the tab's content until Back. The
/// bucket size is the finest whose buckets fit the screen; `+`/`-` make them finer or coarser. Buckets are
/// counted off the key path, those on screen first, and the bars fill in as they come: first how many
/// records (an index range), then how many are warnings or worse (each record read). `Enter` opens the
/// log at the selected bucket's newest record; Back returns here.
public struct HistogramScreen: Sendable {
    public var query: RecordQuery
    /// What the view is, as its title says it (and its filter).
    public var title: String
    /// The time of the record selected when `i` was pressed: its bucket is selected first.
    public var focus: Timestamp?
    public var oldest: Timestamp?
    public var newest: Timestamp?
    /// The range is on its way.
    public var loading = true
    public var size: BucketSize = .day
    /// Newest first.
    public var bars: [Bar] = []
    public var selected = 0
    public var top = 0
    /// A count is under way: one at a time, each answer asks for the next.
    public var counting = false

    public struct Bar: Sendable, Equatable {
        public var span: BucketSpan
        public var count: Int?
        public var warnings: Int?
    }

    /// The largest count so far: the bars' scale.
    var largest: Int { bars.compactMap(\.count).max() ?? 0 }

    /// Buckets of `size` over the range, newest first, the one holding `time` selected.
    mutating func layOut(_ size: BucketSize, around time: Timestamp?, clock: Clock, height: Int) {
        guard let oldest, let newest else { return }
        self.size = size
        let spans = (try? clock.buckets(from: oldest, to: newest, by: size)) ?? []
        bars = spans.reversed().map { Bar(span: $0) }
        let time = time ?? newest
        selected = bars.firstIndex { $0.span.start <= time } ?? 0
        top = 0
        counting = false
        keepVisible(height: height)
    }

    mutating func keepVisible(height: Int) {
        selected = max(0, min(bars.count - 1, selected))
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        top = max(0, min(top, bars.count - height))
    }

    /// Asks for the next buckets unless a count is under way (each answer asks again).
    mutating func askNext(_ tab: Tab, height: Int) -> [Effect] {
        guard let next = nextCount(tab, height: height) else { return [] }
        counting = true
        return [next]
    }

    /// The next buckets to count: those on screen (counts, then warnings), then a screen either side.
    func nextCount(_ tab: Tab, height: Int) -> Effect? {
        guard !counting, !bars.isEmpty else { return nil }
        let shown = top..<min(bars.count, top + height)
        let near = max(0, top - height)..<min(bars.count, top + 2 * height)
        for range in [shown, near] {
            let uncounted = range.filter { bars[$0].count == nil }
            if !uncounted.isEmpty {
                return Self.count(uncounted.map { bars[$0].span }, of: query, warnings: false, tab)
            }
            let unsplit = range.filter { bars[$0].warnings == nil && (bars[$0].count ?? 0) > 0 }
            if !unsplit.isEmpty {
                return Self.count(unsplit.map { bars[$0].span }, of: query, warnings: true, tab)
            }
        }
        return nil
    }

}

// MARK: Keys and update

extension HistogramScreen: Screen {
    /// Opens over logs and pickers (`i`, listed after `open`); a picker says why not.
    static var opener: Opener? {
        Opener(HistogramScreen.self, over: Keymap.lists, keys: [.character("i")],
               help: "histogram: records per hour/day/week/month", make: open)
    }

    static let keys = KeyContext([KeySection("In the histogram (Enter: the log at that bucket)", [
        // One hint for both: `+/- zoom` fits beside the bucket's counts at 80 columns.
        Binding([.character("+"), .character("=")], .zoom(1), "finer buckets (month → week → day → hour)",
                hint: "zoom", hintKeys: "+/-"),
        Binding([.character("-")], .zoom(-1), "coarser buckets"),
    ])], borrowing: Keymap.moving + [Keymap.open, Binding([.character("i")], .back, "close the histogram"),
                                     Keymap.export, Keymap.listMarks])

    /// `i` on a log: its histogram over it.
    static func open(_ state: BrowserState) -> Opening {
        guard let log = state.current.log else {
            return .refused(notice: "Open a log first: the histogram counts its records")
        }
        let title = log.title + (log.filterText.isEmpty ? "" : "  filter: " + state.glyphs.line(log.filterText))
        let query = log.query
        // Two index reads, like a first page, on the key path, unless a text search must find them.
        let range = Question(tab: state.tab, lane: query.words.isEmpty ? .keyPath : .histogram,
                             asks: "the time range of \(query)") { source, _ in
            let range = try source.timeRange(of: query)
            return Range(query: query, oldest: range?.oldest, newest: range?.newest)
        }
        return .open(HistogramScreen(query: query, title: title, focus: log.selectedRecord?.time), [.ask(range)])
    }

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        let height = context.bodyHeight
        switch action {
        case .move(let n): selected += n
        case .page(let n), .halfPage(let n):
            let lines = n * max(1, Self.isHalf(action) ? height / 2 : height - 1)
            selected += lines
            top += lines
        case .top: selected = 0
        case .bottom: selected = bars.count - 1
        case .click(_, let y):
            guard context.layout.body.contains(row: y) else { return .done() }
            let index = top + y - context.layout.body.y
            guard bars.indices.contains(index) else { return .done() }
            if index == selected { return jump() }
            selected = index
        case .zoom(let n):
            let sizes = BucketSize.allCases
            guard let index = sizes.firstIndex(of: size), sizes.indices.contains(index - n), oldest != nil else {
                return .done()
            }
            // Finer buckets open at the record `i` was pressed on, when it is in the selected bucket.
            let span = bars.indices.contains(selected) ? bars[selected].span : nil
            var time = span?.start
            if let focus, let span, span.start <= focus, focus < span.end { time = focus }
            layOut(sizes[index - n], around: time, clock: context.clock, height: height)
            if bars.isEmpty {
                // Too many buckets of that size: stay at this one.
                context.notice = "More than \(NumberText.grouped(AuditStore.maximumBuckets)) \(sizes[index - n].rawValue)s: "
                    + "filter a shorter time range first"
                return .done()
            }
        case .open, .toggleExpand:
            return jump()
        case .startExport, .listMarks:
            return .then(.browser(action))
        default:
            return .ignored
        }
        guard !bars.isEmpty else { return .done() }
        keepVisible(height: height)
        return .done(askNext(context.tab, height: height))
    }

    /// The log at the selected bucket: its newest record first. The histogram is a place on the history.
    private func jump() -> Reply {
        guard bars.indices.contains(selected) else { return .done() }
        return .then(.remember, .close, .send(.jump(before: bars[selected].span.end, select: nil)))
    }

    /// Answers for this histogram, if it still shows the same view.
    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        let height = context.bodyHeight
        switch answer {
        case .screen(_, let range as Range):
            let (query, oldest, newest) = (range.query, range.oldest, range.newest)
            guard query == self.query, loading else { return [] }
            loading = false
            self.oldest = oldest
            self.newest = newest
            if let oldest, let newest {
                let size = context.clock.bucketSizeToFit(from: oldest, to: newest, rows: height)
                layOut(size, around: focus, clock: context.clock, height: height)
            }
            return askNext(context.tab, height: height)
        case .screen(_, let counted as Counted):
            let (query, counts) = (counted.query, counted.counts)
            guard query == self.query else { return [] }
            var index: [BucketSpan: Int] = [:]
            for (offset, bar) in bars.enumerated() { index[bar.span] = offset }
            for counted in counts {
                guard let offset = index[counted.span] else { continue }
                bars[offset].count = counted.count
                if let warnings = counted.warnings { bars[offset].warnings = warnings }
                if counted.count == 0 { bars[offset].warnings = 0 }
            }
            counting = false
            return askNext(context.tab, height: height)
        default:
            return []
        }
    }

    /// After a resize: the selection stays in view, and newly shown buckets are counted.
    mutating func resized(_ context: ScreenContext) -> [Effect] {
        guard !bars.isEmpty else { return [] }
        keepVisible(height: context.bodyHeight)
        return askNext(context.tab, height: context.bodyHeight)
    }

    var isLoading: Bool { loading }

    func title(_ state: BrowserState) -> StyledLine { HistogramView.title(state, self) }
    func status(_ state: BrowserState) -> String { HistogramView.status(state, self) }
    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        HistogramView.draw(state, self, in: area, into: &grid)
    }

    /// The histogram's answers: its view's time range, and buckets counted.
    struct Range: Sendable {
        let query: RecordQuery
        let oldest, newest: Timestamp?
    }

    struct Counted: Sendable {
        let query: RecordQuery
        let counts: [BucketCount]
    }

    /// Buckets counted on the histogram's own queue, in this order; with `warnings`, their warnings too.
    static func count(_ spans: [BucketSpan], of query: RecordQuery, warnings: Bool, _ tab: Tab) -> Effect {
        let first = spans.first.map { "\($0.start.microseconds)" } ?? "-"
        let asks = "\(spans.count) buckets from \(first)\(warnings ? " with warnings" : "") of \(query)"
        return .ask(Question(tab: tab, lane: .histogram, asks: asks) { source, inBackground in
            // In the background a batch answers after 40 ms, so the bars fill in as they are counted.
            Counted(query: query, counts: try count(spans, of: query, warnings: warnings, in: source,
                                                   within: inBackground ? .milliseconds(40) : nil))
        })
    }

    /// Counts buckets in order until `budget` has passed (at least one): the answer comes back while the
    /// rest wait for the next job, so the bars fill in as they are counted.
    static func count(_ spans: [BucketSpan], of query: RecordQuery, warnings: Bool, in source: AuditSource,
                      within budget: Duration? = nil) throws -> [BucketCount] {
        let clock = ContinuousClock()
        let start = clock.now
        var counted: [BucketCount] = []
        for span in spans {
            counted.append(try source.count(of: query, in: span, warnings: warnings))
            if let budget, clock.now - start > budget { break }
        }
        return counted
    }

    private static func isHalf(_ action: Action) -> Bool {
        if case .halfPage = action { return true }
        return false
    }
}
