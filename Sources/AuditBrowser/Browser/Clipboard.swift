import AuditStore

/// `y` and `Y`: the selected record's reference with a one-line summary, or its line and whole expansion, to
/// the clipboard of the terminal the user sits at — through SSH and tmux — with the OSC 52 sequence, which
/// the terminal adapter writes (`Effect.copyToClipboard`; nothing here touches a terminal). The terminal does
/// not say whether it took it, so the status bar says it was sent. Off (`--no-clipboard`,
/// `AUDITLOG_CLIPBOARD=0`), `y` shows the reference on the status line to copy by hand.
enum Clipboard {
    static let sent = "sent to the terminal's clipboard (OSC 52)"

    /// What the log's `y` (`whole` false) and `Y` ask of the browser.
    static func copy(_ log: LogView, whole: Bool, _ context: ScreenContext) -> Reply {
        guard let record = log.selectedRecord else { return .done() }
        let g = context.glyphs
        if whole {
            let request = record.requestUID.flatMap { context.requests[$0] }
            let lines = RecordText.expansion(record, request: request, clock: context.clock, width: context.width, glyphs: g)
            return .then(.copy(lines.joined(separator: "\n") + "\n", ref: record.ref,
                               what: "The record and its expansion (\(lines.count) lines)", expansionOf: record))
        }
        return .then(.copy(RecordText.summary(record, clock: context.clock, glyphs: g), ref: record.ref,
                           what: record.ref.text + " and its summary"))
    }

    /// The browser's part: the sequence to send, or with the clipboard off, the reference to copy by hand.
    static func perform(_ state: inout BrowserState, text: String, ref: RecordRef, what: String) -> [Effect] {
        guard state.clipboard else {
            state.notice = "Reference \(ref.text) (clipboard off: copy it from here)"
            return []
        }
        state.notice = what + " " + sent
        return [.copyToClipboard(text)]
    }
}
