import AuditStore

/// Moving through a log: a window of loaded records slides along the whole list a page at a time, so
/// the cost of a key never depends on the size of the log.
enum LogNavigation {
    /// Records kept loaded at most; the far end is dropped past this.
    static let maximumWindow = 1_500

    /// Pages read ahead (in the background in a real session) as the selection nears the window's end.
    static func pageLimit(_ state: BrowserState) -> Int { max(100, state.bodyHeight * 3) }
    /// A first page (a new view, `g`, `G`) fills the screen and no more: it is read while a key waits,
    /// and on a cold disk each record read costs; the rest follows as read-ahead.
    static func firstPageLimit(_ state: BrowserState) -> Int { state.bodyHeight + 1 }

    // MARK: Layout

    static func expansion(_ state: BrowserState, _ log: LogView, _ index: Int) -> [StyledLine] {
        let record = log.records[index]
        return ExpansionView.lines(for: record, width: state.width, raw: log.raw,
                                   request: record.requestUID.flatMap { state.requests[$0] }, clock: state.clock,
                                   glyphs: state.glyphs)
    }

    static func height(_ state: BrowserState, _ log: LogView, _ index: Int) -> Int {
        guard log.expanded.contains(log.records[index].id) else { return 1 }
        return 1 + expansion(state, log, index).count
    }

    /// Lines from the top of the screen to the first line of record `index` (negative when above it).
    static func offset(of index: Int, _ state: BrowserState, _ log: LogView) -> Int {
        if index >= log.topRecord {
            return (log.topRecord..<index).reduce(0) { $0 + height(state, log, $1) } - log.topLine
        }
        return -(index..<log.topRecord).reduce(0) { $0 + height(state, log, $1) } - log.topLine
    }

    // MARK: Keys

    static func move(_ state: inout BrowserState, by n: Int) -> [Effect] {
        guard state.current.showingLog else { return PickerNavigation.move(&state, by: n) }
        guard var log = state.current.log, !log.records.isEmpty else { return [] }
        let body = state.bodyHeight
        for _ in 0..<abs(n) {
            if n > 0 {
                let blockEnd = offset(of: log.selected, state, log) + height(state, log, log.selected)
                if blockEnd > body {
                    scrollDown(&log, state, lines: 1) // read on through a tall expansion
                } else if log.selected + 1 < log.records.count {
                    log.selected += 1
                }
            } else {
                if log.topRecord == log.selected, log.topLine > 0 {
                    log.topLine -= 1
                } else if log.selected > 0 {
                    log.selected -= 1
                }
            }
        }
        state.current.log = log
        return keepSelectionVisible(&state) + prefetch(&state)
    }

    /// Page and half-page keys: the view moves by lines, and the selection keeps its place on screen.
    static func scroll(_ state: inout BrowserState, lines n: Int) -> [Effect] {
        guard state.current.showingLog else { return PickerNavigation.move(&state, by: n) }
        guard var log = state.current.log, !log.records.isEmpty else { return [] }
        let body = state.bodyHeight
        let screenLine = min(max(0, offset(of: log.selected, state, log)), body - 1)
        var moved = 0
        if n > 0 {
            // Stop where the last loaded line reaches the bottom.
            let total = (0..<log.records.count).reduce(0) { $0 + height(state, log, $1) }
            let maximumScroll = max(0, total + offset(of: 0, state, log) - body)
            moved = min(n, maximumScroll)
            scrollDown(&log, state, lines: moved)
        } else {
            while moved < -n, log.topLine > 0 || log.topRecord > 0 {
                if log.topLine > 0 {
                    log.topLine -= 1
                } else {
                    log.topRecord -= 1
                    log.topLine = height(state, log, log.topRecord) - 1
                }
                moved += 1
            }
        }
        if moved == 0 {
            log.selected = n > 0 ? log.records.count - 1 : 0
        } else {
            // The record whose block holds the same screen line (its row must be visible).
            var index = log.topRecord
            while index + 1 < log.records.count, offset(of: index + 1, state, log) <= screenLine { index += 1 }
            if offset(of: index, state, log) < 0, index + 1 < log.records.count { index += 1 }
            log.selected = index
        }
        state.current.log = log
        return keepSelectionVisible(&state) + prefetch(&state)
    }

    private static func scrollDown(_ log: inout LogView, _ state: BrowserState, lines: Int) {
        for _ in 0..<lines {
            if log.topLine + 1 < height(state, log, log.topRecord) {
                log.topLine += 1
            } else if log.topRecord + 1 < log.records.count {
                log.topRecord += 1
                log.topLine = 0
            }
        }
    }

    static func top(_ state: inout BrowserState) -> [Effect] {
        guard state.current.showingLog else { return PickerNavigation.jump(&state, toEnd: false) }
        guard var log = state.current.log else { return [] }
        if log.reachedNewest, log.newRecords == 0 {
            log.selected = 0
            log.topRecord = 0
            log.topLine = 0
            state.current.log = log
            return []
        }
        return jump(&state, to: .newest)
    }

    static func bottom(_ state: inout BrowserState) -> [Effect] {
        guard state.current.showingLog else { return PickerNavigation.jump(&state, toEnd: true) }
        guard var log = state.current.log, !log.records.isEmpty || log.loading else { return [] }
        if log.reachedOldest {
            log.selected = log.records.count - 1
            state.current.log = log
            return keepSelectionVisible(&state)
        }
        return jump(&state, to: .oldest)
    }

    /// Follow mode counts new records up to this many; more read as "1 000+".
    static let newRecordsCountedUpTo = 1_000

    /// Loads the newest or oldest page in place of the window. The count stays valid, unless new records
    /// arrived meanwhile: then it is taken again.
    private static func jump(_ state: inout BrowserState, to position: PagePosition) -> [Effect] {
        guard var log = state.current.log else { return [] }
        let recount = log.newRecords > 0
        log.loading = true
        log.newRecords = 0
        if recount { log.total = nil }
        state.current.log = log
        let ticket = LoadTicket(tab: state.tab, generation: log.generation, position: position,
                                limit: firstPageLimit(state))
        return [.loadRecords(ticket, log.query, limit: ticket.limit)] + (recount ? [.count(ticket, log.query)] : [])
    }

    static func toggleExpand(_ state: inout BrowserState) -> [Effect] {
        guard var log = state.current.log, let record = log.selectedRecord else { return [] }
        var effects: [Effect] = []
        if log.expanded.remove(record.id) == nil {
            log.expanded.insert(record.id)
            if let uid = record.requestUID, state.requests[uid] == nil { effects.append(.loadRequest(uid)) }
        }
        state.current.log = log
        return effects + keepSelectionVisible(&state)
    }

    static func click(_ state: inout BrowserState, row: Int) -> [Effect] {
        let line = row - 2
        guard line >= 0, line < state.bodyHeight else { return [] }
        if !state.current.showingLog { return PickerNavigation.click(&state, line: line) }
        guard var log = state.current.log, !log.records.isEmpty else { return [] }
        var index = log.topRecord
        var y = -log.topLine
        while index < log.records.count {
            let h = height(state, log, index)
            if line < y + h { break }
            y += h
            index += 1
        }
        guard index < log.records.count else { return [] }
        if index == log.selected { return toggleExpand(&state) }
        log.selected = index
        state.current.log = log
        return keepSelectionVisible(&state)
    }

    /// Scrolls so the selected row is on screen, with as much of its expansion as fits.
    static func keepSelectionVisible(_ state: inout BrowserState) -> [Effect] {
        guard state.current.showingLog, var log = state.current.log, !log.records.isEmpty else {
            return state.current.showingLog ? [] : PickerNavigation.keepVisible(&state)
        }
        log.selected = min(max(0, log.selected), log.records.count - 1)
        log.topRecord = min(log.topRecord, log.records.count - 1)
        let body = state.bodyHeight
        if log.selected < log.topRecord || (log.selected == log.topRecord && log.topLine > 0
            && offset(of: log.selected, state, log) + height(state, log, log.selected) <= 0) {
            log.topRecord = log.selected
            log.topLine = 0
        } else {
            let start = offset(of: log.selected, state, log)
            let h = height(state, log, log.selected)
            if start >= body || (start > 0 && start + h > body) {
                // Put the block's end at the bottom, or its first line at the top when it is taller.
                var above = body - min(h, body)
                var index = log.selected
                var line = 0
                while above > 0, index > 0 {
                    index -= 1
                    let previous = height(state, log, index)
                    if previous <= above {
                        above -= previous
                    } else {
                        line = previous - above
                        above = 0
                    }
                }
                log.topRecord = index
                log.topLine = line
            }
        }
        state.current.log = log
        return []
    }

    /// Asks for the next page before the selection reaches the end of the window.
    static func prefetch(_ state: inout BrowserState) -> [Effect] {
        guard var log = state.current.log, !log.loading, !log.records.isEmpty else { return [] }
        let margin = state.bodyHeight * 2
        var effects: [Effect] = []
        if !log.reachedOldest, log.selected + margin >= log.records.count, let last = log.records.last {
            log.loading = true
            effects.append(.loadRecords(LoadTicket(tab: state.tab, generation: log.generation,
                                                   position: .olderThan(last.key), limit: pageLimit(state)),
                                        log.query, limit: pageLimit(state)))
        } else if !log.reachedNewest, log.selected < margin, let first = log.records.first {
            log.loading = true
            effects.append(.loadRecords(LoadTicket(tab: state.tab, generation: log.generation,
                                                   position: .newerThan(first.key), limit: pageLimit(state)),
                                        log.query, limit: pageLimit(state)))
        }
        state.current.log = log
        return effects
    }

    // MARK: Loading

    /// Starts the current tab's log afresh (new query): first page and, off the key path, the count.
    static func reload(_ state: inout BrowserState) -> [Effect] {
        guard var log = state.current.log else { return [] }
        log.generation += 1
        log.records = []
        log.windowStart = 0
        log.reachedNewest = false
        log.reachedOldest = false
        log.selected = 0
        log.topRecord = 0
        log.topLine = 0
        log.total = nil
        log.loading = true
        log.newRecords = 0
        log.unmatchedNames = []
        state.current.log = log
        let ticket = LoadTicket(tab: state.tab, generation: log.generation, position: .newest,
                                limit: firstPageLimit(state))
        return [.loadRecords(ticket, log.query, limit: ticket.limit), .count(ticket, log.query)]
    }

    static func loaded(_ state: inout BrowserState, _ ticket: LoadTicket, _ page: [AuditRecord]) -> [Effect] {
        let index = ticket.tab.rawValue
        guard var log = state.tabs[index].log, log.generation == ticket.generation else { return [] }
        let limit = ticket.limit
        log.loading = false
        var moveToEnd = false
        switch ticket.position {
        case .newest:
            log.records = page
            log.windowStart = 0
            log.reachedNewest = true
            log.reachedOldest = page.count < limit
            log.selected = 0
            log.topRecord = 0
            log.topLine = 0
            log.newRecords = 0
        case .oldest:
            log.records = page
            log.reachedOldest = true
            log.reachedNewest = page.count < limit
            log.windowStart = log.reachedNewest ? 0 : log.total.map { $0 - page.count }
            log.selected = max(0, page.count - 1)
            moveToEnd = true
        case .olderThan(let key):
            guard log.records.last?.key == key else { break }
            log.records += page
            log.reachedOldest = page.count < limit
            let drop = log.records.count - maximumWindow
            if drop > 0, log.selected - drop >= 0, log.topRecord - drop >= 0 {
                log.records.removeFirst(drop)
                log.selected -= drop
                log.topRecord -= drop
                log.windowStart = log.windowStart.map { $0 + drop }
                log.reachedNewest = false
            }
        case .newerThan(let key):
            guard log.records.first?.key == key else { break }
            log.records = page + log.records
            log.selected += page.count
            log.topRecord += page.count
            log.windowStart = log.windowStart.map { $0 - page.count }
            log.reachedNewest = page.count < limit
            if log.reachedNewest { log.windowStart = 0 }
            let drop = log.records.count - maximumWindow
            if drop > 0, log.selected < log.records.count - drop {
                log.records.removeLast(drop)
                log.reachedOldest = false
            }
        }
        state.tabs[index].log = log
        guard ticket.tab == state.tab else { return [] }
        if moveToEnd {
            return keepSelectionVisible(&state)
        }
        return keepSelectionVisible(&state) + prefetch(&state)
    }
}
