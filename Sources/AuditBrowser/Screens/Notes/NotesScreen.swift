import AuditStore

/// The view's notes (`W` on a log): every note on its records, newest first, each as its heading (when, who,
/// on which record) and its first line. `Enter` opens the record in the log beneath, selected; Back returns.
public struct NotesScreen: Sendable {
    /// The view whose notes these are.
    public var query: RecordQuery
    /// nil while they load.
    public var notes: [NotedRecord]?
    public var selected = 0
    public var top = 0

    /// Each note takes two lines: its heading and its first line.
    static let linesPerNote = 2

    mutating func move(by n: Int, height: Int) {
        guard let notes, !notes.isEmpty else { return }
        selected = max(0, min(notes.count - 1, selected + n))
        let shown = max(1, height / Self.linesPerNote)
        if selected < top { top = selected }
        if selected >= top + shown { top = selected - shown + 1 }
    }
}

extension NotesScreen: Screen {
    /// Opens over a log (`W`, listed with the record's keys).
    static var opener: Opener? {
        Opener(NotesScreen.self, over: Keymap.record, keys: [.character("W")],
               help: "the notes on this view's records, newest first (Enter: the record)", make: open)
    }

    static let keys = KeyContext([KeySection("In the notes", [
        Binding([.enter, .character("l"), .right, .character(" ")], .open, "the note's record, selected in the log", hint: "record"),
    ])], borrowing: Keymap.moving)

    static func open(_ state: BrowserState) -> Opening {
        guard let log = state.current.log else { return .refused(notice: nil) }
        let query = log.query
        return .open(NotesScreen(query: query),
                     [.ask(Question(tab: state.tab, lane: .keyPath, asks: "notes of \(query)") { source, _ in
                         try source.notes(of: query, limit: 1_000)
                     })])
    }

    mutating func update(_ action: Action, _ context: inout ScreenContext) -> Reply {
        let height = context.bodyHeight
        switch action {
        case .move(let n): move(by: n, height: height)
        case .page(let n), .halfPage(let n): move(by: n * max(1, height / Self.linesPerNote - 1), height: height)
        case .top: move(by: -selected, height: height)
        case .bottom: move(by: Int.max / 2, height: height)
        case .open, .toggleExpand:
            guard let notes, notes.indices.contains(selected) else { return .done() }
            let record = notes[selected].record
            return .then(.close, .send(.jump(before: Timestamp(microseconds: record.time.microseconds + 1), select: record.id)))
        default:
            return .ignored
        }
        return .done()
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        if case .screen(_, let loaded as [NotedRecord]) = answer, notes == nil { notes = loaded }
        return []
    }

    var isLoading: Bool { notes == nil }

    func title(_ state: BrowserState) -> StyledLine {
        StyledLine("Notes " + state.glyphs.dot + " on this view's records, newest first", Theme.title)
    }

    func status(_ state: BrowserState) -> String {
        guard let notes else { return state.glyphs.frame("loading…") }
        return notes.isEmpty ? "No notes on this view's records (w writes one)" : "note \(selected + 1) of \(notes.count)"
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        let g = state.glyphs
        guard let notes else {
            grid.put(g.frame("loading…"), x: 1, y: area.y, style: Theme.dim)
            return
        }
        if notes.isEmpty {
            grid.put("No notes on this view's records: w on a record writes one", x: 1, y: area.y, style: Theme.dim, limit: area.width - 1)
            return
        }
        for (offset, index) in (top..<min(notes.count, top + max(1, area.height / Self.linesPerNote))).enumerated() {
            let noted = notes[index], y = area.y + offset * Self.linesPerNote
            let heading = NoteLine.heading(noted.note, clock: state.clock, glyphs: g) + " on \(noted.record.ref) "
                + g.dot + " " + g.line(RecordLine.summary(noted.record, glyphs: g))
            let style: Style = index == selected ? Theme.selected : Theme.dim
            if index == selected { grid.fill(x: 0, y: y, width: area.width, style: style) }
            grid.put(" " + TextWidth.truncate(heading, to: area.width - 2, ellipsis: g.ellipsis), x: 0, y: y, style: style)
            let first = NoteLine.lines(noted.note, glyphs: g).first ?? ""
            let more = noted.note.text.contains("\n") ? " " + g.ellipsis : ""
            grid.put("   " + TextWidth.truncate(first + more, to: area.width - 4, ellipsis: g.ellipsis), x: 0, y: y + 1,
                     limit: area.width)
        }
    }
}
