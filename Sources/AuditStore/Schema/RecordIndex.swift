/// The records table's indexes, declared once: their names (a query names the one it walks with
/// `INDEXED BY`), their definitions (the schema's migrations and a bulk load's rebuild create them from
/// these), and which a bulk load drops and builds again (`BulkLoad`).
enum RecordIndex: String, CaseIterable, Sendable {
    /// Identity: re-imports add nothing. Led by time, so an import of time-ordered logs writes its end.
    case identity = "records_identity"
    case byTime = "records_by_time"
    case byOwner = "records_by_owner"
    case bySubscription = "records_by_subscription"
    case byAdmin = "records_by_admin"
    case byChannel = "records_by_channel"
    case byRequest = "records_by_request"
    /// One field's history (`field:`), in time order (schema 2).
    case byField = "records_by_field"
    /// Warnings and worse in time order, a few per cent of the records (schema 4).
    case byWarning = "records_by_warning"
    /// A record by its reference (`RecordRef`): a reference's prefix is a range of fingerprints (schema 9).
    case byFingerprint = "records_by_fingerprint"

    var name: String { rawValue }

    /// What follows `CREATE INDEX name`.
    var definition: String {
        switch self {
        case .identity: "ON records(time_us, fingerprint, occurrence)"
        case .byTime: "ON records(time_us, id)"
        case .byOwner: "ON records(owner_customer, time_us, id) WHERE owner_customer IS NOT NULL"
        case .bySubscription: "ON records(subscription_id, time_us, id) WHERE subscription_id IS NOT NULL"
        case .byAdmin: "ON records(admin_id, time_us, id) WHERE admin_id IS NOT NULL"
        case .byChannel: "ON records(channel, time_us, id)"
        case .byRequest: "ON records(request_uid) WHERE request_uid IS NOT NULL"
        case .byField: "ON records(field, time_us, id) WHERE field IS NOT NULL"
        case .byWarning: "ON records(time_us, id) WHERE level >= 300"
        case .byFingerprint: "ON records(fingerprint)"
        }
    }

    var createSQL: String {
        "CREATE \(self == .identity ? "UNIQUE " : "")INDEX IF NOT EXISTS \(name) \(definition)"
    }

    /// Dropped by a bulk load and built from sorted keys after it. The time-led indexes stay, so duplicates
    /// are refused as they come and the Overall log browses throughout.
    var deferredByBulkLoad: Bool { self != .identity && self != .byTime }

    static let deferred = allCases.filter(\.deferredByBulkLoad)

    /// Whether a page names it in `INDEXED BY` (a request's few records are left to the planner).
    var named: Bool { self != .byRequest }
}
