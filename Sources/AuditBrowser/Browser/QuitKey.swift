/// `q` and `Q`, one rule said on screen (tig's): `q` closes what is open — help, the selected record's expansion —
/// else goes back to the place before, and quits at the first place; `Q` quits at once. The status bar names
/// what `q` will do (`q back`, `q quit`). Marks live only in the session: quitting with some set asks once.
enum QuitKey {
    /// What `q` does now: "close", "back" or "quit".
    static func meaning(_ state: BrowserState) -> String {
        if state.help != nil { return "close" }
        if let log = state.current.top(LogView.self), let record = log.selectedRecord, log.expanded.contains(record.id) {
            return "close"
        }
        return state.history.isEmpty ? "quit" : "back"
    }

    /// Backspace's hint: only where it does what `q` does not (a log opened by name, whose picker is beneath).
    static func backspaceHint(_ state: BrowserState) -> String? {
        meaning(state) == "quit" && state.current.screens.count > 1 ? "back" : nil
    }

    /// Whether an action quits (or asks to): `Q`, and `q` at the first place.
    static func quits(_ action: Action) -> Bool {
        switch action {
        case .quit, .quitOrBack: true
        default: false
        }
    }

    /// Quits, unless records are marked and this is the first time of asking.
    static func quit(_ state: inout BrowserState) -> [Effect] {
        guard !state.marks.isEmpty, !state.quitAsked else {
            state.quit = true
            return []
        }
        state.quitAsked = true
        let count = state.marks.count
        state.notice = "\(NumberText.grouped(count)) record\(count == 1 ? "" : "s") marked, not kept: q or Q again quits"
        return []
    }
}
