import AuditStore
import Testing
@testable import AuditBrowser

/// One rule for `q`, said on screen (tig's): `q` closes the view — the open record, else back to the place
/// before — and quits at the first view; `Q` quits at once; the status bar names what `q` will do. Quitting
/// with marks set asks once. A filter kept is a place: Back returns to the view before it (issue 20 item 10).
@Suite struct QuitAndBackTests {
    func status(_ s: BrowserSession) -> String { s.screen[s.state.height - 1] }

    /// `--customer X`: its log is the first view, so `q` quits there (it went to the picker) and says so.
    @Test func aLogOpenedByNameQuitsWithQAndSaysSo() throws {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let customer = try #require(try store.entities(.customer).first)
        let s = BrowserSession(source: store, state: BrowserState(width: 120, height: 24, clock: testClock))
        s.start(open: (.customer, customer.id))
        #expect(s.state.current.showingLog)
        #expect(status(s).hasSuffix("Backspace back  ? help  q quit"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.quit)
        // Backspace still shows the picker beneath.
        let t = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock))
        t.start(open: (.customer, customer.id))
        t.keys(.backspace)
        #expect(!t.state.quit && t.state.current.picker != nil && !t.state.current.showingLog)
    }

    /// After pivots `q` goes back one place at a time and the status bar says "q back" until the first view,
    /// where it says "q quit"; `Q` quits from anywhere.
    @Test func theStatusBarNamesWhatQDoes() throws {
        let s = try session()
        #expect(status(s).hasSuffix("? help  q quit"), "\(status(s))")
        _ = try s.selectFirst { $0.adminID != nil && ($0.customerID ?? $0.ownerCustomerID) != nil }
        s.keys(.character("c"))
        #expect(s.state.tab == .customers && status(s).hasSuffix("Q quit  ? help  q back"), "\(status(s))")
        s.keys(.character("a"))
        #expect(s.state.tab == .admins && status(s).hasSuffix("Q quit  ? help  q back"), "\(status(s))")
        s.keys(.enter)
        #expect(status(s).hasSuffix("q close"), "an open record: \(status(s))")
        s.keys(.character("q"))
        #expect(s.state.tab == .admins && !s.state.quit, "q closed the record")
        s.keys(.character("q"))
        #expect(s.state.tab == .customers && !s.state.quit)
        s.keys(.character("q"))
        #expect(s.state.tab == .overall && !s.state.quit && status(s).hasSuffix("? help  q quit"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.quit)

        let t = try session()
        t.keys(.character("2"), .enter, .character("Q"))
        #expect(t.state.quit, "Q quits at once")
    }

    /// `j` past an expanded record leaves its expansion open; `q` then no longer closes anything on the screen,
    /// and the status bar names what it does instead: in a customer's log opened from the picker `q back` (to
    /// the picker, which it does), at the first view `q quit` (which it does).
    @Test func afterMovingPastAnOpenRecordTheStatusBarSaysWhatQDoes() throws {
        let s = try session()
        s.keys(.character("2"), .enter, .enter)
        #expect(status(s).hasSuffix("q close"), "\(status(s))")
        s.keys(.character("j"))
        let log = try #require(s.state.current.log)
        #expect(!log.expanded.isEmpty && !log.expanded.contains(log.records[log.selected].id))
        #expect(status(s).hasSuffix("? help  q back"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.tab == .customers && s.state.current.picker != nil && !s.state.current.showingLog)

        let t = try session()
        t.keys(.enter, .character("j"))
        #expect(status(t).hasSuffix("? help  q quit"), "\(status(t))")
        t.keys(.character("q"))
        #expect(t.state.quit)
    }

    /// A tab switch is a place: Overall → 2 → Enter (a customer's log) → 1 → `q` returns to that customer's log
    /// as it was left (selection and all), saying `q back`; then the picker, then Overall, where `q` quits.
    @Test func qAfterATabSwitchReturnsToThePlaceLeft() throws {
        let s = try session()
        s.keys(.character("2"))
        #expect(status(s).hasSuffix("q back"), "Overall is a place to go back to: \(status(s))")
        s.keys(.enter, .character("j"), .character("j"))
        let customerLog = s.screen
        let selected = s.state.current.log?.selectedRecord?.id
        #expect(s.state.current.showingLog && selected != nil)
        s.keys(.character("1"))
        #expect(s.state.tab == .overall && status(s).hasSuffix("q back"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.tab == .customers && s.state.current.showingLog, "back on the customer's log")
        #expect(s.state.current.log?.selectedRecord?.id == selected)
        #expect(s.screen == customerLog)
        #expect(status(s).hasSuffix("q back"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.tab == .customers && !s.state.current.showingLog, "then the picker")
        s.keys(.character("q"))
        #expect(s.state.tab == .overall && !s.state.quit && status(s).hasSuffix("q quit"), "\(status(s))")
        s.keys(.character("q"))
        #expect(s.state.quit)

        // Backspace does the same; Tab switches are places too.
        let t = try session()
        t.keys(.character("2"), .enter, .tab, .backspace)
        #expect(t.state.tab == .customers && t.state.current.showingLog)
    }

    @Test func quittingWithMarksAsksOnce() throws {
        for key in ["q", "Q"] {
            let s = try session()
            s.keys(.character("m"))
            s.keys(.character(Character(key)))
            #expect(!s.state.quit)
            #expect(status(s).contains("1 record marked, not kept: q or Q again quits"), "\(status(s))")
            s.keys(.character("j")) // any other key: stays, and asks again next time
            s.keys(.character(Character(key)))
            #expect(!s.state.quit)
            s.keys(.character(Character(key)))
            #expect(s.state.quit, "\(key) twice")
        }
    }

    /// A filter kept, a search, or `x`: Back returns to the view before it, then on as before.
    @Test func backAfterAFilterReturnsToTheViewBeforeIt() throws {
        let s = try session()
        s.keys(.character("j"), .character("j"))
        let before = s.screen
        s.keys(.character("/"))
        s.type("admin:ops customer")
        s.pause()
        s.keys(.enter)
        #expect(s.state.current.log?.filterText == "admin:ops customer")
        #expect(status(s).hasSuffix("q back"), "\(status(s))")
        s.keys(.backspace)
        #expect(s.state.current.log?.filterText == "" && s.screen == before, "the view before the filter, as it was")
        #expect(status(s).hasSuffix("q quit"))

        // Clearing is a place too; Esc in the prompt changes nothing, so it is none.
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter)
        let filtered = s.screen
        s.keys(.character("/"))
        s.type(" ops")
        s.keys(.escape)
        s.keys(.character("x"))
        #expect(s.state.current.log?.filterText == "")
        s.keys(.backspace)
        #expect(s.state.current.log?.filterText == "level:warning" && s.screen == filtered)
        s.keys(.backspace)
        #expect(s.state.current.log?.filterText == "" && s.history.isEmpty)

        // A picker's filter likewise.
        s.keys(.character("2"), .character("/"))
        s.type("acc")
        s.keys(.enter)
        #expect(s.state.current.picker?.filterText == "acc")
        s.keys(.backspace)
        #expect(s.state.current.picker?.filterText == "" && s.state.tab == .customers && !s.state.quit)
    }
}

extension BrowserSession {
    var history: [Place] { state.history }
}
