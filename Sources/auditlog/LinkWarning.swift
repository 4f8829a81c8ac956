import AuditBrowser
import AuditStore

/// An export or a report checks the hash-chain links of the records it writes and warns on standard error
/// when one no longer fits (the exit status is left as it is: the file is what the store holds now, and
/// `auditlog verify` says what changed). A reviewer then knows before sending the file on. The records are
/// checked a batch at a time as they are written, so memory stays flat however many there are.
final class LinkWarning {
    private let store: AuditStore
    private var pending: [Int64] = []
    private var problems: [ChainReport.Problem] = []
    private var count = 0
    private static let batch = 5_000
    private static let shown = 3

    init(_ store: AuditStore) { self.store = store }

    /// A record written.
    func add(_ id: Int64) throws {
        pending.append(id)
        if pending.count >= Self.batch { try check() }
    }

    private func check() throws {
        guard !pending.isEmpty else { return }
        let found = try store.brokenLinks(among: pending)
        problems += found.problems.prefix(max(0, Self.shown - problems.count))
        count += found.count
        pending.removeAll(keepingCapacity: true)
    }

    /// After the last record: the warnings, when a record no longer fits (`what`: "this export").
    func warn(_ what: String, clock: Clock) throws {
        try check()
        guard count > 0 else { return }
        func describe(_ id: Int64) -> String {
            guard let record = try? store.recordSummary(id: id) else { return "record \(NumberText.grouped(Int(id)))" }
            return "record \(NumberText.grouped(Int(id))) (\(clock.localText(record.time)) \(Sanitizer.line(record.message)))"
        }
        for problem in problems {
            let why: String
            switch problem {
            case .altered(let id): why = "\(describe(id)) was changed after it was stored"
            case .unlinked(let id): why = "\(describe(id)) was not stored by auditlog (inserted by hand)"
            case .removed(let ids):
                let removed = ids.count == 1 ? "record \(NumberText.grouped(Int(ids.lowerBound))) was"
                    : "records \(NumberText.grouped(Int(ids.lowerBound)))–\(NumberText.grouped(Int(ids.upperBound))) were"
                why = "\(removed) removed before \(describe(ids.upperBound + 1))"
            }
            Console.error("warning: \(what) holds a record that no longer fits the store's hash chain: \(why)")
        }
        if count > problems.count {
            Console.error("warning: … and \(NumberText.grouped(count - problems.count)) more; `auditlog verify` names every problem")
        } else {
            Console.error("warning: `auditlog verify` names every problem in the store")
        }
    }

    /// Every record `query` selects, checked (a report's records: the report counts them, it writes none).
    func addAll(of query: RecordQuery) throws {
        var position: PagePosition = .newest
        while true {
            let page = try store.page(of: query, from: position, limit: 2_000)
            for record in page { try add(record.id) }
            guard page.count == 2_000, let last = page.last else { return }
            position = .olderThan(last.key)
        }
    }
}
