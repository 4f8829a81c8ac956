import AuditBrowser
import AuditStore
import FoundationEssentials

/// `auditlog FILE…`: the files are imported on a thread of their own while the browser is open, on a
/// connection of its own (the browser's readers see each committed batch), then followed as `tail -F`
/// does (`LogFollower`), so new records appear as they are logged. Its progress is a line for the status
/// bar; `stop` ends it at the next chunk or poll, keeping everything read, and waits for it.
final class BackgroundImport: Sendable {
    private struct State {
        var status: String?
        var stop = false
        var finished = false
    }

    private let state = Guarded(State())

    init(files: [String], database path: String, options: ImportOptions) {
        let state = self.state
        var configured = options
        configured.shouldStop = { state.withLock { $0.stop } }
        configured.progressEvery = 2_000
        configured.indexSearchText = false // every file's records first, then the search index
        let options = configured
        startThread(name: "import", stackSize: 16 << 20) {
            defer { state.withLock { $0.finished = true } }
            do {
                let store = try AuditStore(path: path, mode: .readWrite)
                var total = 0
                var skipped = 0
                var ends: [String: Int64] = [:]
                for (index, file) in files.enumerated() {
                    if state.withLock({ $0.stop }) { return }
                    let name = URL(fileURLWithPath: file).lastPathComponent
                    let count = files.count > 1 ? " \(index + 1)/\(files.count)" : ""
                    state.withLock { $0.status = "importing\(count) \(name)" }
                    do {
                        let summary = try store.importSource(path: file, options: options, progress: { summary in
                            let done = NumberText.grouped(total + summary.imported + summary.alreadyStored)
                            state.withLock { $0.status = "importing\(count) \(name) · \(done) records" }
                        })
                        total += summary.imported + summary.alreadyStored
                        skipped += summary.skipped
                        if let end = summary.endOffset { ends[file] = end }
                    } catch {
                        skipped += 1 // a file that cannot be read: the command line says which (`auditlog import`)
                    }
                }
                let problems = skipped > 0 ? " (\(NumberText.grouped(skipped)) not readable: `auditlog import` says why)" : ""
                let imported = "imported \(NumberText.grouped(total)) records"
                try store.indexPendingText(shouldStop: options.shouldStop, progress: { done, remaining in
                    let percent = Int64(done) * 100 / max(1, Int64(done) + remaining)
                    state.withLock { $0.status = imported + " · indexing for search \(percent) %" + problems }
                })
                state.withLock { $0.status = "imported \(NumberText.grouped(total)) records" + problems }
                // Then what the live files get, twice a second, until the browser closes.
                let live = files.filter { Compression.of(path: $0) == nil }
                guard !live.isEmpty else { return }
                let follower = LogFollower(store: store, paths: live, startingAt: ends, options: options)
                var followed = 0
                while !state.withLock({ $0.stop }) {
                    followed += (try? follower.poll()) ?? 0
                    if followed > 0 {
                        state.withLock { $0.status = "imported \(NumberText.grouped(total)) records · following: "
                            + "\(NumberText.grouped(followed)) new" + problems }
                    }
                    _ = state.wait(until: { $0.stop }, timeout: 0.5)
                }
            } catch {
                state.withLock { $0.status = "import failed: \(error)" }
            }
        }
    }

    var status: String? { state.withLock { $0.status } }

    /// Stops at the next chunk (what was read is committed) and waits for the thread.
    func stop() {
        state.withLock { $0.stop = true }
        state.wait(until: { $0.finished }) { _ in }
    }
}
