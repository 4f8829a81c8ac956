import Foundation
import Testing
@testable import AuditStore

/// A worker owns its thread, its connection and the connection's interrupt handle; nothing reaches the
/// connection once it is closed (valgrind saw every browser exit write into a closed connection).
@Suite struct WorkerTests {
    /// A store whose release is seen, and whose interrupt handle counts the calls made after it.
    final class Tracked {
        let store: AuditStore
        let log: Log
        init(_ path: String, _ log: Log) throws {
            store = try AuditStore(path: path, mode: .readWrite)
            self.log = log
        }
        deinit { log.state.withLock { $0.closed = true } }

        var interruptHandle: InterruptHandle {
            let inner = store.interruptHandle, log = log
            return InterruptHandle(reaching: {
                log.state.withLock { if $0.closed { $0.lateInterrupts += 1 } }
                return inner.interrupt()
            })
        }
    }

    final class Log: Sendable {
        struct State: Sendable {
            var closed = false
            var lateInterrupts = 0
            var interrupted = 0
        }
        let state = Locked(State())
    }

    @Test func anInterruptHandleKeptAfterItsStoreIsGoneDoesNothing() throws {
        var store: AuditStore? = try temporaryStore()
        let handle = store!.interruptHandle
        #expect(handle.interrupt()) // the connection is open: reached
        store = nil
        #expect(!handle.interrupt()) // it was closed: the handle reaches nothing (it used to write freed memory)
    }

    @Test func shutdownInterruptsTheRunningStatementAndASecondShutdownReachesNothing() throws {
        let path = temporaryDirectory() + "/audit.db"
        let log = Log()
        let worker = Worker(name: "test", shared: 0, open: { try Tracked(path, log) },
                            interrupt: { $0.interruptHandle }, work: { opened, state in
            guard case .success(let tracked) = opened else { return }
            // A statement that never ends by itself, run again after each interrupt until the worker stops.
            while !state.withLock({ $0.stopping }) {
                do {
                    state.withLock { $0.shared += 1 }
                    _ = try tracked.store.read { db in try db.scalarInt(
                        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n") }
                } catch let error as StoreError where error.isInterrupt {
                    log.state.withLock { $0.interrupted += 1 }
                } catch {}
            }
        })
        // Interrupting from here stops the statement on the worker's connection (asked until it is running).
        let deadline = Date().addingTimeInterval(10)
        while log.state.withLock({ $0.interrupted }) == 0, Date() < deadline {
            worker.withLock { $0.interruptWork() }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(log.state.withLock { $0.interrupted } >= 1)
        worker.shutdown() // interrupts the statement that runs now, and waits
        #expect(log.state.withLock { $0.closed })
        #expect(worker.withLock { $0.finished })
        worker.shutdown() // again (a queue's deinit after its owner's shutdown): the handle is gone
        worker.withLock { $0.interruptWork() }
        #expect(log.state.withLock { $0.lateInterrupts } == 0)
    }

    @Test func aConnectionThatCannotOpenIsTheWorksError() throws {
        let failure = Locked<String?>(nil)
        let worker = Worker(name: "test", shared: 0, open: { try AuditStore(path: "/nonexistent/audit.db", mode: .readOnly) },
                            interrupt: { $0.interruptHandle }, work: { opened, _ in
            if case .failure(let error) = opened { failure.withLock { $0 = "\(error)" } }
        })
        worker.shutdown()
        #expect(failure.withLock { $0 }?.contains("no database at /nonexistent/audit.db") == true)
    }
}
