import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// A gate that text searches wait at until released or interrupted, like a slow search on a large
/// database. Shared by the sources of both background queues; each has its own connection, as in use.
final class Gate: @unchecked Sendable {
    let lock = NSCondition()
    var open = false
    var interrupts = 0
    var searchesStarted = 0

    func release() { lock.lock(); open = true; lock.broadcast(); lock.unlock() }
    var interruptCount: Int { lock.lock(); defer { lock.unlock() }; return interrupts }
    var started: Int { lock.lock(); defer { lock.unlock() }; return searchesStarted }
}

final class GatedSource: AuditSource, @unchecked Sendable {
    let store: AuditStore
    let gate: Gate
    private var searching = false
    private var interruptRequested = false

    /// Gate read-ahead pages (after or before a key) instead of searches.
    let gatesReadAhead: Bool

    /// Gate counts bounded in time (a histogram's buckets) too.
    let gatesBucketCounts: Bool

    init(path: String, gate: Gate, gatesReadAhead: Bool = false, gatesBucketCounts: Bool = false) throws {
        store = try AuditStore(path: path, mode: .readOnly)
        self.gate = gate
        self.gatesReadAhead = gatesReadAhead
        self.gatesBucketCounts = gatesBucketCounts
    }

    func gated(_ query: RecordQuery, _ position: PagePosition) -> Bool {
        guard gatesReadAhead else { return !query.words.isEmpty }
        switch position {
        case .olderThan, .newerThan: return true
        case .newest, .oldest: return false
        }
    }

    func page(of query: RecordQuery, from position: PagePosition, limit: Int) throws -> [AuditRecord] {
        if gated(query, position) { try waitAtTheGate() }
        return try store.page(of: query, from: position, limit: limit)
    }

    /// Waits until the gate opens; throws when interrupted meanwhile.
    private func waitAtTheGate() throws {
        gate.lock.lock()
        gate.searchesStarted += 1
        searching = true
        let deadline = Date().addingTimeInterval(10)
        while !gate.open, !interruptRequested, gate.lock.wait(until: deadline) {}
        let interrupted = interruptRequested
        interruptRequested = false
        searching = false
        gate.lock.unlock()
        if interrupted { throw StoreError("interrupted") }
    }

    func count(of query: RecordQuery) throws -> Int {
        if gatesBucketCounts, query.until != nil { try waitAtTheGate() }
        return try store.count(of: query)
    }
    func entities(_ kind: EntityKind, matching filter: String, after: Entity?, limit: Int) throws -> [Entity] {
        try store.entities(kind, matching: filter, after: after, limit: limit)
    }
    func entities(_ kind: EntityKind, matching filter: String, before: Entity?, limit: Int) throws -> [Entity] {
        try store.entities(kind, matching: filter, before: before, limit: limit)
    }
    func match(_ kind: EntityKind, _ text: String) throws -> EntityMatch { try store.match(kind, text) }
    func entityCount(_ kind: EntityKind, matching filter: String) throws -> Int {
        try store.entityCount(kind, matching: filter)
    }

    func entity(_ kind: EntityKind, _ text: String) throws -> Entity? { try store.entity(kind, text) }
    func changeToken() throws -> Int64 { try store.changeToken() }
    func textBacklog() throws -> TextBacklog { try store.textBacklog() }
    var interruptHandle: InterruptHandle { InterruptHandle { self.interrupt() } }

    /// Like `sqlite3_interrupt`: stops what runs on this connection now, and nothing later.
    func interrupt() {
        gate.lock.lock()
        if searching {
            gate.interrupts += 1
            interruptRequested = true
            gate.lock.broadcast()
        }
        gate.lock.unlock()
    }
}

@Suite struct BackgroundSearchTests {
    /// Polls the session for background answers until `done` holds (or 10 s pass).
    func waitFor(_ s: BrowserSession, _ done: () -> Bool) {
        let deadline = Date().addingTimeInterval(10)
        while !done(), Date() < deadline {
            s.collectAnswers()
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    @Test func typingNeverWaitsForASearchAndANewerSearchInterruptsTheOlder() throws {
        let gated = Gate()
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock),
                               background: { try GatedSource(path: demoPath, gate: gated) })
        s.start()
        let unfiltered = s.state.current.log!.records.map(\.id)
        let started = Date()
        s.keys(.character("/"))
        s.type("cust")
        s.pause() // the debounce passes: a search for "cust" starts and waits at the gate
        waitFor(s) { gated.started == 1 }
        #expect(gated.started == 1)
        s.type("omer")
        s.pause() // "customer" replaces it: the waiting search is interrupted
        waitFor(s) { gated.interruptCount >= 1 && gated.started == 2 }
        #expect(gated.interruptCount >= 1)
        #expect(gated.started == 2)
        // Every key was answered while both searches were still waiting at the gate.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(s.state.prompt?.text == "customer")
        #expect(s.state.current.log!.records.isEmpty) // still searching: nothing stale is shown as a result
        #expect(s.screen.joined().contains("loading…"))

        gated.release()
        waitFor(s) { !s.state.current.log!.records.isEmpty }
        let found = s.state.current.log!.records
        #expect(!found.isEmpty)
        #expect(found.map(\.id) != unfiltered)
        for record in found {
            #expect((record.message + record.contextJSON).lowercased().contains("customer"))
        }
        // The interrupted "cust" search never lands over the newer one.
        #expect(s.state.current.log!.filterText == "customer")
    }
}

/// The first page fills the screen; the pages after it are read ahead in the background, so no key
/// waits for them.
@Suite struct ReadAheadTests {
    /// A session on the demo whose read-ahead waits at `gate`.
    static func sessionWithGatedReadAhead(_ gate: Gate) throws -> BrowserSession {
        let s = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly),
                               state: BrowserState(width: 80, height: 24, clock: testClock),
                               background: { try GatedSource(path: demoPath, gate: gate, gatesReadAhead: true) })
        s.start()
        return s
    }

    /// A jump (`G`) makes the read-ahead under way stale: it is interrupted, not left to compete with the
    /// read the key waits for.
    @Test func aJumpInterruptsStaleReadAhead() throws {
        let gate = Gate()
        let s = try Self.sessionWithGatedReadAhead(gate)
        for _ in 0..<(s.state.bodyHeight + 5) { s.keys(.character("j")) }
        let asked = Date().addingTimeInterval(5)
        while gate.started == 0, Date() < asked { Thread.sleep(forTimeInterval: 0.005) }
        #expect(gate.started == 1) // waiting at the gate
        s.keys(.character("G"))
        let deadline = Date().addingTimeInterval(5)
        while gate.interruptCount == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(gate.interruptCount == 1)
        #expect(s.state.current.log?.reachedOldest == true)
        gate.release()
        s.shutdown()
    }

    @Test func keysNeverWaitForReadAheadAndItArrivesAfterwards() throws {
        let gate = Gate()
        let s = try Self.sessionWithGatedReadAhead(gate)
        let screenful = s.state.bodyHeight + 1
        #expect(s.state.current.log!.records.count == screenful) // only what the screen shows was read
        let started = Date()
        for _ in 0..<(screenful + 10) { s.keys(.character("j")) }
        // The read-ahead waits at the gate: the selection stops at the last record read, no key waited.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(s.state.current.log!.selected == screenful - 1)
        let asked = Date().addingTimeInterval(5)
        while gate.started == 0, Date() < asked { Thread.sleep(forTimeInterval: 0.005) }
        #expect(gate.started >= 1) // the read-ahead was asked for, off the key path
        gate.release()
        let deadline = Date().addingTimeInterval(10)
        while s.state.current.log!.records.count == screenful, Date() < deadline {
            s.collectAnswers()
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(s.state.current.log!.records.count > screenful)
        let before = s.state.current.log!.selected
        s.keys(.character("j"))
        #expect(s.state.current.log!.selected == before + 1) // moving on once the page is there
        // The records stay in order across the page boundary.
        let times = s.state.current.log!.records.map(\.key)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0.time > $1.time || ($0.time == $1.time && $0.id > $1.id) })
    }
}

/// A session's background threads end, and their connections close, when it shuts down or goes away
/// (each session used to leave three threads and three connections behind).
@Suite struct BackgroundShutdownTests {
    final class Counted: Sendable {
        let opened = Locked(0)
        let closed = Locked(0)
        /// Interrupts asked of a connection already closed (each one a write into freed memory with SQLite).
        let lateInterrupts = Locked(0)
    }

    final class TrackedStore: AuditSource, @unchecked Sendable {
        // Test-only wrapper; touched only by the queue's worker thread once opened.
        let store: AuditStore
        let counted: Counted
        init(_ counted: Counted) throws {
            store = try AuditStore(path: demoPath, mode: .readOnly)
            self.counted = counted
            counted.opened.withLock { $0 += 1 }
        }
        deinit { counted.closed.withLock { $0 += 1 } }
        func page(of query: RecordQuery, from position: PagePosition, limit: Int) throws -> [AuditRecord] {
            try store.page(of: query, from: position, limit: limit)
        }
        func count(of query: RecordQuery) throws -> Int { try store.count(of: query) }
        func entities(_ kind: EntityKind, matching filter: String, after: Entity?, limit: Int) throws -> [Entity] {
            try store.entities(kind, matching: filter, after: after, limit: limit)
        }
        func entities(_ kind: EntityKind, matching filter: String, before: Entity?, limit: Int) throws -> [Entity] {
            try store.entities(kind, matching: filter, before: before, limit: limit)
        }
        func entityCount(_ kind: EntityKind, matching filter: String) throws -> Int { try store.entityCount(kind, matching: filter) }
        func match(_ kind: EntityKind, _ text: String) throws -> EntityMatch { try store.match(kind, text) }
        func entity(_ kind: EntityKind, _ text: String) throws -> Entity? { try store.entity(kind, text) }
        func changeToken() throws -> Int64 { try store.changeToken() }
        func textBacklog() throws -> TextBacklog { try store.textBacklog() }
        var interruptHandle: InterruptHandle {
            let inner = store.interruptHandle, counted = counted
            return InterruptHandle(reaching: {
                if counted.closed.withLock({ $0 }) > 0 { counted.lateInterrupts.withLock { $0 += 1 } }
                return inner.interrupt()
            })
        }
    }

    /// A queue shut down by its owner is shut down again when it goes away: the second time must reach no
    /// connection (it interrupted the closed one, on every browser exit).
    @Test func aQueueShutDownTwiceInterruptsNoClosedConnection() throws {
        let counted = Counted()
        var queue: BackgroundQueue? = BackgroundQueue(name: "test", open: { try TrackedStore(counted) })
        let answered = Locked(false)
        queue!.submit(for: .overall) { source in
            let count = try source.count(of: RecordQuery())
            answered.withLock { $0 = true }
            return .failed("\(count)")
        }
        let deadline = Date().addingTimeInterval(10)
        while !answered.withLock({ $0 }), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(answered.withLock { $0 }) // the worker's connection was opened and used
        queue!.shutdown()
        #expect(counted.closed.withLock { $0 } == 1)
        queue!.shutdown()
        queue = nil // and its deinit shuts down once more
        #expect(counted.lateInterrupts.withLock { $0 } == 0)
    }

    @Test func shuttingDownEndsTheThreadsAndClosesTheConnections() throws {
        let counted = Counted()
        var session: BrowserSession? = BrowserSession(
            source: try AuditStore(path: demoPath, mode: .readOnly),
            state: BrowserState(width: 80, height: 24, clock: testClock),
            background: { try TrackedStore(counted) })
        session!.start()
        session!.keys(.character("/"))
        session!.type("payment")
        session!.pause() // a search and a count go to the background
        let deadline = Date().addingTimeInterval(10)
        while counted.opened.withLock({ $0 }) < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(counted.opened.withLock { $0 } == 3)
        session!.shutdown() // returns once the threads have ended
        #expect(counted.closed.withLock { $0 } == 3)
        session = nil
        // A session that simply goes away does the same.
        let other = Counted()
        do {
            let s = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly),
                                   state: BrowserState(width: 80, height: 24, clock: testClock),
                                   background: { try TrackedStore(other) })
            s.start()
            let until = Date().addingTimeInterval(10)
            while other.opened.withLock({ $0 }) < 3, Date() < until { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(other.closed.withLock { $0 } == other.opened.withLock { $0 })
    }
}
