import AuditReview
import AuditStore
import Testing

/// The detectors keep only what can still make a finding (a window's records, changes young enough to be
/// changed back): what they forget must never change what they find. Records enough to make them forget.
struct DetectorMemoryTests {
    typealias T = DetectorTests

    @Test func aChangeBackIsFoundAfterThousandsOfOtherChanges() {
        var rows = T.Rows()
        let start = T.at("2025-03-12T08:00:00Z").microseconds
        rows.add(Timestamp(microseconds: start), admin: "ops", customer: "c-first", change: T.change("creditLimit", "1000", "50000"))
        // 6 000 other customers' changes over the next 20 hours, each set once (none changed back).
        for n in 0..<6_000 {
            rows.add(Timestamp(microseconds: start + Int64(n + 1) * 12_000_000), admin: "ops", customer: "c\(n)",
                     change: T.change("locale", "'de'", "'fr'"))
        }
        rows.add(Timestamp(microseconds: start + 23 * 3_600_000_000), admin: "sam", customer: "c-first",
                 change: T.change("creditLimit", "50000", "1000"))
        // And one more than a day after its change: too late, however much was forgotten meanwhile.
        rows.add(Timestamp(microseconds: start + 30 * 3_600_000_000), admin: "sam", customer: "c1",
                 change: T.change("locale", "'fr'", "'de'"))
        let found = ReviewEngine.review(rows.rows, T.context { $0.disabled = [.outsideHours, .massChange, .burst] })
        #expect(found.map(\.kind) == [.revertedChange])
        #expect(found.first?.customers == ["c-first"] && found.first?.records == [1, 6_002])
    }

    @Test func aBurstLateInABusyWeekHoldsExactlyItsRecords() {
        var rows = T.Rows()
        rows.series(T.at("2025-02-20T10:00:00Z"), count: 12, every: 30) // baseline busiest 10 minutes: 12
        // A steady record a minute for four days of the period, then 40 within 10 minutes, then steady again.
        rows.series(T.at("2025-03-10T09:00:00Z"), count: 5_760, every: 60)
        rows.series(T.at("2025-03-14T09:00:00Z"), count: 40, every: 14)
        rows.series(T.at("2025-03-14T10:00:00Z"), count: 600, every: 60)
        let found = ReviewEngine.review(rows.rows, T.context { $0.disabled = [.outsideHours] }).filter { $0.kind == .burst }
        #expect(found.count == 1)
        // The windows above 36 run from the steady record of 08:58 (35 of the 40 and the two steady ones
        // before them) to the 40th; the busiest holds the 08:59 record and 39 of them (40 is not above 40).
        #expect(found.first?.reason.hasPrefix("ops: 40 records between Fri 2025-03-14 08:59 and 09:08;") == true)
        #expect(found.first?.records == Array(Int64(12 + 5_759)...Int64(12 + 5_760 + 40)))
    }
}
