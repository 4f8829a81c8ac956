import AuditBrowser
import AuditStore
import Foundation

/// The commands' looks (show, state, export, report, review, note list): each is recorded through this
/// process's recorder before its output is written; when it cannot be, the command writes nothing and exits 1
/// with one line. The recorder exists only in the shared set-up (privileged mode, the drop directory); a single
/// user with their own store has none and nothing is recorded.
enum Looks {
    private static let current = Locked<(any AccessRecorder)?>(nil)

    /// This process's recorder (set once, before a command runs; the browser's session gets the same).
    static var recorder: (any AccessRecorder)? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// Records a look now: its time the clock's, its file absolute.
    static func record(_ event: AccessEvent) throws {
        guard let recorder else { return }
        var event = event
        event.time = Timestamp(microseconds: SystemClock.nowMicroseconds())
        if let file = event.file, file != "-" {
            event.file = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        } else {
            event.file = nil
        }
        do {
            try recorder.record(event)
        } catch {
            throw CommandError.failure("not shown: this look could not be recorded (\(error))")
        }
    }

    /// A look at a view as a command names it: its scope from the filters' entity (resolved to its id), the
    /// filters in the filter language.
    static func view(_ action: AccessAction, _ query: RecordQuery, clock: Clock, count: Int? = nil, file: String? = nil) -> AccessEvent {
        let scope: AccessScope = query.customer.map { .customer($0) } ?? query.subscription.map { .subscription($0) }
            ?? query.admin.map { .admin($0) } ?? .overall
        return AccessEvent(action: action, scope: scope, filters: QueryText.format(query, clock: clock), words: query.words,
                           count: count, file: file)
    }
}
