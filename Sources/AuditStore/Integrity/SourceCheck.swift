/// `verify SOURCES…`: the logs read again (every form `import` takes) and each record looked up in the
/// store by what identifies it (time, fingerprint, its occurrence in the source): present and identical
/// (its content gives the same digest as the stored row's), different in the store, or missing from it;
/// then the stored records no given source holds. Nothing is written.
public struct SourceCheck: Sendable {
    public struct Example: Sendable, Equatable {
        public var line: Int
        /// The stored record's id, when there is one.
        public var id: Int64?
        public var time: Timestamp
        public var message: String
        /// For a record different in the store: the columns whose stored value is not the log's.
        public var columns: [String] = []
    }

    public var path: String
    public var identical = 0
    public var missing = 0
    public var different = 0
    /// Records (or lines) that could not be read: `import` would skip them too.
    public var unreadable = 0
    public var missingExamples: [Example] = []
    public var differentExamples: [Example] = []

    public static let examples = 5
}

public struct StoreComparison: Sendable {
    public var sources: [SourceCheck] = []
    /// Stored records that no given source holds, and the first few (id, time, message).
    public var onlyInStore = 0
    public var onlyInStoreExamples: [(id: Int64, time: Timestamp, message: String)] = []

    /// Nothing read from the sources is missing from the store or different in it.
    public var storeHoldsTheSources: Bool { sources.allSatisfy { $0.missing == 0 && $0.different == 0 } }
}

extension AuditStore {
    public func compare(sources paths: [String], options: ImportOptions = ImportOptions()) throws -> StoreComparison {
        try read { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let maximum = try db.scalarInt("SELECT coalesce(max(id), 0) FROM records") ?? 0
            var seen = [UInt64](repeating: 0, count: Int(maximum / 64) + 1)
            var comparison = StoreComparison()
            let lookup = try db.prepared("""
                SELECT \(ChainContent.selectSQL) FROM records r
                WHERE r.time_us = ? AND r.fingerprint = ? AND r.occurrence = ?
                """)
            let row = ChainContent.Positions(lookup)
            for path in paths {
                var check = SourceCheck(path: path)
                let reader: LineReader
                do { reader = try LineReader(path: path); reader.keepsCarriageReturn = true } catch let error as StoreError {
                    throw StoreError("\(path): \(error.description)")
                }
                var framing = RecordFraming(startsRecord: { options.lineFormat.startsRecord($0) })
                var parser = UnitParser(options: options)
                var units: [RecordFraming.Unit] = []
                var occurrences: [UInt64: Int64] = [:]

                func compare(_ prepared: PreparedRecord, line: Int) throws {
                    let occurrence = occurrences[prepared.fingerprint, default: 0]
                    occurrences[prepared.fingerprint] = occurrence + 1
                    let record = prepared.record
                    lookup.reset()
                    lookup.bind([.int(record.time.microseconds), .int(Int64(bitPattern: prepared.fingerprint)), .int(occurrence)])
                    guard try lookup.step() else {
                        check.missing += 1
                        if check.missingExamples.count < SourceCheck.examples {
                            check.missingExamples.append(.init(line: line, id: nil, time: record.time,
                                                               message: record.message))
                        }
                        return
                    }
                    let id = lookup.int64(at: row.id)
                    if id <= maximum { seen[Int(id / 64)] |= 1 << UInt64(id % 64) }
                    if ChainContent.digest(of: lookup, at: row) == prepared.contentDigest {
                        check.identical += 1
                    } else {
                        check.different += 1
                        if check.differentExamples.count < SourceCheck.examples {
                            check.differentExamples.append(.init(line: line, id: id, time: record.time,
                                                                 message: record.message,
                                                                 columns: ChainContent.differingColumns(lookup, at: row, prepared)))
                        }
                    }
                    lookup.reset()
                }
                func take() throws {
                    for unit in units {
                        let line: Int
                        switch unit {
                        case .text(_, let at), .json(_, let at), .unclosed(let at), .problem(let at, _): line = at
                        case .stray(let from, _, _): line = from
                        }
                        switch parser.outcome(unit) {
                        case .records(let records): for record in records { try compare(record, line: line) }
                        case .problem, .stray: check.unreadable += 1
                        case .recordsThenStray(let records, _, _, _):
                            for record in records { try compare(record, line: line) }
                            check.unreadable += 1
                        }
                    }
                    units.removeAll(keepingCapacity: true)
                }
                while try reader.withNextLine({ framing.feed($0, number: reader.lineNumber, into: &units) }) != nil {
                    if units.count >= 256 { try take() }
                }
                framing.finish(into: &units)
                try take()
                comparison.sources.append(check)
            }
            let all = try db.prepared("SELECT id, time_us, message FROM records ORDER BY id")
            while try all.step() {
                let id = all.int64("id")
                guard id > maximum || seen[Int(id / 64)] & (1 << UInt64(id % 64)) == 0 else { continue }
                comparison.onlyInStore += 1
                if comparison.onlyInStoreExamples.count < SourceCheck.examples {
                    comparison.onlyInStoreExamples.append((id, Timestamp(microseconds: all.int64("time_us")), all.text("message")))
                }
            }
            return comparison
        }
    }
}
