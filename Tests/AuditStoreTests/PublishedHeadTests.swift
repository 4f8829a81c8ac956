import Foundation
import Testing
@testable import AuditStore

/// The chain head published outside the store: the line an import hands the system log (through a sink the
/// test injects, with a clock it sets), read back from a plain syslog file and from `journalctl -o cat`, and
/// checked against the store after its newest records were removed.
@Suite struct PublishedHeadTests {
    @Test func aHeadIsPublishedWhenItMovesAtMostOncePerIntervalAndAtTheEnd() throws {
        let path = temporaryDirectory() + "/audit.db"
        let store = try AuditStore(path: path, mode: .readWrite)
        let lines = HashChainTests.lines
        try store.importText(lines.prefix(40).joined(separator: "\n") + "\n")
        var sent: [String] = []
        var now: Int64 = 0
        let publisher = HeadPublisher(store: store, database: path, sink: { sent.append($0) }, interval: 60_000_000,
                                      clock: { now })
        // Nothing new since the publisher began: nothing to say, even at the end.
        publisher.storeChanged()
        publisher.finish()
        #expect(sent.isEmpty)

        try store.importText(lines[40..<60].joined(separator: "\n") + "\n")
        publisher.storeChanged()
        let first = try #require(try store.chainHead())
        #expect(sent == ["chain head \(first.id) \(first.link) \(path)"])
        // Within the minute: the head moved, but it waits.
        try store.importText(lines[60..<80].joined(separator: "\n") + "\n")
        now += 59_000_000
        publisher.storeChanged()
        #expect(sent.count == 1)
        now += 1_000_000
        publisher.storeChanged()
        let second = try #require(try store.chainHead())
        #expect(sent.count == 2 && sent.last == "chain head \(second.id) \(second.link) \(path)")
        // At the end: the head, when it moved since.
        publisher.finish()
        #expect(sent.count == 2)
        try store.importText(lines[80..<90].joined(separator: "\n") + "\n")
        publisher.finish()
        let last = try #require(try store.chainHead())
        #expect(sent.count == 3 && sent.last == PublishedHead(id: last.id, link: last.link, database: path).message)
    }

    @Test func headsAreReadFromASyslogFileAndFromJournalctlCatOnly() {
        let link = String(repeating: "3f", count: 32)
        let text = """
            2026-12-05T05:40:00.123456+00:00 web1 auditlog[812]: chain head 40 \(link) /var/lib/auditlog/audit.db
            Dec  5 05:41:00 web1 auditlog[812]: chain head 41 \(link.uppercased()) /var/lib/auditlog/audit.db
            chain head 42 \(link) /var/lib/auditlog/audit.db
            Dec  5 05:42:00 web1 sudo[99]: chain head 900 \(link) /var/lib/auditlog/audit.db
            Dec  5 05:42:00 web1 notauditlog[99]: chain head 901 \(link) /var/lib/auditlog/audit.db
            Dec  5 05:42:00 web1 auditlog[812]: chain head 43 abc /var/lib/auditlog/audit.db
            Dec  5 05:42:00 web1 auditlog[812]: imported 3 records
            chain head 44 \(link) /tmp/other.db

            """
        let heads = PublishedHead.all(in: text)
        #expect(heads.map(\.id) == [40, 41, 42, 44])
        #expect(heads[1].link == link, "hex digits in either case")
        #expect(heads[0].database == "/var/lib/auditlog/audit.db")
        #expect(PublishedHead.newest(heads, for: "/var/lib/auditlog/audit.db")?.id == 42)
        #expect(PublishedHead.newest(heads, for: "/nowhere.db") == nil)
    }

    @Test func theNewestRecordsRemovedWithTheirLinksLeaveAWholeChainButNotThePublishedHead() throws {
        let (store, _) = try HashChainTests.store()
        let head = try #require(try store.chainHead())
        let published = PublishedHead(id: head.id, link: head.link, database: "/x/audit.db")
        #expect(try store.check(published) == .inChain)

        try store.write { db in try db.execute("DELETE FROM records WHERE id = \(head.id); DELETE FROM record_links WHERE id = \(head.id)") }
        #expect(try store.verifyChain().isWhole, "the chain alone cannot tell")
        #expect(try store.check(published) == .removed(storeHead: head.id - 1))

        // The chain rewritten up to the head (a link recomputed): another link under the same id.
        let earlier = PublishedHead(id: head.id - 1, link: String(repeating: "0", count: 64), database: "/x/audit.db")
        if case .rewritten = try store.check(earlier) {} else { Issue.record("a different link is not reported") }
    }
}
