/// What the browser needs from a store, in the users' words. `AuditStore` is the SQLite one; a server
/// backend can be another without the UI changing.
public protocol AuditSource: AnyObject {
    /// Up to `limit` records of a view from a position, newest first.
    func page(of query: RecordQuery, from position: PagePosition, limit: Int) throws -> [AuditRecord]
    /// All records of the view (may be slow on a large view: ask off the key path).
    func count(of query: RecordQuery) throws -> Int
    /// The count again after `previous` (an earlier answer for the same view): cheap when only new records
    /// came (see `AuditStore.count(of:after:)`).
    func count(of query: RecordQuery, after previous: ViewCount?) throws -> ViewCount
    /// An entity's fields as of a moment (`AuditStore.state`).
    func state(of kind: EntityKind, _ id: String, at: Timestamp) throws -> EntityState
    /// A picker's entries: most recently active first, filtered by text, paged after an entry.
    func entities(_ kind: EntityKind, matching filter: String, after: Entity?, limit: Int) throws -> [Entity]
    /// The same list from its other end: the entries just before `before` (nil: the last ones), in the same order.
    func entities(_ kind: EntityKind, matching filter: String, before: Entity?, limit: Int) throws -> [Entity]
    /// How many entries a picker with this filter has.
    func entityCount(_ kind: EntityKind, matching filter: String) throws -> Int
    /// One entity by id or email; nil when unknown.
    func entity(_ kind: EntityKind, _ text: String) throws -> Entity?
    /// What a typed name means: one entity, none (with the closest names), or several.
    func match(_ kind: EntityKind, _ text: String) throws -> EntityMatch
    /// Changes when the stored records change (another process imported).
    func changeToken() throws -> Int64
    /// The notes on the view's records, newest note first, each with its record (`AuditStore.notes(of:)`).
    func notes(of query: RecordQuery, limit: Int) throws -> [NotedRecord]
    /// How far the search index has come (records stored but not yet indexed are searched by scan).
    func textBacklog() throws -> TextBacklog
    /// Every record of a view oldest first as a review reads it (`AuditStore.forEachReviewRecord`).
    func forEachReviewRecord(of query: RecordQuery, messages: Set<String>, valuesSince: Timestamp, after: PageKey?,
                             names: inout ReviewNames, progress: (Timestamp) -> Bool,
                             _ body: ([ReviewRecord], ReviewNames) throws -> Void) throws
    /// What a person calls these admins, customers or subscriptions (those the store knows).
    func labels(_ kind: EntityKind, _ ids: [String]) throws -> [String: String]
    /// Who looked (the shared server's access records), newest first.
    func accessRecords(_ filter: AccessFilter) throws -> [AccessRecord]
    /// Stops the question running on this source, from another thread (it then throws): the one part of
    /// a source other threads may use, so a `Sendable` value of its own.
    var interruptHandle: InterruptHandle { get }
}

extension AuditStore: AuditSource {}

extension AuditSource {
    /// A source that cannot review (a test's stand-in) says so.
    public func forEachReviewRecord(of query: RecordQuery, messages: Set<String>, valuesSince: Timestamp, after: PageKey?,
                                    names: inout ReviewNames, progress: (Timestamp) -> Bool,
                                    _ body: ([ReviewRecord], ReviewNames) throws -> Void) throws {
        throw StoreError("this source cannot review")
    }

    public func labels(_ kind: EntityKind, _ ids: [String]) throws -> [String: String] { [:] }
}

/// A view's count and what it is valid for: the records up to `upTo`, at an `epoch` of record moves.
public struct ViewCount: Equatable, Sendable {
    public var count: Int
    public var upTo: Int64
    public var epoch: Int64
    /// Counted from nothing (no earlier count to go on from), not just the records added since.
    public var fromNothing: Bool

    public init(count: Int, upTo: Int64, epoch: Int64, fromNothing: Bool = true) {
        self.count = count
        self.upTo = upTo
        self.epoch = epoch
        self.fromNothing = fromNothing
    }
}

extension AuditSource {
    public func state(of kind: EntityKind, _ id: String, at: Timestamp) throws -> EntityState {
        EntityState(kind: kind, id: id, at: at, fields: [])
    }

    /// A source without notes.
    public func notes(of query: RecordQuery, limit: Int) throws -> [NotedRecord] { [] }
    public func accessRecords(_ filter: AccessFilter) throws -> [AccessRecord] { [] }

    /// Counted whole: a source that cannot count on from an earlier answer.
    public func count(of query: RecordQuery, after previous: ViewCount?) throws -> ViewCount {
        ViewCount(count: try count(of: query), upTo: 0, epoch: -1)
    }
}
