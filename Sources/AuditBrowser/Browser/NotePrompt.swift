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
            for tab in state.tabs.indices {
                for index in state.tabs[tab].screens.indices {
                    guard var log = state.tabs[tab].screens[index] as? LogView,
                          log.records.contains(where: { $0.id == job.recordID }) else { continue }
                    for row in log.records.indices where log.records[row].id == job.recordID { log.records[row].notes.append(note) }
                    state.tabs[tab].screens[index] = log
                }
            }
        case .noteWritten(let job, .sent(let how)):
            state.notice = "Note on \(job.ref) " + state.glyphs.line(how)
        case .noteFailed(let reason):
            state.notice = "Note not written: " + state.glyphs.line(reason)
        default:
            break
        }
        return []
    }
}
