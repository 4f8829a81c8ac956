#if canImport(Glibc)
import Glibc
#endif

/// A value only ever touched under its lock: the one place shared mutable state lives (as swift-nio's
/// `NIOLockedValueBox`). `@unchecked Sendable` is sound because `value` is private and every access goes
/// through `withLock`, which holds the mutex for its whole duration. The value must itself be `Sendable`
/// (as `NIOLockedValueBox` asks): a lock orders accesses, it does not make a class reference or a raw
/// pointer safe to use from the thread that reads it out. (pthreads, not Foundation's locks: the shipped
/// binary links no more of Foundation than it needs.)
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let mutex = Mutex()

    public init(_ value: Value) { self.value = value }

    @discardableResult
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}

/// A value guarded by a condition variable: `withLock` to read or change it (waking any waiter), `wait`
/// to sleep until a predicate on it holds. `@unchecked Sendable` is sound for the same reason as
/// `Locked`: the value is private, `Sendable`, and only touched with the mutex held.
public final class Guarded<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let mutex = Mutex()
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    public init(_ value: Value) {
        self.value = value
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Runs `body` on the value under the lock, then wakes every waiter (the value may have changed).
    @discardableResult
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        mutex.lock()
        defer {
            pthread_cond_broadcast(condition)
            mutex.unlock()
        }
        return try body(&value)
    }

    /// Waits until `ready` holds or `timeout` seconds pass; whether it holds.
    public func wait(until ready: (Value) -> Bool, timeout: Double) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(deadline.tv_nsec) + Int(timeout * 1_000_000_000)
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        mutex.lock()
        defer { mutex.unlock() }
        while !ready(value) {
            if pthread_cond_timedwait(condition, mutex.pointer, &deadline) == ETIMEDOUT { return ready(value) }
        }
        return true
    }

    /// Waits until `ready` holds, then runs `body` under the same lock (and wakes every waiter).
    @discardableResult
    public func wait<T>(until ready: (Value) -> Bool, then body: (inout Value) throws -> T) rethrows -> T {
        mutex.lock()
        defer {
            pthread_cond_broadcast(condition)
            mutex.unlock()
        }
        while !ready(value) { pthread_cond_wait(condition, mutex.pointer) }
        return try body(&value)
    }
}

/// A pthread mutex at a stable address.
final class Mutex {
    let pointer: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        pointer = .allocate(capacity: 1)
        pthread_mutex_init(pointer, nil)
    }

    deinit {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }

    func lock() { pthread_mutex_lock(pointer) }
    func unlock() { pthread_mutex_unlock(pointer) }
}

/// Starts a detached thread running `body`: the import's reader, the browser's background queues. (`name`
/// says what it is for in the code that starts it.)
public func startThread(name: String, stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable { // handed to the new thread once, never shared
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, _ name: String) { self.body = body; self.name = name }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let box = Unmanaged.passRetained(Box(body, name)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(&thread, &attributes, { argument in
        let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    pthread_attr_destroy(&attributes)
    precondition(started == 0, "cannot start a thread: \(started)")
}
