import AuditStore

/// The filter prompt: the text query language of `QueryText`, applied as the user types (after a
/// short pause), Enter keeps it, Esc restores what was there before. A filter kept (or cleared with `x`) is a
/// new place: Back returns to the view as it was before it.
enum PromptEditing {
    /// How long typing must pause before the filter applies.
    static let debounceMicroseconds: Int64 = 150_000

    static func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
        switch action {
        // Reopened on a filter, the prompt extends it: a space is added, so a new word starts its own term
        // (Ctrl-U clears the line to start over).
        case .startFilter: return open(&state, text: currentText(state).isEmpty ? "" : currentText(state) + " ")
        case .startDateFilter:
            guard state.current.showingLog else { return open(&state, text: currentText(state)) }
            // "The last 7 days" means one thing everywhere: `since:7d`, the last 7 × 24 hours, as on the
            // command line (`--since 7d`). The prompt shows it, ready to edit into dates.
            var text = currentText(state)
            text = text.split(separator: " ").filter { !$0.hasPrefix("since:") && !$0.hasPrefix("until:") }
                .joined(separator: " ")
            return open(&state, text: (text.isEmpty ? "" : text + " ") + "since:7d")
        case .clearFilters:
            guard !currentText(state).isEmpty else { return [] }
            remember(&state)
            if state.current.showingLog { state.notice = "Filters cleared" }
            return onScreen(&state, log: { log, context in
                log.filter = RecordQuery()
                log.filterText = ""
                return LogScreen.reload(&log, context)
            }, picker: { picker, context in
                picker.filterText = ""
                return PickerScreen.reload(&picker, context)
            })
        case .promptInput(let key): return edit(&state, key)
        case .applyPrompt: return apply(&state, close: true)
        default: return []
        }
    }

    private static func currentText(_ state: BrowserState) -> String {
        state.current.showingLog ? state.current.log?.filterText ?? "" : state.current.picker?.filterText ?? ""
    }

    private static func open(_ state: inout BrowserState, text: String) -> [Effect] {
        state.prompt = Prompt(text: text, cursor: text.count, original: currentText(state), error: nil,
                              editedAt: nil, before: Place(tab: state.tab, tabs: state.tabs))
        return text == currentText(state) ? [] : apply(&state, close: false)
    }

    private static func edit(_ state: inout BrowserState, _ key: Key) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        // The file exists: `y` replaces it, any other key keeps it.
        if case .confirmOverwrite(var job) = prompt.purpose {
            state.prompt = nil
            guard key == .character("y") || key == .character("Y") else {
                state.notice = "Not written: " + state.glyphs.line(job.path) + " exists"
                return []
            }
            job.overwrite = true
            return ExportPrompt.start(&state, job)
        }
        var characters = Array(prompt.text)
        if case .note(let job) = prompt.purpose {
            switch key {
            case .enter: return NotePrompt.enter(&state, job, line: prompt.text, finish: false)
            case .control("d"): return NotePrompt.enter(&state, job, line: prompt.text, finish: true)
            case .escape:
                state.prompt = nil
                state.notice = "Note dropped: nothing written"
                return []
            default: break
            }
        }
        if case .reveal(let job) = prompt.purpose {
            switch key {
            case .enter: return RevealPrompt.enter(&state, job, reason: prompt.text)
            case .escape:
                state.prompt = nil
                state.notice = "Nothing revealed"
                return []
            default: break
            }
        }
        switch key {
        case .enter:
            if case .exportPath(let marks) = prompt.purpose { return ExportPrompt.confirm(&state, path: prompt.text, marks: marks) }
            return apply(&state, close: true)
        case .escape where prompt.purpose != .filter:
            state.prompt = nil
            return []
        case .escape:
            prompt.text = prompt.original
            state.prompt = prompt
            let effects = prompt.original == currentText(state) ? [] : apply(&state, close: true)
            state.prompt = nil
            return effects
        case .character(let c):
            characters.insert(c, at: prompt.cursor)
            prompt.cursor += 1
        case .backspace:
            guard prompt.cursor > 0 else { return [] }
            characters.remove(at: prompt.cursor - 1)
            prompt.cursor -= 1
        case .delete:
            guard prompt.cursor < characters.count else { return [] }
            characters.remove(at: prompt.cursor)
        case .left: prompt.cursor = max(0, prompt.cursor - 1)
        case .right: prompt.cursor = min(characters.count, prompt.cursor + 1)
        case .home, .control("a"): prompt.cursor = 0
        case .end, .control("e"): prompt.cursor = characters.count
        case .control("u"):
            characters = []
            prompt.cursor = 0
        default:
            return []
        }
        let changed = String(characters) != prompt.text
        prompt.text = String(characters)
        if changed { prompt.editedAt = state.now }
        state.prompt = prompt
        // Pickers filter a short table: at once. Logs wait for a pause in typing.
        if changed, prompt.purpose == .filter, !state.current.showingLog { return apply(&state, close: false) }
        return []
    }

    static func applyIfPaused(_ state: inout BrowserState) -> [Effect] {
        guard let prompt = state.prompt, prompt.purpose == .filter, let edited = prompt.editedAt,
              state.now.microseconds - edited.microseconds >= debounceMicroseconds
        else { return [] }
        return apply(&state, close: false)
    }

    private static func apply(_ state: inout BrowserState, close: Bool) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        prompt.editedAt = nil
        let text = prompt.text.trimmingCharacters(in: " ")
        // Kept, a changed filter is a new place: Back returns to the view before the prompt opened.
        func keep() {
            guard close, text != prompt.original.trimmingCharacters(in: " "), let before = prompt.before else { return }
            state.history.append(before)
            if state.history.count > 100 { state.history.removeFirst() }
        }
        if !state.current.showingLog {
            keep()
            state.prompt = close ? nil : prompt
            guard state.current.picker?.filterText != text else { return [] }
            return onScreen(&state, log: { _, _ in [] }, picker: { picker, context in
                picker.filterText = text
                return PickerScreen.reload(&picker, context)
            })
        }
        do {
            let query = try QueryText.parse(text, clock: state.clock)
            prompt.error = nil
            keep()
            state.prompt = close ? nil : prompt
            guard let log = state.current.log, log.filterText != text || log.filter != query else { return [] }
            return onScreen(&state, log: { log, context in
                log.filter = query
                log.filterText = text
                log.expanded = []
                return LogScreen.reload(&log, context)
            }, picker: { _, _ in [] })
        } catch let error as QueryText.Error {
            prompt.error = error.description
            state.prompt = prompt
            return []
        } catch {
            return []
        }
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
