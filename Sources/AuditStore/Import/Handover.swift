import Foundation

/// A bounded hand-over between the thread that reads and parses a source and the one that writes:
/// the reader waits when the writer is `capacity` chunks behind, the writer when nothing is ready.
final class Handover<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) { self.capacity = capacity }

    /// Hands over one element; false once the writer has stopped listening.
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The reader is done (with the error that stopped it, if any).
    func finish(_ error: Error? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The writer stops listening (it failed): the reader's next `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next element; nil at the end. Throws the reader's error.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !finished { condition.wait() }
        if !items.isEmpty {
            let element = items.removeFirst()
            condition.broadcast()
            return element
        }
        if let failure { throw failure }
        return nil
    }
}
