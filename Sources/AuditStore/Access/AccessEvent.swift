/// A look at the audit trail, as the shared server records it (issue "who looked"): what was looked at, when,
/// and how. The user is never part of it: a drop file's owner (set by the kernel) says who, and the ingester
/// stores that login beside it (`AccessRecord`).
public struct AccessEvent: Equatable, Hashable, Sendable {
    public var action: AccessAction
    /// When (the clock of the process that wrote it).
    public var time: Timestamp
    public var scope: AccessScope
    /// The filter as typed (empty: none).
    public var filters: String
    /// The search words of the filter (`"two words"` as one).
    public var words: [String]
    /// Records shown or written, where known before the look (an export's or report's records).
    public var count: Int?
    /// The file written (absolute), for export, report and review.
    public var file: String?
    /// The record looked at (its reference), for expand, state and reveal.
    public var record: String?
    /// Why, as typed (a reveal).
    public var reason: String?

    public init(action: AccessAction, time: Timestamp = Timestamp(microseconds: 0), scope: AccessScope = .overall,
                filters: String = "", words: [String] = [], count: Int? = nil, file: String? = nil,
                record: String? = nil, reason: String? = nil) {
        self.action = action
        self.time = time
        self.scope = scope
        self.filters = filters
        self.words = words
        self.count = count
        self.file = file
        self.record = record
        self.reason = reason
    }
}

/// What kind of look.
public enum AccessAction: String, CaseIterable, Hashable, Sendable {
    /// A log opened: a tab, an entity's log, a filter or search applied.
    case view
    /// A record's expansion (its context, its change, its request).
    case expand
    /// An entity's fields as of a moment (`t`, `auditlog state`).
    case state
    /// `auditlog show`: records by reference.
    case show
    /// Records written to a file (`e`, `auditlog export`).
    case export
    /// `auditlog report`.
    case report
    /// `auditlog review` or the browser's `!`.
    case review
    /// A masked value shown, with a reason.
    case reveal
    /// A view's notes listed (`W`, `auditlog note list`).
    case notes
}

/// Whose data a look is about: everything, or one customer, subscription or billing admin (by id).
public enum AccessScope: Hashable, Sendable, CustomStringConvertible {
    case overall
    case customer(String)
    case subscription(String)
    case admin(String)

    /// `overall`, `customer`, `subscription`, `admin`: as stored and written.
    public var kind: String {
        switch self {
        case .overall: "overall"
        case .customer: "customer"
        case .subscription: "subscription"
        case .admin: "admin"
        }
    }

    public var id: String? {
        switch self {
        case .overall: nil
        case .customer(let id), .subscription(let id), .admin(let id): id
        }
    }

    public init?(kind: String, id: String?) {
        switch (kind, id) {
        case ("overall", nil): self = .overall
        case ("customer", let id?): self = .customer(id)
        case ("subscription", let id?): self = .subscription(id)
        case ("admin", let id?): self = .admin(id)
        default: return nil
        }
    }

    /// `customer cus_123`, `overall`.
    public var description: String { id.map { kind + " " + $0 } ?? kind }
}

/// A look as stored: its number, the login of the drop file's owner, and the event.
public struct AccessRecord: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var user: String
    public var event: AccessEvent

    public init(id: Int64, user: String, event: AccessEvent) {
        self.id = id
        self.user = user
        self.event = event
    }
}

/// Writes a look where the user cannot remove it (the shared server's drop directory, for the ingester) before
/// it is shown; throws when it cannot, and the look does not happen. Outside the shared set-up there is none.
public protocol AccessRecorder: Sendable {
    func record(_ event: AccessEvent) throws
}

/// Which looks `auditlog access` and the Access view list: newest first.
public struct AccessFilter: Equatable, Sendable {
    public var scope: AccessScope?
    public var user: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var limit: Int

    public init(scope: AccessScope? = nil, user: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil,
                limit: Int = 100_000) {
        self.scope = scope
        self.user = user
        self.since = since
        self.until = until
        self.limit = limit
    }
}
