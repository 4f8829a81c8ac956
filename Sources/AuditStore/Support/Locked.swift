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
