import AuditStore

/// An expanded record's lines, built once per record, width and mode: building them parses the context
/// JSON and the PHP values, diffs them and wraps the lines, and every height question (each key that
/// moves the view) and every frame asks again. One cache per log; it is a memo of a pure function, so
/// copies of the log (the history) may share it.
public final class ExpansionCache: Sendable {
    struct Key: Hashable {
        let id: Int64
        let width: Int
        let raw: Bool
        /// The request's records as loaded so far (-1: not yet).
        let request: Int
        let ascii: Bool
        /// Its notes (a note written meanwhile shows at once).
        let notes: Int
        /// Revealed to an agent (`v`): the same record, now unmasked.
        let revealed: Bool
    }

    private let entries = Locked([Key: [StyledLine]]())
    static let capacity = 512

    public init() {}

    func lines(for record: AuditRecord, width: Int, raw: Bool, request: [AuditRecord]?, clock: Clock,
               glyphs: Glyphs) -> [StyledLine] {
        let key = Key(id: record.id, width: width, raw: raw, request: request?.count ?? -1, ascii: glyphs.ascii,
                      notes: record.notes.count, revealed: record.revealed)
        if let known = entries.withLock({ $0[key] }) { return known }
        let built = ExpansionView.lines(for: record, width: width, raw: raw, request: request, clock: clock,
                                        glyphs: glyphs)
        entries.withLock {
            if $0.count >= Self.capacity { $0.removeAll(keepingCapacity: true) }
            $0[key] = built
        }
        return built
    }
}
