/// A record read from a source (`AuditRecord`, its stored columns worked out) with what only an import needs:
/// its fingerprint and what the hash chain covers of it. Made on the reading thread, so the writing thread only
/// writes.
struct PreparedRecord: Sendable {
    let record: AuditRecord
    let fingerprint: UInt64
    /// What the hash chain covers of it (`ChainContent`), worked out here, off the writing thread.
    let contentDigest: [UInt8]

    init(_ record: AuditRecord) {
        self.record = record
        fingerprint = Fingerprint.of(record)
        contentDigest = ChainContent.digest(of: record, fingerprint: fingerprint)
    }
}
