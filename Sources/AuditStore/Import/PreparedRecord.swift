/// A parsed record with every stored column worked out: the Swift-side work of an import (JSON text,
/// fingerprint, links), done on the reading thread so the writing thread only writes.
struct PreparedRecord: Sendable {
    let time: Int64
    let channel: String
    let level: Int
    let levelName: String
    let message: String
    let context: String
    let extra: String
    let customerID: String?
    let subscriptionID: String?
    let adminID: String?
    let requestUID: String?
    let change: FieldChange?
    let fingerprint: UInt64
    /// What the hash chain covers of it (`ChainContent`), worked out here, off the writing thread.
    private(set) var contentDigest: [UInt8] = []

    init(_ record: ParsedRecord) {
        time = record.time.microseconds
        channel = record.channel
        level = record.level
        levelName = record.levelName
        message = record.message
        context = record.context.compactText
        extra = record.extra.compactText
        customerID = record.customerID
        subscriptionID = record.subscriptionID
        adminID = record.adminID
        requestUID = record.requestUID
        change = record.change
        fingerprint = Fingerprint.of(record, context: context, extra: extra)
        contentDigest = ChainContent.digest(of: self)
    }
}
