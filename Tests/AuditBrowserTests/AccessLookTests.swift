@testable import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Who looked, in the browser (the shared server): every look — a view opened, a filter or search applied, a
/// record expanded, "state then", the notes, an export — reaches the session's recorder once, before it is
/// shown; scrolling, read-ahead and redraws record nothing; a look that cannot be recorded does not happen
/// and the status line says why. Without a recorder nothing is asked (every other suite and golden).
@Suite struct AccessLookTests {
    /// Collects the looks; fails while `failure` is set.
    final class FakeRecorder: AccessRecorder, @unchecked Sendable {
        var events: [AccessEvent] = []
        var attempts = 0
        var failure: String?
        /// Called as a look is recorded (before anything after it runs).
        var onRecord: (AccessEvent) -> Void = { _ in }

        func record(_ event: AccessEvent) throws {
            attempts += 1
            if let failure { throw StoreError(failure) }
            onRecord(event)
            events.append(event)
        }

        func take() -> [AccessEvent] {
            defer { events = [] }
            return events
        }
    }

    static func recorded(path: String = demoPath) throws -> (BrowserSession, FakeRecorder) {
        let store = try AuditStore(path: path, mode: .readOnly)
        let session = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock))
        let recorder = FakeRecorder()
        session.accessRecorder = recorder
        session.start()
        return (session, recorder)
    }

    @Test func eachLookIsRecordedOnceAndBeforeItIsShown() throws {
        let (s, recorder) = try Self.recorded()
        #expect(recorder.take() == [AccessEvent(action: .view, time: testClock.now, scope: .overall)], "the first screen")
        // Moving, paging far enough to read ahead, and redrawing look at nothing new.
        for _ in 0..<3 { s.keys(.character("J"), .pageDown, .pageDown, .pageDown) }
        s.keys(.character("g"), .character("j"), .character("k"))
        _ = s.screen
        s.tick(now: Timestamp(microseconds: testClock.now.microseconds + 2_000_000))
        #expect(recorder.take().isEmpty)

        // A record expanded: recorded while its expansion is not yet on screen? It is in the state, but nothing
        // was drawn between the key and the recording (the session records before it returns).
        let record = try #require(s.state.current.log?.selectedRecord)
        s.keys(.enter)
        let expand = try #require(recorder.take().first)
        #expect(expand.action == .expand && expand.record == record.ref.text)
        #expect(expand.scope == AccessLooks.scope(of: record))
        s.keys(.enter)
        #expect(recorder.take().isEmpty, "folding it again shows nothing new")

        // A filter with a search word, applied after the pause: recorded before its first page is read.
        var loadedWhenRecorded: [AuditRecord]?
        recorder.onRecord = { _ in loadedWhenRecorded = s.state.current.log?.records }
        s.keys(.character("/"))
        s.type("level:warning \"payment failed\"")
        s.pause()
        let view = try #require(recorder.take().first)
        #expect(view.action == .view && view.scope == .overall)
        #expect(view.filters == "level:warning \"payment failed\"" && view.words == ["payment failed"])
        #expect(loadedWhenRecorded?.isEmpty == true, "the view's records were not read before the look was recorded")
        recorder.onRecord = { _ in }
        s.keys(.escape, .escape)
        _ = recorder.take()

        // A customer's log from its picker: by the customer's id; Back and the same customer again: again.
        s.keys(.character("2"))
        #expect(recorder.take().isEmpty, "a picker shows no record")
        s.keys(.enter)
        let customer = try #require(s.state.current.log?.scope.customer)
        #expect(recorder.take().map(\.scope) == [.customer(customer)])
        s.keys(.character("1"), .character("2"))
        #expect(recorder.take().isEmpty, "a tab shown again reads nothing new")
        s.keys(.backspace)
        s.keys(.backspace)
        s.keys(.enter)
        #expect(recorder.take().map(\.scope) == [.customer(customer)], "opened again from its picker")

        // "state then", the notes and Y (the expansion copied) on a record of that customer.
        let selected = try #require(s.state.current.log?.selectedRecord)
        s.keys(.character("t"))
        let state = try #require(recorder.take().first)
        #expect(state.action == .state && state.scope == .customer(customer) && state.record == selected.ref.text)
        s.keys(.backspace, .character("W"))
        #expect(recorder.take().map(\.action) == [.notes])
        s.keys(.backspace, .character("Y"))
        #expect(recorder.take().map { [$0.action.rawValue, $0.record ?? ""] } == [["expand", selected.ref.text]])
    }

    /// The command line's filter (`auditlog --customer X --field billingEmail`, `auditlog --field …`) applies before
    /// the first page is read: the one look recorded is the filtered view the screen shows. (It once read and
    /// recorded the whole log first, a look at records never shown: a reviewer read that the agent opened it all.)
    @Test(arguments: [true, false])
    func theFirstLookIsTheFilteredViewOnly(inACustomersLog: Bool) throws {
        let store = try AuditStore(path: AgentScreenTests.path, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock))
        let recorder = FakeRecorder()
        s.accessRecorder = recorder
        let customer = AgentStoreTestsIDs.customer
        let filter = try QueryText.parse("field:billingEmail", clock: testClock)
        s.start(open: inACustomersLog ? (.customer, customer) : nil, filter: (filter, "field:billingEmail"))
        let scope: AccessScope = inACustomersLog ? .customer(customer) : .overall
        #expect(recorder.take() == [AccessEvent(action: .view, time: testClock.now, scope: scope, filters: "field:billingEmail")])
        let screen = s.screen.joined(separator: "\n")
        #expect(screen.contains("filter: field:billingEmail"), "\(screen)")
        let records = try #require(s.state.current.log?.records)
        #expect(!records.isEmpty && records.allSatisfy { $0.change?.field == "billingEmail" })
    }

    @Test func anExportFromTheBrowserIsRecordedWithItsFileAndCount() throws {
        let (s, recorder) = try Self.recorded()
        _ = recorder.take()
        let dir = NSTemporaryDirectory() + "auditlog-access-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        s.keys(.character("e"))
        s.keys(.control("u"))
        s.type(dir + "/view.csv")
        s.keys(.enter)
        let export = try #require(recorder.take().first)
        #expect(export.action == .export && export.file == dir + "/view.csv" && export.scope == .overall)
        #expect(export.count == s.state.current.log?.total)
    }

    @Test func aLookThatCannotBeRecordedDoesNotHappen() throws {
        let (s, recorder) = try Self.recorded()
        _ = recorder.take()
        recorder.failure = "/var/spool/auditlog: permission denied"
        s.keys(.enter)
        #expect(s.state.current.log?.expanded.isEmpty == true, "not expanded")
        #expect(s.state.notice == "Not shown: this look could not be recorded (/var/spool/auditlog: permission denied)")
        #expect(s.screen.joined(separator: "\n").contains("Not shown: this look could not be recorded"), "\(s.screen.joined(separator: "\n"))")
        // A filter: not applied, its records not read, and not tried again at every tick.
        let before = try #require(s.state.current.log?.records.map(\.id))
        s.keys(.character("/"))
        s.type("level:error")
        s.pause()
        let attempts = recorder.attempts
        #expect(s.state.current.log?.filterText == "" && s.state.current.log?.records.map(\.id) == before)
        #expect(s.state.notice?.hasPrefix("Not shown") == true)
        s.pause()
        s.pause()
        #expect(recorder.attempts == attempts, "a refused filter waits for the user")
        // A customer's log: the picker stays.
        s.keys(.escape, .escape, .character("2"), .enter)
        #expect(s.state.current.log == nil && s.state.current.picker != nil)
        // Once it can be recorded, the look happens.
        recorder.failure = nil
        s.keys(.enter)
        #expect(s.state.current.log != nil && recorder.take().count == 1)
    }

    @Test func withoutARecorderNoLookIsAsked() throws {
        var state = BrowserState(width: 80, height: 24, clock: testClock)
        #expect(state.access == nil)
        let effects = reduce(&state, .switchTab(.overall))
        #expect(!effects.contains { if case .recordAccess = $0 { true } else { false } })
        state.access = AccessLooks()
        let recorded = reduce(&state, .switchTab(.overall))
        #expect(recorded.first.map { if case .recordAccess(let look) = $0 { look.action == .view } else { false } } == true,
                "the look comes first, before the page it is about")
    }
}
