/// A thread with a store connection of its own: the one shape of work beside the caller's thread (the
/// browser's background queues and its export, the import beside the browser).
///
/// The worker owns three things and ends them in one order:
/// - the thread, started by `init`, ended when `work` returns;
/// - the connection, opened on that thread by `open` and released there once `work` has returned: no other
///   thread ever sees it;
/// - the connection's interrupt handle, the only part of it other threads may use, and only under the
///   worker's lock (`State.interruptWork`). It is set once the connection is open and cleared, under the
///   same lock, before the connection is released: an interrupt can never reach a closed connection.
///
/// `shutdown` sets `stopping`, interrupts what runs, and waits until the thread has ended (so the connection
/// is closed when it returns). It is idempotent: a second call finds the thread ended and the handle gone,
/// and returns at once. A worker that goes away shuts down. The thread holds the shared state, never the
/// worker, so the owner's last release is what stops it.
public final class Worker<Shared: Sendable>: Sendable {
    /// What the worker's thread and its owner share, under one lock: the owner's part, and the lifetime.
    public struct State: Sendable {
        /// The owner's part: jobs waiting, answers, progress.
        public var shared: Shared
        /// `shutdown` was called: the work should return as soon as it can.
        public internal(set) var stopping = false
        /// The thread has ended and its connection is closed.
        public internal(set) var finished = false
        /// The open connection's interrupt handle: nil before it opens, and from before it closes.
        var interrupt: InterruptHandle?

        /// Stops the statement running on the worker's connection (it throws on the worker's thread); nothing
        /// when the connection is not open. Only reachable with the lock held, which is what makes it sound.
        public func interruptWork() {
            interrupt?.interrupt()
        }
    }

    private let state: Guarded<State>

    /// Starts the thread: it opens its connection with `open`, registers `interrupt`'s handle for it (nil: the
    /// work is never interrupted, it watches `stopping` itself), runs `work` with the connection (or with the
    /// error that prevented it) and the shared state, then clears the handle and releases the connection.
    public init<Source>(name: String, stackSize: Int = 1 << 20, shared: Shared,
                        open: @escaping @Sendable () throws -> Source,
                        interrupt: @escaping @Sendable (Source) -> InterruptHandle?,
                        work: @escaping @Sendable (Result<Source, any Error>, Guarded<State>) -> Void) {
        let state = Guarded(State(shared: shared))
        self.state = state
        startThread(name: name, stackSize: stackSize) {
            Self.run(state, open: open, interrupt: interrupt, work: work)
            // The connection is released: `run`'s frame, the only one that held it, has returned.
            state.withLock { $0.finished = true }
        }
    }

    deinit { shutdown() }

    /// Reads or changes the shared state under the lock (waking the worker if it waits on it).
    @discardableResult
    public func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try state.withLock(body)
    }

    /// Stops the work (interrupting what runs) and waits until the thread has ended and its connection is
    /// closed. Safe to call again, and from several threads.
    public func shutdown() {
        state.withLock { state in
            state.stopping = true
            state.interruptWork()
        }
        state.wait(until: { $0.finished }) { _ in }
    }

    private static func run<Source>(_ state: Guarded<State>, open: () throws -> Source,
                                    interrupt: (Source) -> InterruptHandle?,
                                    work: (Result<Source, any Error>, Guarded<State>) -> Void) {
        let source: Source
        do { source = try open() } catch {
            work(.failure(error), state)
            return
        }
        withExtendedLifetime(source) {
            state.withLock { $0.interrupt = interrupt(source) }
            work(.success(source), state)
            // Before the connection goes: an interrupt from now on finds no handle.
            state.withLock { $0.interrupt = nil }
        }
    }
}
