/// A record read from a source (an `AuditRecord`, every stored column worked out) with what the hash chain
/// covers of it (`ChainContent`), worked out on the reading thread, so the writing thread only writes.
struct PreparedRecord: Sendable {
    let record: AuditRecord
    let contentDigest: [UInt8]

    init(_ record: AuditRecord) {
        self.record = record
        contentDigest = ChainContent.digest(of: record)
    }

    var fingerprint: UInt64 { record.ref.fingerprint }
}
