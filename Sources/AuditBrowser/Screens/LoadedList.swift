/// The body of a screen that lists what it asked the store for once (who looked, the notes): the items (nil
/// while they load), the selected one and the scrolling; the moving keys (`Keymap.moving`); the status ("loading…",
/// its empty text, or "look 3 of 12"); and the drawing: "loading…", the empty text, or the items from `top`, each
/// `linesPerItem` lines, the selected one's first line as a reverse band. The screen draws an item's lines.
struct LoadedList<Item: Sendable>: Sendable {
    let linesPerItem: Int
    /// nil while they load.
    var items: [Item]?
    var selected = 0
    var top = 0

    init(linesPerItem: Int = 1) { self.linesPerItem = linesPerItem }

    var isLoading: Bool { items == nil }

    var selectedItem: Item? { items.flatMap { $0.indices.contains(selected) ? $0[selected] : nil } }

    /// How many items a body of this height shows.
    private func shown(_ height: Int) -> Int { max(1, height / linesPerItem) }

    mutating func move(by n: Int, height: Int) {
        guard let items, !items.isEmpty else { return }
        selected = max(0, min(items.count - 1, selected + n))
        if selected < top { top = selected }
        if selected >= top + shown(height) { top = selected - shown(height) + 1 }
    }

    /// A moving key moves the selection (true); any other action is not the list's (false).
    mutating func update(_ action: Action, height: Int) -> Bool {
        switch action {
        case .move(let n): move(by: n, height: height)
        case .page(let n), .halfPage(let n): move(by: n * max(1, shown(height) - 1), height: height)
        case .top: move(by: -selected, height: height)
        case .bottom: move(by: Int.max / 2, height: height)
        default: return false
        }
        return true
    }

    /// The store's answer for the tab, the first time.
    mutating func answer(_ answer: Answer) {
        if case .screen(_, let loaded as [Item]) = answer, items == nil { items = loaded }
    }

    /// "loading…", `empty`, or `noun` with the selected item's number and the count.
    func status(_ state: BrowserState, empty: String, noun: String) -> String {
        guard let items else { return state.glyphs.frame("loading…") }
        return items.isEmpty ? empty : "\(noun) \(selected + 1) of \(items.count)"
    }

    /// "loading…", `empty`, or the items shown: `row` draws an item at its first line `y`, in `style` (the
    /// selected one's band, on a filled row; else `unselected`).
    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState, empty: String, unselected: Style = Theme.dim,
              row: (_ item: Item, _ y: Int, _ style: Style, _ grid: inout Grid) -> Void) {
        guard let items else {
            grid.put(state.glyphs.frame("loading…"), x: 1, y: area.y, style: Theme.dim)
            return
        }
        if items.isEmpty {
            grid.put(empty, x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        for (offset, index) in (top..<min(items.count, top + shown(area.height))).enumerated() {
            let y = area.y + offset * linesPerItem
            if index == selected { grid.fill(x: 0, y: y, width: area.width, style: Theme.selected) }
            row(items[index], y, index == selected ? Theme.selected : unselected, &grid)
        }
    }
}
