/// A bounded hand-over between the thread that reads and parses a source and the one that writes:
/// the reader waits when the writer is `capacity` chunks behind, the writer when nothing is ready.
final class Handover<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var finished = false
        var cancelled = false
        var failure: (any Error & Sendable)?
    }

    private let state = Guarded(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Hands over one element; false once the writer has stopped listening.
    func put(_ element: Element) -> Bool {
        state.wait(until: { $0.items.count < capacity || $0.cancelled }) { state in
            guard !state.cancelled else { return false }
            state.items.append(element)
            return true
        }
    }

    /// The reader is done (with the error that stopped it, if any).
    func finish(_ error: (any Error & Sendable)? = nil) {
        state.withLock {
            $0.finished = true
            $0.failure = error
        }
    }

    /// The writer stops listening (it failed): the reader's next `put` returns false.
    func cancel() {
        state.withLock { $0.cancelled = true }
    }

    /// The next element; nil at the end. Throws the reader's error.
    func take() throws -> Element? {
        try state.wait(until: { !$0.items.isEmpty || $0.finished }) { state in
            if !state.items.isEmpty { return state.items.removeFirst() }
            if let failure = state.failure { throw failure }
            return nil
        }
    }
}
