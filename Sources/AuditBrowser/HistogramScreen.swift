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
                return .countBuckets(tab, query, uncounted.map { bars[$0].span }, warnings: false)
            }
            let unsplit = range.filter { bars[$0].warnings == nil && (bars[$0].count ?? 0) > 0 }
            if !unsplit.isEmpty {
                return .countBuckets(tab, query, unsplit.map { bars[$0].span }, warnings: true)
            }
        }
        return nil
    }

    // MARK: Update

    /// `i` on a log: its histogram over it.
    static func open(_ state: inout BrowserState) -> [Effect] {
        guard let log = state.current.log else {
            state.notice = "Open a log first: the histogram counts its records"
            return []
        }
        remember(&state)
        let title = log.title + (log.filterText.isEmpty ? "" : "  filter: " + state.glyphs.line(log.filterText))
        state.current.histogram = HistogramScreen(query: log.query, title: title, focus: log.selectedRecord?.time)
        return [.loadHistogramRange(state.tab, log.query)]
    }

    /// The histogram's own keys; nil: not its key (tabs, help, Back and quitting work as everywhere).
    static func update(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
        guard var screen = state.current.histogram else { return nil }
        let height = state.layout.body.height
        switch action {
        case .move(let n): screen.selected += n
        case .page(let n), .halfPage(let n):
            let lines = n * max(1, isHalf(action) ? height / 2 : height - 1)
            screen.selected += lines
            screen.top += lines
        case .top: screen.selected = 0
        case .bottom: screen.selected = screen.bars.count - 1
        case .click(_, let y):
            guard state.layout.body.contains(row: y) else { return [] }
            let index = screen.top + y - state.layout.body.y
            guard screen.bars.indices.contains(index) else { return [] }
            if index == screen.selected { return jump(&state, screen) }
            screen.selected = index
        case .zoom(let n):
            let sizes = BucketSize.allCases
            guard let index = sizes.firstIndex(of: screen.size), sizes.indices.contains(index - n),
                  screen.oldest != nil else { return [] }
            // Finer buckets open at the record `i` was pressed on, when it is in the selected bucket.
            var time = screen.bars.indices.contains(screen.selected) ? screen.bars[screen.selected].span.start : nil
            if let focus = screen.focus, let span = screen.bars.indices.contains(screen.selected) ? screen.bars[screen.selected].span : nil,
               span.start <= focus, focus < span.end { time = focus }
            screen.layOut(sizes[index - n], around: time, clock: state.clock, height: height)
            if screen.bars.isEmpty {
                // Too many buckets of that size: stay at this one.
                state.notice = "More than \(NumberText.grouped(AuditStore.maximumBuckets)) \(sizes[index - n].rawValue)s: "
                    + "filter a shorter time range first"
                return []
            }
        case .open, .toggleExpand:
            return jump(&state, screen)
        case .histogram:
            return reduce(&state, .back)
        case .startFilter, .startDateFilter, .clearFilters, .toggleFollow, .toggleRaw, .pivot, .openRequest, .stateThen,
             .toggleMark, .nextMark, .previousMark:
            return []
        default:
            return nil
        }
        guard !screen.bars.isEmpty else { return [] }
        screen.keepVisible(height: height)
        let effects = screen.askNext(state.tab, height: height)
        state.current.histogram = screen
        return effects
    }

    /// The log at the selected bucket: its newest record first. The histogram is a place on the history.
    private static func jump(_ state: inout BrowserState, _ screen: HistogramScreen) -> [Effect] {
        guard screen.bars.indices.contains(screen.selected) else { return [] }
        let end = screen.bars[screen.selected].span.end
        state.current.histogram = screen
        remember(&state)
        state.current.overlay = nil
        return onScreen(&state, log: { LogScreen.jump(&$0, before: end, $1) }, picker: { _, _ in [] })
    }

    /// Answers for the histogram of `tab`, if it still shows the same view.
    static func answer(_ state: inout BrowserState, _ action: Action) -> [Effect] {
        let height = state.layout.body.height
        switch action {
        case .histogramRange(let tab, let query, let oldest, let newest):
            guard var screen = state.tabs[tab.rawValue].histogram, screen.query == query, screen.loading else { return [] }
            screen.loading = false
            screen.oldest = oldest
            screen.newest = newest
            if let oldest, let newest {
                let size = state.clock.bucketSizeToFit(from: oldest, to: newest, rows: height)
                screen.layOut(size, around: screen.focus, clock: state.clock, height: height)
            }
            let effects = screen.askNext(tab, height: height)
            state.tabs[tab.rawValue].histogram = screen
            return effects
        case .bucketsCounted(let tab, let query, let counts):
            guard var screen = state.tabs[tab.rawValue].histogram, screen.query == query else { return [] }
            var index: [BucketSpan: Int] = [:]
            for (offset, bar) in screen.bars.enumerated() { index[bar.span] = offset }
            for counted in counts {
                guard let offset = index[counted.span] else { continue }
                screen.bars[offset].count = counted.count
                if let warnings = counted.warnings { screen.bars[offset].warnings = warnings }
                if counted.count == 0 { screen.bars[offset].warnings = 0 }
            }
            screen.counting = false
            let effects = screen.askNext(tab, height: height)
            state.tabs[tab.rawValue].histogram = screen
            return effects
        default:
            return []
        }
    }

    /// After a resize: the selection stays in view, and newly shown buckets are counted.
    static func resized(_ state: inout BrowserState) -> [Effect] {
        guard var screen = state.current.histogram, !screen.bars.isEmpty else { return [] }
        let height = state.layout.body.height
        screen.keepVisible(height: height)
        let effects = screen.askNext(state.tab, height: height)
        state.current.histogram = screen
        return effects
    }

    private static func isHalf(_ action: Action) -> Bool {
        if case .halfPage = action { return true }
        return false
    }
}
