import AuditStore
import Foundation

/// Store questions that may be slow (counts, text searches) run on their own thread and connection, so
/// a key never waits for them. A new job for a tab replaces that tab's waiting job and interrupts its
/// running one; answers are collected between keys.
final class BackgroundQueue: @unchecked Sendable {
    typealias Job = (AuditSource) throws -> Action

    private let lock = NSCondition()
    private var pending: [(tab: Tab, job: Job)] = []
    private var results: [Action] = []
    private var source: AuditSource?
    private var running: Tab?
    private var interrupted = false

    init(name: String, open: @escaping @Sendable () throws -> AuditSource) {
        let thread = Thread { [unowned self] in self.work(open: open) }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func submit(for tab: Tab, _ job: @escaping Job) {
        lock.lock()
        pending.removeAll { $0.tab == tab }
        pending.append((tab, job))
        if running == tab {
            interrupted = true
            source?.interrupt()
        }
        lock.signal()
        lock.unlock()
    }

    /// Whether a job is waiting or running: the caller looks for answers more often meanwhile.
    var isBusy: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running != nil || !pending.isEmpty || !results.isEmpty
    }

    func takeResults() -> [Action] {
        lock.lock()
        defer { lock.unlock() }
        let taken = results
        results = []
        return taken
    }

    private func work(open: () throws -> AuditSource) {
        let opened: AuditSource
        do { opened = try open() } catch {
            lock.lock()
            results.append(.failed("\(error)"))
            pending = []
            lock.unlock()
            return
        }
        lock.lock()
        source = opened
        lock.unlock()
        while true {
            lock.lock()
            while pending.isEmpty { lock.wait() }
            let (tab, job) = pending.removeFirst()
            running = tab
            interrupted = false
            lock.unlock()
            let answer: Action
            do { answer = try job(opened) } catch { answer = .failed("\(error)") }
            lock.lock()
            running = nil
            // An interrupted job's answer (an error, or a stale page) is dropped: a newer job replaced it.
            if !interrupted { results.append(answer) }
            lock.unlock()
        }
    }
}
