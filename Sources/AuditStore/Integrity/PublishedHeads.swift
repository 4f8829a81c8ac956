/// The chain head published outside the store as it grows. Removing the newest records together with their
/// links leaves a whole chain; only a head kept elsewhere shows it. So the ingester writes its head to the
/// system log (which journald keeps with the writer's uid, where the store's writer cannot rewrite it) at most
/// once a minute and when it ends, and `verify` checks the newest head published for its store.
///
/// The message is `chain head N HEX PATH`: the newest record's id, its link (64 hex digits) and the store's
/// absolute path. The system log adds `auditlog[PID]: ` before it (a plain syslog file:
/// `2026-12-05T05:40:00+00:00 web1 auditlog[812]: chain head 40 3f2a… /var/lib/auditlog/audit.db`);
/// `journalctl -o cat` prints the message alone. Both are read.
public struct PublishedHead: Equatable, Sendable {
    public var id: Int64
    public var link: String
    public var database: String

    public init(id: Int64, link: String, database: String) {
        self.id = id
        self.link = link
        self.database = database
    }

    static let marker = "chain head "

    /// The message written to the system log.
    public var message: String { Self.marker + "\(id) \(link) \(database)" }

    /// One line of a syslog file (`… auditlog[PID]: chain head …`) or of `journalctl -o cat`; nil for any
    /// other line (another program's, or auditlog's other messages).
    public init?(line: Substring) {
        var line = line
        if line.last == "\r" { line = line.dropLast() }
        if !line.hasPrefix(Self.marker) {
            // The syslog prefix must end in `auditlog[PID]: ` (or `auditlog: `) right before the message.
            guard let range = line.firstRange(of: ": " + Self.marker) else { return nil }
            let tag = line[..<range.lowerBound]
            let program = tag.hasSuffix("]") ? tag[..<(tag.lastIndex(of: "[") ?? tag.endIndex)] : tag
            guard program.hasSuffix("auditlog"), program.dropLast("auditlog".count).last.map({ $0 == " " || $0 == "/" }) ?? true
            else { return nil }
            line = line[line.index(range.lowerBound, offsetBy: 2)...]
        }
        let words = line.dropFirst(Self.marker.count).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count == 3, let id = Int64(words[0]), id > 0, words[1].count == 64,
              words[1].allSatisfy({ $0.isHexDigit }), !words[2].isEmpty else { return nil }
        self.init(id: id, link: words[1].lowercased(), database: String(words[2]))
    }

    /// Every head in a log's text, in the order written.
    public static func all(in text: String) -> [PublishedHead] {
        text.split(separator: "\n").compactMap { PublishedHead(line: $0) }
    }

    /// The newest head published for `database`: the one of the highest record id (a chain only grows).
    public static func newest(_ heads: [PublishedHead], for database: String) -> PublishedHead? {
        heads.filter { $0.database == database }.max { $0.id < $1.id }
    }
}

/// Writes the store's head through `sink` (the system log) when it moved: at most once per `interval` while
/// records arrive (`storeChanged`), and at the end (`finish`).
public final class HeadPublisher {
    private let store: AuditStore
    private let database: String
    private let sink: (String) -> Void
    private let interval: Int64
    private let clock: () -> Int64
    private var published: String?
    private var publishedAt: Int64?

    /// `database`: the store's absolute path, as the message names it. `interval` and `clock` in microseconds.
    public init(store: AuditStore, database: String, sink: @escaping (String) -> Void, interval: Int64 = 60_000_000,
                clock: @escaping () -> Int64 = SystemClock.monotonicMicroseconds) {
        self.store = store
        self.database = database
        self.sink = sink
        self.interval = interval
        self.clock = clock
        published = (try? store.chainHead())?.link // what the store held before: nothing new to say yet
    }

    /// After records were stored: the head, when it moved and the last one went out `interval` ago or more.
    public func storeChanged() {
        if let publishedAt, clock() - publishedAt < interval { return }
        publish()
    }

    /// At the end (also after a stop signal): the head, when it moved since it was last published.
    public func finish() { publish() }

    private func publish() {
        guard let head = try? store.chainHead(), head.link != published else { return }
        sink(PublishedHead(id: head.id, link: head.link, database: database).message)
        published = head.link
        publishedAt = clock()
    }
}

/// How a published head stands against the store now.
public enum PublishedHeadCheck: Equatable, Sendable {
    /// The store's record N has exactly that link: nothing stored up to it was removed or rewritten.
    case inChain
    /// The store has no link for record N: records were removed from the end (its chain now ends at `storeHead`,
    /// 0 when empty), or the store was replaced by another.
    case removed(storeHead: Int64)
    /// Record N has another link: the chain up to it was rewritten (links recomputed), or the store replaced.
    case rewritten(storeLink: String)
}

extension AuditStore {
    public func check(_ head: PublishedHead) throws -> PublishedHeadCheck {
        try read { db in
            let stored = try db.prepared("SELECT link FROM record_links WHERE id = ?").bind([.int(head.id)])
                .single { $0.bytes("link") ?? [] }
            guard let stored else { return .removed(storeHead: try HashChain.head(db).id) }
            return stored.hex == head.link ? .inChain : .rewritten(storeLink: stored.hex)
        }
    }
}
