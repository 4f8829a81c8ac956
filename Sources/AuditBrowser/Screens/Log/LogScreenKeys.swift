import AuditStore

/// A log as a screen: its keys (logs and pickers, and the selected record's), its update (moving is
/// `LogScreen`'s), the answers for it, and its title, status and drawing.
extension LogView: Screen {
    static let keys = KeyContext([Keymap.lists, Keymap.record])

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        switch action {
        case .move(let n): return .done(LogScreen.move(&self, by: n, context))
        case .page(let n): return .done(LogScreen.scroll(&self, lines: n * max(1, context.bodyHeight - 1), context))
        case .halfPage(let n): return .done(LogScreen.scroll(&self, lines: n * max(1, context.bodyHeight / 2), context))
        case .top: return .done(LogScreen.top(&self, context))
        case .bottom: return .done(LogScreen.bottom(&self, context))
        case .click(_, let y):
            guard context.layout.body.contains(row: y) else { return .done() }
            return .done(LogScreen.click(&self, line: y - context.layout.body.y, context))
        case .open, .toggleExpand: return .done(LogScreen.toggleExpand(&self, context))
        case .back, .quitOrBack:
            // An open expansion closes first; only then does Back leave the log.
            guard let record = selectedRecord, expanded.contains(record.id) else { return .ignored }
            return .done(LogScreen.toggleExpand(&self, context))
        case .toggleRaw:
            if selectedRecord?.change != nil { raw.toggle() }
            return .done()
        case .pivot(let kind): return pivot(to: kind, &context)
        case .openRequest: return openRequest(&context)
        case .toggleMark: return Marks.toggle(self, &context)
        case .copyReference: return Clipboard.copy(self, whole: false, context)
        case .copyExpansion: return Clipboard.copy(self, whole: true, context)
        case .nextMark: return Marks.go(&self, down: true, &context)
        case .previousMark: return Marks.go(&self, down: false, &context)
        case .jump(let time, let select): return .done(LogScreen.jump(&self, before: time, select: select, context))
        case .startFilter, .startDateFilter, .clearFilters, .startExport, .listMarks, .toggleFollow, .startNote, .startReveal:
            return .then(.browser(action))
        default: return .ignored
        }
    }

    /// The record's customer, subscription or admin: their log in their tab.
    private func pivot(to kind: EntityKind, _ context: inout ScreenContext) -> Reply {
        guard let record = selectedRecord else { return .done() }
        let target: (String, String?)?
        switch kind {
        case .customer: target = (record.ownerCustomerID ?? record.customerID).map { ($0, record.customerLabel) }
        case .subscription: target = record.subscriptionID.map { ($0, nil) }
        case .admin: target = record.adminID.map { ($0, record.adminName) }
        }
        guard let (id, label) = target else {
            context.notice = switch kind {
            case .customer: "This record names no customer"
            case .subscription: "This record names no subscription"
            case .admin: "Not done by a billing admin"
            }
            return .done()
        }
        return .then(.openLog(kind, id: id, label: label))
    }

    /// The selected record's request as a list in the Overall tab; Back returns to exactly where the user was.
    private func openRequest(_ context: inout ScreenContext) -> Reply {
        guard let record = selectedRecord else { return .done() }
        guard let uid = record.requestUID else {
            context.notice = "This record names no request"
            return .done()
        }
        let g = context.glyphs
        return .then(.showInOverall(LogView(scope: RecordQuery(request: uid), title: "Request " + g.dot + " " + g.line(uid))))
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        switch answer {
        case .recordsLoaded(let ticket, let records):
            return LogScreen.loaded(&self, ticket, records, context, focused: context.focused)
        case .countLoaded(let ticket, let count, let moved):
            LogScreen.counted(&self, ticket, count)
            if moved { return LogScreen.readWindowAgain(&self, ticket, context) }
        case .namesUnmatched(let ticket, let problems):
            if generation == ticket.generation { unmatchedNames = problems }
        case .newRecords(_, let count):
            newRecords = count
        default:
            break
        }
        return []
    }

    mutating func resized(_ context: ScreenContext) -> [Effect] {
        LogScreen.keepSelectionVisible(&self, context)
        return []
    }

    var isLoading: Bool { loading && records.isEmpty }

    func title(_ state: BrowserState) -> StyledLine {
        let g = state.glyphs
        var line = StyledLine(title, Theme.title)
        if !filterText.isEmpty { line.add("  filter: " + g.line(filterText), Theme.key) }
        if newRecords > 0 {
            line.add("  ")
            let cap = LogScreen.newRecordsCountedUpTo
            let count = newRecords > cap ? NumberText.grouped(cap) + "+" : NumberText.grouped(newRecords)
            line.add(g.frame(" \(count) new record\(newRecords == 1 ? "" : "s") — g to see them "), Theme.banner)
        } else if state.follow {
            line.add("  following", Theme.dim)
        }
        return line
    }

    func status(_ state: BrowserState) -> String {
        let g = state.glyphs
        var left = position(g)
        if !filter.words.isEmpty, state.textBacklog.pending > 0 {
            // Said while it matters: records not yet in the search index are read one by one.
            left += " " + g.dot + " search index \(state.textBacklog.percentIndexed) %, scanning the rest"
        }
        if let activity = state.activity { left += " " + g.dot + " " + g.line(activity) }
        if let review = state.reviewSummary { left += " " + g.dot + " " + review }
        return left
    }

    /// `row 12 of 48 210`; the count arrives after the first screen and says `…` until then.
    func position(_ g: Glyphs) -> String {
        if loading && records.isEmpty { return g.frame("loading…") }
        if records.isEmpty { return "no records" }
        let row = windowStart.map { NumberText.grouped($0 + selected + 1) } ?? "?"
        let total = total.map { NumberText.grouped($0) } ?? g.ellipsis
        return "row \(row) of \(total)"
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        if isEmpty {
            NoLogsView.draw(state, self, in: area, into: &grid)
        } else {
            RecordListView.draw(state, self, in: area, into: &grid)
        }
    }
}
