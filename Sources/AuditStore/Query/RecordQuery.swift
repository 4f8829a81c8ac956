/// One view of the log: which records (scope links and filters), newest first. All set parts must hold.
public struct RecordQuery: Hashable, Sendable {
    /// A customer id or email; matches the customer's own records and its subscriptions' records.
    public var customer: String?
    public var subscription: String?
    /// An admin id or email.
    public var admin: String?
    /// Inclusive lower bound.
    public var since: Timestamp?
    /// Exclusive upper bound.
    public var until: Timestamp?
    /// Every word must occur (as a substring, any case) in the message or a context value.
    public var words: [String] = []
    public var minimumLevel: Level?
    public var channel: String?
    /// Records of one request.
    public var request: String?
    /// One field's changes: `billingEmail`, or with its entity, `Customer.billingEmail`.
    public var field: String?
    /// Only these records (the browser's marks).
    public var ids: [Int64]?
    /// The records whose reference starts so (`ref:`; a whole reference is one record).
    public var ref: RefPrefix?
    /// Only records with a note (`has:note`).
    public var hasNote = false
    /// Only records with a note holding each word (`note:WORD`, any case).
    public var noteWords: [String] = []

    public init(customer: String? = nil, subscription: String? = nil, admin: String? = nil,
                since: Timestamp? = nil, until: Timestamp? = nil, words: [String] = [],
                minimumLevel: Level? = nil, channel: String? = nil, request: String? = nil, field: String? = nil,
                ids: [Int64]? = nil, ref: RefPrefix? = nil) {
        self.customer = customer
        self.subscription = subscription
        self.admin = admin
        self.since = since
        self.until = until
        self.words = words
        self.minimumLevel = minimumLevel
        self.channel = channel
        self.request = request
        self.field = field
        self.ids = ids
        self.ref = ref
    }

    public var isUnfiltered: Bool { self == RecordQuery() }

    /// Sets every part `other` sets (a typed filter on top of a tab's scope).
    public func merging(_ other: RecordQuery) -> RecordQuery {
        var merged = self
        merged.customer = other.customer ?? customer
        merged.subscription = other.subscription ?? subscription
        merged.admin = other.admin ?? admin
        merged.since = other.since ?? since
        merged.until = other.until ?? until
        merged.words = words + other.words
        merged.minimumLevel = other.minimumLevel ?? minimumLevel
        merged.channel = other.channel ?? channel
        merged.request = other.request ?? request
        merged.field = other.field ?? field
        merged.ids = other.ids ?? ids
        merged.ref = other.ref ?? ref
        merged.hasNote = hasNote || other.hasNote
        merged.noteWords = noteWords + other.noteWords
        return merged
    }
}

/// A place in a newest-first list: records are ordered by (time, id), which is unique.
public struct PageKey: Hashable, Comparable, Sendable {
    public var time: Timestamp
    public var id: Int64

    public init(time: Timestamp, id: Int64) {
        self.time = time
        self.id = id
    }

    public static func < (a: PageKey, b: PageKey) -> Bool { (a.time, a.id) < (b.time, b.id) }
}

/// Where a page starts.
public enum PagePosition: Hashable, Sendable {
    /// The newest records.
    case newest
    /// The oldest records (still returned newest first).
    case oldest
    /// Records older than the key (further down the list).
    case olderThan(PageKey)
    /// Records newer than the key (further up the list), returned newest first.
    case newerThan(PageKey)
}
