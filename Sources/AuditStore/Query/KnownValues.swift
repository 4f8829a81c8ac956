/// The values a filter can take that only the records know: channels and changed fields. A typed value is
/// checked against them (`auditlog export --channel foo` is an error naming the closest, not an empty
/// export).
extension AuditStore {
    /// Every channel the records have, in order: one probe of `records_by_channel` per channel.
    public func channels() throws -> [String] {
        try distinct(.channel, index: .byChannel)
    }

    /// Every field name a change names, in order: one probe of `records_by_field` per field.
    public func fieldNames() throws -> [String] {
        try distinct(.field, index: .byField)
    }

    /// The values of an indexed column, walking its index from one value to the next (a skip scan).
    private func distinct(_ column: RecordColumn, index: RecordIndex) throws -> [String] {
        try read { db in
            let column = column.rawValue
            // Without the index (a bulk load builds it after its records) one scan is cheaper than a probe per value.
            guard try recordIndexes(db).contains(index) else {
                return try db.texts("SELECT DISTINCT \(column) FROM records WHERE \(column) IS NOT NULL ORDER BY 1")
            }
            let next = try db.prepared("""
                SELECT \(column) FROM records INDEXED BY \(index.name)
                WHERE \(column) IS NOT NULL AND \(column) > ?1 ORDER BY \(column) LIMIT 1
                """)
            var values: [String] = []
            var after = ""
            while true {
                next.bind([.text(after)])
                guard let value = try next.single({ $0.text(column) }) else { break }
                values.append(value)
                after = value
            }
            return values
        }
    }
}

/// Up to `count` of `names` nearest to `text` (any case): those a few edits away, nearest first.
public func nearestNames(to text: String, in names: [String], count: Int = 3) -> [String] {
    let wanted = Array(text.lowercased())
    let allowed = max(2, wanted.count / 3)
    return names.map { (editDistance(wanted, Array($0.lowercased()), limit: allowed), $0) }
        .filter { $0.0 <= allowed }
        .sorted { $0.0 < $1.0 }
        .prefix(count).map(\.1)
}
