import AuditStore

/// Marks (`m`): records set aside for the session, a case file for a ticket. A marked row shows `*` after
/// its time (it reads without colour); `'` and `"` go to the next and previous mark, `M` lists them, and
/// with marks set `e` writes just them.
enum Marks {
    /// `m` on a log: its selected record marked, or unmarked.
    static func toggle(_ log: LogView, _ context: inout ScreenContext) -> Reply {
        guard let record = log.selectedRecord else { return .done() }
        if context.marks.removeValue(forKey: record.id) == nil {
            context.marks[record.id] = record
            let count = context.marks.count
            context.notice = "Marked (\(count) mark\(count == 1 ? "" : "s"): M lists them, e writes them)"
        } else {
            context.notice = context.marks.isEmpty ? "Unmarked (no marks left)" : "Unmarked (\(context.marks.count) left)"
        }
        return .done()
    }

    /// The next mark down the log (older; `down`), or up (newer): in the loaded window, else the log is
    /// read from the nearest marked record beyond it (a place on the history).
    static func go(_ log: inout LogView, down: Bool, _ context: inout ScreenContext) -> Reply {
        guard !context.marks.isEmpty else {
            context.notice = "No marks: m marks a record"
            return .done()
        }
        let marks = context.marks
        let indices = down ? Array((log.selected + 1)..<max(log.selected + 1, log.records.count))
            : Array((0..<max(0, log.selected)).reversed())
        if let index = indices.first(where: { marks[log.records[$0].id] != nil }) {
            return .done(LogScreen.move(&log, by: index - log.selected, context))
        }
        // Beyond the window: the nearest marked record past its end, in time order.
        let edge = down ? (log.reachedOldest ? nil : log.records.last?.key) : (log.reachedNewest ? nil : log.records.first?.key)
        let keys = marks.values.map(\.key)
        guard let edge, let target = down ? keys.filter({ $0 < edge }).max() : keys.filter({ $0 > edge }).min() else {
            context.notice = down ? "No mark below" : "No mark above"
            return .done()
        }
        return .then(.remember, .send(.jump(before: Timestamp(microseconds: target.time.microseconds + 1), select: target.id)))
    }

    /// The marked records as a log of their own (Back returns).
    static func list(_ state: inout BrowserState) -> [Effect] {
        guard !state.marks.isEmpty else {
            state.notice = "No marks: m marks a record"
            return []
        }
        remember(&state)
        state.tab = .overall
        let count = state.marks.count
        state.current.screens = [LogView(scope: RecordQuery(ids: state.marks.keys.sorted()),
                                         title: "Marks " + state.glyphs.dot + " \(count) record\(count == 1 ? "" : "s")")]
        return onScreen(&state, log: { LogScreen.reload(&$0, $1) }, picker: { _, _ in [] })
    }
}

/// `e`: the view (or the marks) to a file, named in a prompt; the format follows the extension.
enum ExportPrompt {
    static func open(_ state: inout BrowserState) -> [Effect] {
        guard state.current.log != nil || !state.marks.isEmpty else {
            state.notice = "Open a log to export it"
            return []
        }
        let name = ViewExport.suggestedName(state)
        state.prompt = Prompt(text: name, cursor: name.count, original: "", error: nil, editedAt: nil,
                              purpose: .exportPath(marks: !state.marks.isEmpty))
        return []
    }

    /// Enter in the prompt: the export starts (off the key path; the status bar counts the records).
    static func confirm(_ state: inout BrowserState, path text: String, marks: Bool) -> [Effect] {
        let path = text.trimmingCharacters(in: " ")
        guard !path.isEmpty else {
            state.prompt?.error = "a file name, please"
            return []
        }
        guard let format = ViewExportFormat.forPath(path) else {
            state.prompt?.error = ViewExportFormat.unknownExtension(path, known: ViewExportFormat.allCases.map(\.fileExtension))
            return []
        }
        let query = marks ? RecordQuery(ids: state.marks.keys.sorted()) : state.current.log?.query ?? RecordQuery()
        state.prompt = nil
        return start(&state, ExportJob(path: path, query: query, format: format))
    }

    static func start(_ state: inout BrowserState, _ job: ExportJob) -> [Effect] {
        state.exporting = (job.path, 0)
        return [.exportView(job)]
    }

    static func answer(_ state: inout BrowserState, _ answer: Answer) -> [Effect] {
        switch answer {
        case .exportProgress(let records):
            if state.exporting != nil { state.exporting?.records = records }
        case .exportDone(let path, let records):
            state.exporting = nil
            // The whole path, shortened in the middle (the directory's start, the file's end) to fit the bar.
            let said = "wrote \(NumberText.grouped(records)) record\(records == 1 ? "" : "s") to "
            state.notice = said + TextWidth.shortenMiddle(state.glyphs.line(path), to: state.width - 2 - TextWidth.of(said),
                                                          ellipsis: state.glyphs.ellipsis)
        case .exportFailed(let reason):
            state.exporting = nil
            state.notice = "export failed: " + state.glyphs.line(reason)
        case .exportNeedsConfirmation(let job):
            state.exporting = nil
            state.prompt = Prompt(text: "", cursor: 0, original: "", error: nil, editedAt: nil, purpose: .confirmOverwrite(job))
        default:
            break
        }
        return []
    }
}
