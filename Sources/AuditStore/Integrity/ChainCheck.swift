/// What `verify` found walking the hash chain.
public struct ChainReport: Sendable {
    public enum Problem: Equatable, Sendable {
        /// The record's content (or its link) was changed after it was stored.
        case altered(id: Int64)
        /// The record has no link: it was not stored by auditlog (inserted by hand).
        case unlinked(id: Int64)
        /// These records were removed (with their links, or leaving them).
        case removed(ids: ClosedRange<Int64>)

        /// The first id the problem concerns.
        public var id: Int64 {
            switch self {
            case .altered(let id), .unlinked(let id): id
            case .removed(let ids): ids.lowerBound
            }
        }
    }

    /// Records in the store.
    public var records = 0
    /// The first problems found, in id order (at most `kept`), and how many there are in all.
    public var problems: [Problem] = []
    public var problemCount = 0
    /// The newest link (hex) and its record's id; nil for an empty store.
    public var head: (link: String, id: Int64)?
    /// With a head to look for: the record whose link it is, if any.
    public var headRecord: Int64?

    public static let kept = 20

    public var isWhole: Bool { problemCount == 0 }

    /// The first problem's id (the walk goes in id order).
    public private(set) var firstProblemID: Int64?

    /// Whether the records up to the looked-for head are as they were when it was written.
    public var headHolds: Bool {
        guard let headRecord else { return false }
        return firstProblemID.map { $0 > headRecord } ?? true
    }

    mutating func add(_ problem: Problem) {
        if firstProblemID == nil { firstProblemID = problem.id }
        // Neighbouring removed records are one problem.
        if case .removed(let new) = problem, case .removed(let last)? = problems.last, last.upperBound + 1 == new.lowerBound {
            problems[problems.count - 1] = .removed(ids: last.lowerBound...new.upperBound)
            return
        }
        problemCount += 1
        if problems.count < Self.kept { problems.append(problem) }
    }
}

extension ChainReport {
    /// Walks items (rows with an `id`) beside their links, both in id order: each item's link is computed
    /// from the previous stored link (`link`) and compared with its own. A link without its item is an item
    /// removed; an item without a link was inserted by hand. With `wanted` (hex), finds the item whose link it is.
    static func walk(items: Statement, links: Statement, wanted: String?,
                     link: (Statement, [UInt8]) -> [UInt8]) throws -> ChainReport {
        var report = ChainReport()
        let itemIDAt = items.position(of: "id")
        let linkIDAt = links.position(of: "id"), linkBytes = links.position(of: "link")
        var hasItem = try items.step()
        var hasLink = try links.step()
        var previous = HashChain.genesis
        var previousID: Int64 = 0
        var headID: Int64 = 0
        let wanted = wanted?.lowercased()
        while hasItem || hasLink {
            let itemID = hasItem ? items.int64(at: itemIDAt) : Int64.max
            let linkID = hasLink ? links.int64(at: linkIDAt) : Int64.max
            let id = min(itemID, linkID)
            let stored = linkID == id ? links.bytes(at: linkBytes) ?? [] : nil
            if let stored {
                if let wanted, wanted.count >= 16, stored.hex.hasPrefix(wanted) { report.headRecord = id }
                if itemID == id {
                    report.records += 1
                    if link(items, previous) != stored {
                        // Ids are never reused nor skipped by an import: a gap is records removed with their links.
                        if id > previousID + 1 { report.add(.removed(ids: (previousID + 1)...(id - 1))) }
                        else { report.add(.altered(id: id)) }
                    }
                } else {
                    report.add(.removed(ids: id...id))
                }
                previous = stored
                previousID = id
                headID = id
            } else {
                report.records += 1
                report.add(.unlinked(id: id))
                previousID = id
            }
            if itemID == id { hasItem = try items.step() }
            if linkID == id { hasLink = try links.step() }
        }
        if headID > 0 { report.head = (previous.hex, headID) }
        return report
    }
}

extension AuditStore {
    /// Walks the hash chain over every record in id order (the order they were stored) and names what no
    /// longer fits: a record changed, removed or added by hand. With `head` (hex, as a report wrote it, or
    /// its first 16 or more digits), also finds the record whose link it is.
    public func verifyChain(head wanted: String? = nil) throws -> ChainReport {
        try read { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let records = try db.prepared("SELECT \(ChainContent.selectSQL) FROM records r ORDER BY r.id")
            let links = try db.prepared("SELECT id, link FROM record_links ORDER BY id")
            let row = ChainContent.Positions(records)
            return try ChainReport.walk(items: records, links: links, wanted: wanted) { records, previous in
                HashChain.link(after: previous, id: records.int64(at: row.id), occurrence: records.int64(at: row.occurrence),
                               content: ChainContent.digest(of: records, at: row))
            }
        }
    }

    /// Runs `body` on one snapshot of the store: an export or report and the chain head it writes agree,
    /// whatever an import adds meanwhile.
    public func inSnapshot<T>(_ body: () throws -> T) throws -> T {
        try read { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            _ = try db.scalarInt("SELECT count(*) FROM store_state") // the snapshot starts at the first read
            return try body()
        }
    }

    /// A stored record's time and message, to name it in a report.
    public func recordSummary(id: Int64) throws -> (time: Timestamp, message: String)? {
        try read { db in
            try db.prepared("SELECT time_us, message FROM records WHERE id = ?").bind([.int(id)])
                .single { (Timestamp(microseconds: $0.int64("time_us")),
                           role.masksPersonalData ? PersonalData.maskingEmails(in: $0.text("message")) : $0.text("message")) }
        }
    }

    /// The chain's head now (hex) and its record's id: what a report or export made now writes.
    public func chainHead() throws -> (link: String, id: Int64)? {
        try read { db in
            let (link, id) = try HashChain.head(db)
            return id == 0 ? nil : (link.hex, id)
        }
    }
}

extension AuditStore {
    /// The records among `ids` (an export's or a report's) whose link no longer fits the chain, checked as
    /// `verifyChain` checks each (against the stored link before it): the first `ChainReport.kept`, and how
    /// many in all. `verify` walks the whole chain; this costs one lookup and two hashes per record.
    public func brokenLinks(among ids: [Int64]) throws -> (problems: [ChainReport.Problem], count: Int) {
        try read { db in
            let row = try db.prepared("""
                SELECT \(ChainContent.selectSQL), l.link AS link,
                       (SELECT p.id FROM record_links p WHERE p.id < r.id ORDER BY p.id DESC LIMIT 1) AS previous_id,
                       (SELECT p.link FROM record_links p WHERE p.id < r.id ORDER BY p.id DESC LIMIT 1) AS previous_link
                FROM records r LEFT JOIN record_links l ON l.id = r.id WHERE r.id = ?
                """)
            let columns = ChainContent.Positions(row)
            let link = row.position(of: "link"), previousIDAt = row.position(of: "previous_id"),
                previousLink = row.position(of: "previous_link")
            var problems: [ChainReport.Problem] = []
            var count = 0
            for id in ids {
                row.reset()
                guard try row.bind([.int(id)]).step() else { continue }
                let problem: ChainReport.Problem?
                if let stored = row.bytes(at: link) {
                    let previousID = row.int64OrNil(at: previousIDAt) ?? 0
                    let computed = HashChain.link(after: row.bytes(at: previousLink) ?? HashChain.genesis, id: id,
                                                  occurrence: row.int64(at: columns.occurrence),
                                                  content: ChainContent.digest(of: row, at: columns))
                    problem = computed == stored ? nil
                        : previousID < id - 1 ? .removed(ids: (previousID + 1)...(id - 1)) : .altered(id: id)
                } else {
                    problem = .unlinked(id: id)
                }
                guard let problem else { continue }
                count += 1
                if problems.count < ChainReport.kept { problems.append(problem) }
            }
            row.reset()
            return (problems, count)
        }
    }
}
