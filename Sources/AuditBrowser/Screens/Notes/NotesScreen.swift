import AuditStore

/// The view's notes (`W` on a log): every note on its records, newest first, each as its heading (when, who,
/// on which record) and its first line. `Enter` opens the record in the log beneath, selected; Back returns.
public struct NotesScreen: Sendable {
    /// The view whose notes these are.
    public var query: RecordQuery
    /// The notes (nil while they load), two lines each: its heading and its first line.
    var notes = LoadedList<NotedRecord>(linesPerItem: 2)
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
        if notes.update(action, height: context.bodyHeight) { return .done() }
        switch action {
        case .open, .toggleExpand:
            guard let record = notes.selectedItem?.record else { return .done() }
            return .then(.close, .send(.jump(before: Timestamp(microseconds: record.time.microseconds + 1), select: record.id)))
        default:
            return .ignored
        }
    }

    mutating func answer(_ answer: Answer, _ context: ScreenContext) -> [Effect] {
        notes.answer(answer)
        return []
    }

    var isLoading: Bool { notes.isLoading }

    func title(_ state: BrowserState) -> StyledLine {
        StyledLine("Notes " + state.glyphs.dot + " on this view's records, newest first", Theme.title)
    }

    func status(_ state: BrowserState) -> String {
        notes.status(state, empty: "No notes on this view's records (w writes one)", noun: "note")
    }

    func draw(in area: Rect, into grid: inout Grid, _ state: BrowserState) {
        let g = state.glyphs
        notes.draw(in: area, into: &grid, state, empty: "No notes on this view's records: w on a record writes one") { noted, y, style, grid in
            let heading = NoteLine.heading(noted.note, clock: state.clock, glyphs: g) + " on \(noted.record.ref) "
                + g.dot + " " + g.line(RecordLine.summary(noted.record, glyphs: g))
            grid.put(" " + TextWidth.truncate(heading, to: area.width - 2, ellipsis: g.ellipsis), x: 0, y: y, style: style)
            let first = NoteLine.lines(noted.note, glyphs: g).first ?? ""
            let more = noted.note.text.contains("\n") ? " " + g.ellipsis : ""
            grid.put("   " + TextWidth.truncate(first + more, to: area.width - 4, ellipsis: g.ellipsis), x: 0, y: y + 1,
                     limit: area.width)
        }
    }
}
