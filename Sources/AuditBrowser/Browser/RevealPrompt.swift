import AuditStore

/// A record to show unmasked to an agent, and why (issue 22): the reason goes into the access record.
public struct Reveal: Sendable, Equatable {
    public var recordID: Int64
    public var ref: RecordRef
    /// The record's customer (its log) and subscription: whose data is revealed.
    public var customerID: String?
    public var subscriptionID: String?
    /// As the agent typed it.
    public var reason: String
}

/// `v` on a record: an agent types why, then sees the record unmasked in its expansion. The session runs the
/// reveal through the revealer the command gave it (`BrowserSession.revealer`), which records the look first
/// (the access record, with the reason) and only then reads the record unmasked: when the record cannot be
/// written nothing is revealed and the status line says why. A reviewer sees everything: nothing to reveal.
enum RevealPrompt {
    static func open(_ state: inout BrowserState) -> [Effect] {
        guard state.role.masksPersonalData else {
            state.notice = "Nothing to reveal: a reviewer sees every value"
            return []
        }
        guard let record = state.current.log?.selectedRecord else {
            state.notice = "Select a record to reveal it"
            return []
        }
        if record.revealed {
            state.notice = "Already revealed: " + record.ref.description
            return []
        }
        let job = Reveal(recordID: record.id, ref: record.ref, customerID: record.ownerCustomerID ?? record.customerID,
                         subscriptionID: record.subscriptionID, reason: "")
        state.prompt = Prompt(text: "", cursor: 0, original: "", error: nil, editedAt: nil, purpose: .reveal(job))
        return []
    }

    /// Enter: with a reason, the reveal; without one, nothing.
    static func enter(_ state: inout BrowserState, _ job: Reveal, reason: String) -> [Effect] {
        let reason = reason.trimmingCharacters(in: " ")
        guard !reason.isEmpty else {
            state.prompt?.error = "type why you need to see it"
            return []
        }
        state.prompt = nil
        var job = job
        job.reason = reason
        // The revealer records the look before it reads (`BrowserSession.revealer`); where the browser records
        // looks itself (an access-record effect run first, its failure undoing the action), that effect goes
        // before this one, with action reveal, the record's reference and this reason.
        return [.reveal(job)]
    }

    static func answer(_ state: inout BrowserState, _ answer: Answer) -> [Effect] {
        switch answer {
        case .revealed(let job, let record):
            state.notice = "Revealed \(job.ref) (recorded, with your reason)"
            for tab in state.tabs.indices {
                for index in state.tabs[tab].screens.indices {
                    guard var log = state.tabs[tab].screens[index] as? LogView else { continue }
                    var found = false
                    for row in log.records.indices where log.records[row].id == job.recordID {
                        var shown = record
                        shown.notes = log.records[row].notes
                        log.records[row] = shown
                        found = true
                    }
                    guard found else { continue }
                    log.expanded.insert(job.recordID)
                    state.tabs[tab].screens[index] = log
                }
            }
        case .revealFailed(let reason):
            state.notice = "Not revealed: " + state.glyphs.line(reason)
        default:
            break
        }
        return []
    }
}
