import AuditStore
import FoundationEssentials

/// Store questions that may be slow (counts, text searches, read-ahead, exports) run on a `Worker`: a thread
/// and connection of their own, so a key never waits for them. A new job for a tab replaces that tab's
/// waiting job and interrupts its running one; answers are collected between keys. `shutdown` stops the
/// worker and waits for it (its connection closes with it); a queue that goes away shuts down.
final class BackgroundQueue: Sendable {
    typealias Job = @Sendable (AuditSource) throws -> Action

    /// The jobs and answers the caller's thread and the worker share (under the worker's lock).
    private struct Jobs: Sendable {
        var pending: [(tab: Tab, job: Job)] = []
        var results: [Action] = []
        var running: Tab?
        var interrupted = false
    }

    private let worker: Worker<Jobs>

    init(name: String, open: @escaping @Sendable () throws -> AuditSource) {
        worker = Worker(name: name, shared: Jobs(), open: open, interrupt: { $0.interruptHandle }, work: Self.work)
    }

    func submit(for tab: Tab, _ job: @escaping Job) {
        worker.withLock { state in
            state.shared.pending.removeAll { $0.tab == tab }
            state.shared.pending.append((tab, job))
            Self.interrupt(tab, &state)
        }
    }

    /// Drops a tab's waiting job and interrupts its running one: its answer could only be stale now (the
    /// view jumped or reloaded), and it would compete with the read a key waits for.
    func cancel(for tab: Tab) {
        worker.withLock { state in
            state.shared.pending.removeAll { $0.tab == tab }
            Self.interrupt(tab, &state)
        }
    }

    private static func interrupt(_ tab: Tab, _ state: inout Worker<Jobs>.State) {
        guard state.shared.running == tab else { return }
        state.shared.interrupted = true
        state.interruptWork()
    }

    /// Whether a job is waiting or running: the caller looks for answers more often meanwhile.
    var isBusy: Bool {
        worker.withLock { $0.shared.running != nil || !$0.shared.pending.isEmpty || !$0.shared.results.isEmpty }
    }

    func takeResults() -> [Action] {
        worker.withLock { state in
            let taken = state.shared.results
            state.shared.results = []
            return taken
        }
    }

    /// Stops the worker (interrupting what it runs) and waits until its thread has ended; again, nothing.
    func shutdown() { worker.shutdown() }

    private static func work(_ opened: Result<AuditSource, any Error>, _ state: Guarded<Worker<Jobs>.State>) {
        let source: AuditSource
        switch opened {
        case .success(let opened): source = opened
        case .failure(let error):
            state.withLock { state in
                state.shared.results.append(.failed("\(error)"))
                state.shared.pending = []
            }
            state.wait(until: { $0.stopping }) { _ in }
            return
        }
        while true {
            let next: Job? = state.wait(until: { !$0.shared.pending.isEmpty || $0.stopping }) { state in
                guard !state.stopping else {
                    state.shared.pending = []
                    return nil
                }
                let next = state.shared.pending.removeFirst()
                state.shared.running = next.tab
                state.shared.interrupted = false
                return next.job
            }
            guard let job = next else { return }
            let answer: Action
            do { answer = try job(source) } catch { answer = .failed("\(error)") }
            state.withLock { state in
                state.shared.running = nil
                // An interrupted job's answer (an error, or a stale page) is dropped: a newer job replaced it.
                if !state.shared.interrupted, !state.stopping { state.shared.results.append(answer) }
            }
        }
    }
}
