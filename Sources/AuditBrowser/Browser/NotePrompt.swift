import AuditStore

/// A note to write on a record, as the note prompt collected it.
public struct NoteJob: Sendable, Equatable {
    public var recordID: Int64
    public var ref: RecordRef
    /// The lines typed so far (the prompt's line is the next one).
    public var lines: [String] = []

    public var text: String { lines.joined(separator: "\n") }
}

/// What writing a note did: stored it (the user's own store), or handed it to the ingester (a shared server).
public enum NoteWritten: Sendable, Equatable {
    case stored(Note)
    case sent(String)
}

/// `w` on a record: a note typed in the prompt, one line or several (Enter starts the next line; Enter on an
/// empty line or Ctrl-D ends it, Esc drops it). Writing it is an effect the session runs through the writer
/// the command gave it (`BrowserSession.noteWriter`): browsing itself never writes.
enum NotePrompt {
    static func open(_ state: inout BrowserState) -> [Effect] {
        guard let record = state.current.log?.selectedRecord else {
            state.notice = "Select a record to write a note on it"
            return []
        }
        state.prompt = Prompt(text: "", cursor: 0, original: "", error: nil, editedAt: nil,
                              purpose: .note(NoteJob(recordID: record.id, ref: record.ref)))
        return []
    }

    /// Enter: the line joins the note, or (an empty line) the note is written; Ctrl-D writes it at once.
    static func enter(_ state: inout BrowserState, _ job: NoteJob, line: String, finish: Bool) -> [Effect] {
        var job = job
        if !line.isEmpty { job.lines.append(line) }
        guard finish || line.isEmpty else {
            state.prompt = Prompt(text: "", cursor: 0, original: "", error: nil, editedAt: nil, purpose: .note(job))
            return []
        }
        state.prompt = nil
        guard !job.text.trimmingCharacters(in: " ").isEmpty else {
            state.notice = "Empty note: nothing written"
            return []
        }
        return [.writeNote(job)]
    }

    static func answer(_ state: inout BrowserState, _ answer: Answer) -> [Effect] {
        switch answer {
        case .noteWritten(let job, .stored(let note)):
            state.notice = "Note \(note.id) written on \(job.ref) by " + state.glyphs.line(note.author)
            updateRows(&state, job.recordID) { $0.append(note) }
        case .noteWritten(let job, .sent(let how)):
            state.notice = "Note on \(job.ref) " + state.glyphs.line(how)
            let shown = state.tabs.flatMap(\.screens).compactMap { ($0 as? LogView)?.records.first { $0.id == job.recordID }?.notes.count }
            state.notesAwaited[job.recordID] = (state.notesAwaited[job.recordID] ?? shown.max() ?? 0) + 1
        case .notesLoaded(let records):
            for record in records {
                updateRows(&state, record.id) { $0 = record.notes }
                if let wanted = state.notesAwaited[record.id], record.notes.count >= wanted { state.notesAwaited[record.id] = nil }
            }
        case .noteFailed(let reason):
            state.notice = "Note not written: " + state.glyphs.line(reason)
        default:
            break
        }
        return []
    }

    /// The notes of a record in every log that shows it.
    static func updateRows(_ state: inout BrowserState, _ recordID: Int64, _ change: (inout [Note]) -> Void) {
        for tab in state.tabs.indices {
            for index in state.tabs[tab].screens.indices {
                guard var log = state.tabs[tab].screens[index] as? LogView,
                      log.records.contains(where: { $0.id == recordID }) else { continue }
                for row in log.records.indices where log.records[row].id == recordID { change(&log.records[row].notes) }
                state.tabs[tab].screens[index] = log
            }
        }
    }

    /// The store changed: records with notes sent to the ingester are read again (their notes may be in).
    static func awaited(_ state: BrowserState) -> [Effect] {
        state.notesAwaited.isEmpty ? [] : [.loadNotes(state.notesAwaited.keys.sorted())]
    }
}
