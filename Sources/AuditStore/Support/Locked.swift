import Foundation

/// A value only ever touched under its lock: the one place shared mutable state lives (as swift-nio's
/// `NIOLockedValueBox`). `@unchecked Sendable` is sound because `value` is private and every access goes
/// through `withLock`, which holds `lock` for its whole duration.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    @discardableResult
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A value guarded by a condition variable: `withLock` to read or change it (waking any waiter), `wait`
/// to sleep until a predicate on it holds. `@unchecked Sendable` is sound for the same reason as
/// `Locked`: the value is private and only touched with `condition` held.
public final class Guarded<Value>: @unchecked Sendable {
    private var value: Value
    private let condition = NSCondition()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value under the lock, then wakes every waiter (the value may have changed).
    @discardableResult
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Waits until `ready` holds or `timeout` seconds pass; whether it holds.
    public func wait(until ready: (Value) -> Bool, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !ready(value) {
            if !condition.wait(until: deadline) { return ready(value) }
        }
        return true
    }

    /// Waits until `ready` holds, then runs `body` under the same lock (and wakes every waiter).
    @discardableResult
    public func wait<T>(until ready: (Value) -> Bool, then body: (inout Value) throws -> T) rethrows -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        while !ready(value) { condition.wait() }
        return try body(&value)
    }
}
