import AuditStore

/// The picker screen's own update: moving through a list of customers, subscriptions or admins; more
/// entries load near the end, and `G` loads the rest.
enum PickerScreen {
    static let pageSize = 200
    /// `G` reads the rest of the list on the key path when this many entries or fewer are left (a few
    /// milliseconds); a longer list is read from its other end, a page, and grows back up as the selection moves.
    static let restReadAtOnce = 2_000

    /// Rows for entries: the body less its column header.
    static func rows(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 1) }

    static func move(_ picker: inout Picker, by n: Int, _ ctx: ScreenContext) -> [Effect] {
        guard !picker.entities.isEmpty else { return [] }
        picker.selected = min(max(0, picker.selected + n), picker.entities.count - 1)
        keepVisible(&picker, ctx)
        return loadMoreIfNeeded(&picker, ctx)
    }

    /// `g` and `G`: the first entry, or the real last one. Neither reads more than a page or the short rest of
    /// the list while the key waits (ten million entries read for `G` kept it waiting for seconds).
    static func jump(_ picker: inout Picker, toEnd: Bool, _ ctx: ScreenContext) -> [Effect] {
        guard !picker.entities.isEmpty else { return [] }
        if !toEnd, !picker.reachedStart { return reload(&picker, ctx) }
        picker.selected = toEnd ? picker.entities.count - 1 : 0
        keepVisible(&picker, ctx)
        guard toEnd, !picker.reachedEnd, let last = picker.entities.last else { return loadMoreIfNeeded(&picker, ctx) }
        picker.selectLastWhenLoaded = true
        picker.loading = true
        if let total = picker.total, let start = picker.windowStart,
           total - (start + picker.entities.count) < restReadAtOnce {
            let ticket = LoadTicket(tab: ctx.tab, generation: picker.generation, position: .newest, limit: restReadAtOnce)
            return [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: last, limit: ticket.limit)]
        }
        let ticket = LoadTicket(tab: ctx.tab, generation: picker.generation, position: .oldest, limit: pageSize)
        return [.loadEntitiesBefore(ticket, picker.kind, filter: picker.filterText, before: nil, limit: pageSize)]
    }

    /// A click on body line `line` (the first is the column header).
    static func click(_ picker: inout Picker, line: Int) -> [Effect] {
        let index = picker.top + line - 1
        guard picker.entities.indices.contains(index) else { return [] }
        picker.selected = index
        return []
    }

    static func keepVisible(_ picker: inout Picker, _ ctx: ScreenContext) {
        let rows = rows(ctx)
        if picker.selected < picker.top { picker.top = picker.selected }
        if picker.selected >= picker.top + rows { picker.top = picker.selected - rows + 1 }
    }

    /// The next page down the list, or up it, before the selection reaches the window's end.
    static func loadMoreIfNeeded(_ picker: inout Picker, _ ctx: ScreenContext) -> [Effect] {
        guard !picker.loading else { return [] }
        let margin = ctx.bodyHeight * 2
        if !picker.reachedEnd, picker.selected + margin >= picker.entities.count, let last = picker.entities.last {
            picker.loading = true
            let ticket = LoadTicket(tab: ctx.tab, generation: picker.generation, position: .newest, limit: pageSize)
            return [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: last, limit: pageSize)]
        }
        if !picker.reachedStart, picker.selected < margin, let first = picker.entities.first {
            picker.loading = true
            let ticket = LoadTicket(tab: ctx.tab, generation: picker.generation, position: .oldest, limit: pageSize)
            return [.loadEntitiesBefore(ticket, picker.kind, filter: picker.filterText, before: first, limit: pageSize)]
        }
        return []
    }

    static func reload(_ picker: inout Picker, _ ctx: ScreenContext) -> [Effect] {
        picker.generation += 1
        picker.loading = true
        picker.reachedEnd = false
        picker.total = nil
        picker.selectLastWhenLoaded = false
        picker.windowStart = 0
        picker.reachedStart = true
        let ticket = LoadTicket(tab: ctx.tab, generation: picker.generation, position: .newest, limit: pageSize)
        return [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: nil, limit: pageSize),
                .countEntities(ticket, picker.kind, filter: picker.filterText)]
    }

    static func loaded(_ picker: inout Picker, _ ticket: LoadTicket, _ entities: [Entity], append: Bool,
                       _ ctx: ScreenContext) {
        guard picker.generation == ticket.generation else { return }
        if append {
            picker.entities += entities
        } else {
            picker.entities = entities
            picker.selected = 0
            picker.top = 0
        }
        picker.reachedEnd = entities.count < max(1, ticket.limit)
        picker.loading = false
        if picker.selectLastWhenLoaded, !picker.entities.isEmpty {
            picker.selectLastWhenLoaded = false
            picker.selected = picker.entities.count - 1
            keepVisible(&picker, ctx)
        }
    }

    /// Entries from the other end arrived: the last page (the window starts afresh there), or a page above
    /// the window.
    static func loadedBefore(_ picker: inout Picker, _ ticket: LoadTicket, _ page: [Entity], before: Entity?,
                             _ ctx: ScreenContext) {
        guard picker.generation == ticket.generation else { return }
        picker.loading = false
        let reachedStart = page.count < max(1, ticket.limit)
        if before == nil {
            picker.entities = page
            picker.reachedEnd = true
            picker.reachedStart = reachedStart
            picker.windowStart = reachedStart ? 0 : picker.total.map { $0 - page.count }
            picker.selectLastWhenLoaded = false
            picker.selected = max(0, page.count - 1)
            picker.top = 0
        } else {
            guard picker.entities.first == before else { return }
            picker.entities = page + picker.entities
            picker.selected += page.count
            picker.top += page.count
            picker.windowStart = reachedStart ? 0 : picker.windowStart.map { $0 - page.count }
            picker.reachedStart = reachedStart
        }
        keepVisible(&picker, ctx)
    }

    static func counted(_ picker: inout Picker, _ ticket: LoadTicket, _ count: Int) {
        guard picker.generation == ticket.generation else { return }
        picker.total = count
        if picker.windowStart == nil, picker.reachedEnd { picker.windowStart = count - picker.entities.count }
    }
}

/// A picker as a screen: the keys of logs and pickers, its update, its answers, title, status and drawing.
extension Picker: Screen {
    static let keys = KeyContext([Keymap.lists])

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        switch action {
        case .move(let n): return .done(PickerScreen.move(&self, by: n, context))
        case .page(let n): return .done(PickerScreen.move(&self, by: n * max(1, context.bodyHeight - 1), context))
        case .halfPage(let n): return .done(PickerScreen.move(&self, by: n * max(1, context.bodyHeight / 2), context))
        case .top: return .done(PickerScreen.jump(&self, toEnd: false, context))
        case .bottom: return .done(PickerScreen.jump(&self, toEnd: true, context))
        case .click(_, let y):
            guard context.layout.body.contains(row: y) else { return .done() }
            return .done(PickerScreen.click(&self, line: y - context.layout.body.y))
        case .open, .toggleExpand:
            guard entities.indices.contains(selected) else { return .done() }
            // The picked entity's log, labelled as a person reads it.
            let entity = entities[selected]
            var label = entity.label
            if entity.kind == .customer, let email = entity.email, let name = entity.name { label = "\(email) (\(name))" }
            if entity.kind == .subscription, let plan = entity.plan { label = "\(plan) \(context.glyphs.dot) \(entity.id)" }
            return .then(.openLog(entity.kind, id: entity.id, label: label))
        case .startFilter, .startDateFilter, .clearFilters, .startExport, .listMarks, .toggleFollow:
            return .then(.browser(action))
        case .nextMark, .previousMark:
            context.notice = "No marks: m marks a record"
            return .done()
        default: return .ignored
        }
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        switch answer {
        case .entitiesLoaded(let ticket, let entities, let append):
            PickerScreen.loaded(&self, ticket, entities, append: append, context)
        case .entitiesBeforeLoaded(let ticket, let entities, let before):
            PickerScreen.loadedBefore(&self, ticket, entities, before: before, context)
        case .entityCountLoaded(let ticket, let count):
            PickerScreen.counted(&self, ticket, count)
        default:
            break
        }
        return []
    }

    mutating func resized(_ context: ScreenContext) -> [Effect] {
        PickerScreen.keepVisible(&self, context)
        return []
    }

    var isLoading: Bool { loading && entities.isEmpty }

    func title(_ state: BrowserState) -> StyledLine {
        let g = state.glyphs
        var line = StyledLine(g.frame(state.tab.title + " · pick one, Enter opens its log"), Theme.title)
        if !filterText.isEmpty { line.add("  filter: " + g.line(filterText), Theme.key) }
        return line
    }

    func status(_ state: BrowserState) -> String {
        entities.isEmpty ? (loading ? state.glyphs.frame("loading…") : "none")
            : (windowStart.map { NumberText.grouped($0 + selected + 1) } ?? "?") + " of " + (total.map { NumberText.grouped($0) }
                ?? NumberText.grouped(entities.count) + (reachedEnd && reachedStart ? "" : "+"))
                + " " + ((total ?? 2) == 1 ? kind.noun : kind.pluralNoun)
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        PickerView.draw(state, self, in: area, into: &grid)
    }
}
