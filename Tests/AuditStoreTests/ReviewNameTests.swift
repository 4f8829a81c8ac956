import Testing
@testable import AuditStore

/// What a review reads records with: texts numbered once (`NameTable`), local times worked out once per
/// hour (`OffsetCache`). A review's findings depend on both being exactly what Strings and the zone say.
struct ReviewNameTests {
    @Test func equalTextsGetOneNumberAndOthersTheirOwn() {
        var table = NameTable()
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}" // equal Strings, different bytes
        #expect(table.id("ops@acme.example") == 0)
        #expect(table.id(composed) == 1)
        #expect(table.id(decomposed) == 1)
        #expect(table.id("") == 2)
        #expect(table.id("ops@acme.example") == 0)
        #expect(table.id(nil as String?) == -1)
        #expect(table[1] == composed && table.count == 3)
        // Many texts, and the same texts met again, as bytes from the store are.
        let ids = (0..<5_000).map { table.id("cus-\($0)-00000000-0000-0000-0000-000000000000") }
        #expect(Set(ids).count == 5_000)
        let again = (0..<5_000).map { n in
            var text = "cus-\(n)-00000000-0000-0000-0000-000000000000"
            return text.withUTF8 { table.id(bytes: $0) }
        }
        #expect(again == ids && table.count == 5_003)
    }

    @Test func localTimesFollowTheZoneThroughAChangeInsideAnHour() {
        // A zone whose offset changes at half past an hour (as St John's does), then back.
        let change = Timestamp.parseISO(Substring("2025-03-09T05:30:00Z"))!.seconds
        let back = Timestamp.parseISO(Substring("2025-03-09T09:00:00Z"))!.seconds
        let clock = Clock(now: Timestamp(seconds: back), offset: { time in
            time.seconds >= change && time.seconds < back ? -9_000 : -12_600
        }, zoneName: { _ in "NST" })
        var cache = OffsetCache()
        var time = change - 3 * 3_600
        while time < back + 3 * 3_600 {
            let instant = Timestamp(microseconds: time * 1_000_000 + 250_000)
            #expect(cache.localSeconds(instant, clock) == time + Int64(clock.offset(instant)))
            time += 59
        }
    }
}
