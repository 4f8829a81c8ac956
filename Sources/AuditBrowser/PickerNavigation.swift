import AuditStore

/// Moving through a picker of customers, subscriptions or admins; more entries load near the end.
enum PickerNavigation {
    static let pageSize = 200

    static func move(_ state: inout BrowserState, by n: Int) -> [Effect] {
        guard var picker = state.current.picker, !picker.entities.isEmpty else { return [] }
        picker.selected = min(max(0, picker.selected + n), picker.entities.count - 1)
        state.current.picker = picker
        return keepVisible(&state) + loadMoreIfNeeded(&state)
    }

    /// `g` and `G`: the first entry, or the real last one (loading the rest of the list when needed).
    static func jump(_ state: inout BrowserState, toEnd: Bool) -> [Effect] {
        guard var picker = state.current.picker, !picker.entities.isEmpty else { return [] }
        picker.selected = toEnd ? picker.entities.count - 1 : 0
        if toEnd, !picker.reachedEnd, let last = picker.entities.last {
            picker.selectLastWhenLoaded = true
            picker.loading = true
            state.current.picker = picker
            let ticket = LoadTicket(tab: state.tab, generation: picker.generation, position: .newest)
            return keepVisible(&state)
                + [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: last, limit: restOfTheList)]
        }
        state.current.picker = picker
        return keepVisible(&state) + loadMoreIfNeeded(&state)
    }

    /// "All the rest", for `G`: a directory is at most some hundred thousand entries.
    static let restOfTheList = 10_000_000

    static func click(_ state: inout BrowserState, line: Int) -> [Effect] {
        guard var picker = state.current.picker else { return [] }
        let index = picker.top + line - 1 // the first body line is the column header
        guard picker.entities.indices.contains(index) else { return [] }
        picker.selected = index
        state.current.picker = picker
        return []
    }

    static func keepVisible(_ state: inout BrowserState) -> [Effect] {
        guard var picker = state.current.picker else { return [] }
        let rows = max(1, state.bodyHeight - 1)
        if picker.selected < picker.top { picker.top = picker.selected }
        if picker.selected >= picker.top + rows { picker.top = picker.selected - rows + 1 }
        state.current.picker = picker
        return []
    }

    static func loadMoreIfNeeded(_ state: inout BrowserState) -> [Effect] {
        guard var picker = state.current.picker, !picker.loading, !picker.reachedEnd,
              picker.selected + state.bodyHeight * 2 >= picker.entities.count, let last = picker.entities.last
        else { return [] }
        picker.loading = true
        state.current.picker = picker
        let ticket = LoadTicket(tab: state.tab, generation: picker.generation, position: .newest)
        return [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: last, limit: pageSize)]
    }

    static func reload(_ state: inout BrowserState) -> [Effect] {
        guard var picker = state.current.picker else { return [] }
        picker.generation += 1
        picker.loading = true
        picker.reachedEnd = false
        picker.total = nil
        picker.selectLastWhenLoaded = false
        state.current.picker = picker
        let ticket = LoadTicket(tab: state.tab, generation: picker.generation, position: .newest)
        return [.loadEntities(ticket, picker.kind, filter: picker.filterText, after: nil, limit: pageSize),
                .countEntities(ticket, picker.kind, filter: picker.filterText)]
    }

    static func loaded(_ state: inout BrowserState, _ ticket: LoadTicket, _ entities: [Entity], append: Bool)
        -> [Effect] {
        let index = ticket.tab.rawValue
        guard var picker = state.tabs[index].picker, picker.generation == ticket.generation else { return [] }
        if append {
            picker.entities += entities
        } else {
            picker.entities = entities
            picker.selected = 0
            picker.top = 0
        }
        picker.reachedEnd = entities.count < pageSize || picker.selectLastWhenLoaded
        picker.loading = false
        if picker.selectLastWhenLoaded, !picker.entities.isEmpty {
            picker.selectLastWhenLoaded = false
            picker.selected = picker.entities.count - 1
            state.tabs[index].picker = picker
            guard ticket.tab == state.tab else { return [] }
            return keepVisible(&state)
        }
        state.tabs[index].picker = picker
        return []
    }
}
