import AuditStore
import FoundationEssentials

/// Store questions that may be slow (counts, text searches, read-ahead) run on their own thread and
/// connection, so a key never waits for them. A new job for a tab replaces that tab's waiting job and
/// interrupts its running one; answers are collected between keys. `shutdown` stops the thread and
/// waits for it (the connection closes with it); a queue that goes away shuts down.
final class BackgroundQueue: Sendable {
    typealias Job = @Sendable (AuditSource) throws -> Action

    /// Everything the caller's thread and the worker share, under one lock.
    private struct State {
        var pending: [(tab: Tab, job: Job)] = []
        var results: [Action] = []
        var running: Tab?
        var interrupted = false
        var stopping = false
        var finished = false
        /// The worker's connection, once open: the only part of it other threads touch.
        var interrupt: InterruptHandle?
    }

    private let state = Guarded(State())

    init(name: String, open: @escaping @Sendable () throws -> AuditSource) {
        let state = self.state
        // The thread holds the shared state, not the queue: the queue can go away, and stop it.
        startThread(name: name, stackSize: 1 << 20) { Self.work(state, open: open) }
    }

    deinit { shutdown() }

    func submit(for tab: Tab, _ job: @escaping Job) {
        state.withLock { state in
            state.pending.removeAll { $0.tab == tab }
            state.pending.append((tab, job))
            if state.running == tab {
                state.interrupted = true
                state.interrupt?.interrupt()
            }
        }
    }

    /// Drops a tab's waiting job and interrupts its running one: its answer could only be stale now (the
    /// view jumped or reloaded), and it would compete with the read a key waits for.
    func cancel(for tab: Tab) {
        state.withLock { state in
            state.pending.removeAll { $0.tab == tab }
            if state.running == tab {
                state.interrupted = true
                state.interrupt?.interrupt()
            }
        }
    }

    /// Whether a job is waiting or running: the caller looks for answers more often meanwhile.
    var isBusy: Bool {
        state.withLock { $0.running != nil || !$0.pending.isEmpty || !$0.results.isEmpty }
    }

    func takeResults() -> [Action] {
        state.withLock { state in
            let taken = state.results
            state.results = []
            return taken
        }
    }

    /// Stops the worker (interrupting what it runs) and waits until its thread has ended.
    func shutdown() {
        state.withLock { state in
            state.stopping = true
            state.pending = []
            state.interrupt?.interrupt()
        }
        state.wait(until: { $0.finished }) { _ in }
    }

    private static func work(_ state: Guarded<State>, open: () throws -> AuditSource) {
        defer { state.withLock { $0.finished = true } }
        let source: AuditSource
        do { source = try open() } catch {
            state.withLock { state in
                state.results.append(.failed("\(error)"))
                state.pending = []
            }
            state.wait(until: { $0.stopping }) { _ in }
            return
        }
        state.withLock { $0.interrupt = source.interruptHandle }
        while true {
            let next: (tab: Tab, job: Job)? = state.wait(until: { !$0.pending.isEmpty || $0.stopping }) { state in
                guard !state.stopping else { return nil }
                let next = state.pending.removeFirst()
                state.running = next.tab
                state.interrupted = false
                return next
            }
            guard let (_, job) = next else { return }
            let answer: Action
            do { answer = try job(source) } catch { answer = .failed("\(error)") }
            state.withLock { state in
                state.running = nil
                // An interrupted job's answer (an error, or a stale page) is dropped: a newer job replaced it.
                if !state.interrupted, !state.stopping { state.results.append(answer) }
            }
        }
    }
}
