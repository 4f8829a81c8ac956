@testable import AuditStore
import Testing
@testable import AuditBrowser

/// `reduce` on its own, no database: the state it leaves and the effects it asks for.
@Suite struct ReducerTests {
    static let clock = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))

    static func record(_ n: Int, request: String? = nil) -> AuditRecord {
        AuditRecord(id: Int64(n), time: Timestamp(seconds: 1_751_241_600 - Int64(n) * 60), channel: "controller",
                    level: 200, levelName: "INFO", message: "Record \(n)", contextJSON: "{}", extraJSON: "{}",
                    customerID: "c-\(n % 3)", subscriptionID: nil, adminID: nil, requestUID: request, change: nil,
                    adminName: nil, ownerCustomerID: "c-\(n % 3)", customerLabel: nil)
    }

    /// A fresh browser at 80×24 showing Overall, its first page asked for and answered with `count` records.
    static func loaded(_ count: Int) -> (BrowserState, LoadTicket) {
        var state = BrowserState(width: 80, height: 24, clock: clock)
        let effects = reduce(&state, .switchTab(.overall))
        guard case .loadRecords(let ticket, _, let limit)? = effects.first else { fatalError("\(effects)") }
        #expect(limit == 22 && ticket.position == .newest) // one screenful, the only read a key waits for
        #expect(effects.count == 2 && effects.contains(.count(ticket, RecordQuery())))
        _ = reduce(&state, .recordsLoaded(ticket, (0..<count).map { record($0) }))
        return (state, ticket)
    }

    @Test func staleAnswersAreDropped() {
        var (state, first) = Self.loaded(5)
        // A new filter: a new generation; the answer to the old question changes nothing.
        _ = reduce(&state, .startFilter)
        for c in "Record" { _ = reduce(&state, .promptInput(.character(c))) }
        let effects = reduce(&state, .applyPrompt)
        guard case .loadRecords(let second, let query, _)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(second.generation == first.generation + 1 && query.words == ["Record"])
        _ = reduce(&state, .recordsLoaded(first, [Self.record(99)]))
        #expect(state.current.log?.records.isEmpty == true && state.current.log?.loading == true)
        _ = reduce(&state, .countLoaded(first, 1234))
        #expect(state.current.log?.total == nil)
        _ = reduce(&state, .recordsLoaded(second, [Self.record(7)]))
        #expect(state.current.log?.records.map(\.id) == [7])
    }

    @Test func typingWaitsForAPauseBeforeFiltering() {
        var (state, _) = Self.loaded(5)
        _ = reduce(&state, .startFilter)
        var effects: [Effect] = []
        for c in "Record" { effects += reduce(&state, .promptInput(.character(c))) }
        #expect(effects.isEmpty, "no query while typing")
        let start = state.now.microseconds
        #expect(reduce(&state, .tick(now: Timestamp(microseconds: start + 100_000))).isEmpty)
        let later = reduce(&state, .tick(now: Timestamp(microseconds: start + 200_000)))
        #expect(later.contains { if case .loadRecords = $0 { true } else { false } }, "\(later)")
    }

    @Test func readAheadStartsBeforeTheWindowEnds() {
        // A full first page (more may follow): the next page is asked for at once, in the background.
        let (full, ticket) = Self.loaded(22)
        _ = ticket
        var state = full
        let log = state.current.log!
        #expect(log.loading, "a read-ahead page is on its way")
        // Answered: moving down near the end asks for the next one.
        let lastKey = log.records.last!.key
        _ = reduce(&state, .recordsLoaded(LoadTicket(tab: .overall, generation: log.generation,
                                                     position: .olderThan(lastKey), limit: 100),
                                          (22..<122).map { Self.record($0) }))
        var asked: [Effect] = []
        for _ in 0..<80 { asked += reduce(&state, .move(1)) }
        #expect(asked.contains { if case .loadRecords(let t, _, _) = $0, case .olderThan = t.position { true } else { false } },
                "\(asked)")
        // A short first page is the whole log: nothing more to read.
        let (short, _) = Self.loaded(5)
        #expect(short.current.log?.reachedOldest == true && short.current.log?.loading == false)
    }

    @Test func actionsGoToTheFocusedScreen() {
        var state = BrowserState(width: 80, height: 24, clock: Self.clock)
        let effects = reduce(&state, .switchTab(.customers))
        guard case .loadEntities(let ticket, .customer, _, nil, _)? = effects.first else { Issue.record("\(effects)"); return }
        let entities = (0..<5).map { Entity(kind: .customer, id: "c-\($0)", email: "c\($0)@x.example") }
        _ = reduce(&state, .entitiesLoaded(ticket, entities, append: false))
        _ = reduce(&state, .move(2))
        #expect(state.current.picker?.selected == 2, "the picker moved")
        let opened = reduce(&state, .open)
        #expect(state.current.log?.scope.customer == "c-2", "the picked customer's log")
        #expect(opened.contains { if case .loadRecords(_, let q, _) = $0 { q.customer == "c-2" } else { false } })
        #expect(state.history.count == 2, "Overall (left by the tab switch), then the picker")
        // The Overall tab's log is untouched by moves in the Customers tab.
        _ = reduce(&state, .switchTab(.overall))
        #expect(state.current.log?.selected == 0)
        // Back in the customer's log, Back returns through the places (tab switches are places) to the picker
        // as it was.
        _ = reduce(&state, .switchTab(.customers))
        _ = reduce(&state, .back)
        #expect(state.tab == .overall)
        _ = reduce(&state, .back)
        #expect(state.tab == .customers && state.current.log?.scope.customer == "c-2")
        _ = reduce(&state, .back)
        #expect(state.current.picker?.selected == 2 && state.current.log == nil)
    }

    @Test func keysAreReadInOnePlace() {
        var (state, _) = Self.loaded(5)
        _ = reduce(&state, .key(.character("j")))
        #expect(state.current.log?.selected == 1)
        _ = reduce(&state, .key(.character("/")))
        _ = reduce(&state, .key(.character("j"))) // the prompt has the keyboard now
        #expect(state.prompt?.text == "j" && state.current.log?.selected == 1)
        _ = reduce(&state, .key(.escape))
        #expect(state.prompt == nil)
        _ = reduce(&state, .key(.character("?")))
        _ = reduce(&state, .key(.character("j"))) // help scrolls, the log does not move
        #expect(state.showHelp && state.helpTop == 1 && state.current.log?.selected == 1)
    }

    /// An import changing the store recounts the tab on screen at once, the others when they are shown:
    /// not every tab of every browser every second.
    @Test func aStoreChangeCountsTheTabOnScreenAndTheOthersWhenShown() {
        var (state, _) = Self.loaded(5)
        let pickerLoad = reduce(&state, .key(.character("2")))
        guard case .loadEntities(let ticket, .customer, _, nil, _)? = pickerLoad.first else { Issue.record("\(pickerLoad)"); return }
        _ = reduce(&state, .entitiesLoaded(ticket, [Entity(kind: .customer, id: "c-1")], append: false))
        _ = reduce(&state, .entityCountLoaded(ticket, 1))
        _ = reduce(&state, .key(.character("1")))

        let changed = reduce(&state, .storeChanged)
        #expect(changed.count == 1)
        #expect(changed.allSatisfy { if case .count(let t, _) = $0 { t.tab == .overall } else { false } }, "\(changed)")
        let shown = reduce(&state, .key(.character("2")))
        #expect(shown.contains { if case .countEntities(let t, .customer, _) = $0 { t.tab == .customers } else { false } },
                "\(shown)")
        let again = reduce(&state, .key(.character("1")))
        #expect(!again.contains { if case .count = $0 { true } else { false } }, "counted once: \(again)")
    }
}
