@testable import AuditStore
import Testing
@testable import AuditBrowser

/// Text with every digit as 9: `2025-06-29 12:52` reads `9999-99-99 99:99`.
func digitShape(_ text: some StringProtocol) -> String {
    String(text.map { $0.isNumber ? "9" : $0 })
}

/// Every row says its time of day at every width, with the year when it is not this year; a screen's
/// rows share one width (issue 20: at 80 columns a 2025 record read `Feb  1  2025`, no time).
@Suite struct TimeColumnTests {
    /// 2026-01-01 00:00 UTC.
    static let newYear: Int64 = 1_767_225_600

    /// Record `n`, `n` × 10 minutes before 01:00 on New Year's Day 2026: records 0–6 of 2026, 7 on of 2025.
    static func record(_ n: Int) -> AuditRecord {
        AuditRecord(id: Int64(1_000 - n), time: Timestamp(seconds: newYear + 3_600 - Int64(n) * 600),
                    channel: "controller", level: 200, levelName: "INFO",
                    message: "Record \(n) says what happened in a message long enough to be cut",
                    contextJSON: "{}", extraJSON: "{}", customerID: "c-1", subscriptionID: nil, adminID: "a-1",
                    requestUID: nil, change: nil, adminName: "finance@acme.example", ownerCustomerID: "c-1",
                    customerLabel: "billing@customer.example")
    }

    /// Record `n`'s time of day: `01:00`, `00:50`, …
    static func hourMinute(_ n: Int) -> String {
        let minutes = 60 - n * 10
        return "0\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
    }

    /// The Overall log at `width`×24 with `records`, seen at `now`.
    static func screen(width: Int, now: Timestamp, records: [AuditRecord], moves: Int = 0) -> [String] {
        var state = BrowserState(width: width, height: 24, clock: .fixed(now: now))
        let effects = reduce(&state, .switchTab(.overall))
        guard case .loadRecords(let ticket, _, _)? = effects.first else { return [] }
        _ = reduce(&state, .recordsLoaded(ticket, records))
        for _ in 0..<moves { _ = reduce(&state, .move(1)) }
        var grid = Grid(width: width, height: 24)
        render(state, into: &grid)
        return Array(grid.lines[2..<23])
    }

    @Test func everyRowSaysItsTimeOfDayAtEveryWidthWithTheYearWhenNotThisYear() {
        let thisYear = Timestamp(seconds: Self.newYear + 86_400 * 40) // 2026-02-10: records 0–5 are of this year
        let nextYear = Timestamp(seconds: Self.newYear + 86_400 * 400) // 2027: none is
        for width in [40, 80, 200] {
            // Only this year's records on screen: `Jan  1 00:50`.
            let recent = Self.screen(width: width, now: thisYear, records: (0..<6).map(Self.record))
            // An earlier year's: `2026-01-01 00:50`, on every row of the screen.
            let earlier = Self.screen(width: width, now: nextYear, records: (0..<6).map(Self.record))
            // Both years on one screen: every row with its year, one width.
            let mixed = Self.screen(width: width, now: thisYear, records: (0..<30).map(Self.record))
            for (n, row) in recent.prefix(6).enumerated() {
                let expected = width >= 110 ? "2026-01-01 \(Self.hourMinute(n)):00" : "Jan  1 \(Self.hourMinute(n))"
                #expect(row.dropFirst(1).hasPrefix(expected + " "), "\(width): \(row)")
            }
            for (n, row) in earlier.prefix(6).enumerated() {
                let expected = width >= 110 ? "2026-01-01 \(Self.hourMinute(n)):00" : "2026-01-01 \(Self.hourMinute(n))"
                #expect(row.dropFirst(1).hasPrefix(expected + " "), "\(width): \(row)")
            }
            for row in mixed {
                let shape = width >= 110 ? "9999-99-99 99:99:99 " : "9999-99-99 99:99 "
                #expect(digitShape(row.dropFirst(1).prefix(shape.count)) == shape, "\(width): \(row)")
            }
            // The message stays readable: 12 columns at least at 40, the whole of it from 80.
            let start = 1 + (width >= 110 ? 19 : 16) + 3 + RecordListView.adminWidth(width, time: width >= 110 ? nil
                : TimeColumn(clock: .fixed(now: nextYear), wide: false, times: [Self.record(0).time])) + 1
            for row in earlier.prefix(6) {
                #expect(row.dropFirst(start).hasPrefix(width >= 80 ? "Record " : "Record"), "\(width): \(row)")
                #expect(row.dropFirst(start).prefix(12).count == 12, "\(width): \(row)")
            }
        }
    }

    /// The selection's reverse block covers the time, whichever width it has.
    @Test func theSelectionCoversTheTimeWithItsYear() {
        var state = BrowserState(width: 80, height: 24, clock: .fixed(now: Timestamp(seconds: Self.newYear + 86_400 * 400)))
        let effects = reduce(&state, .switchTab(.overall))
        guard case .loadRecords(let ticket, _, _)? = effects.first else { Issue.record("\(effects)"); return }
        _ = reduce(&state, .recordsLoaded(ticket, (0..<6).map(Self.record)))
        var grid = Grid(width: 80, height: 24)
        render(state, into: &grid)
        #expect((0..<17).allSatisfy { grid[$0, 2].style.reverse } && !grid[17, 2].style.reverse)
    }
}

/// The demo's log seen a year later: every row with its date, year and time of day.
@Suite struct EarlierYearScreenTests {
    @Test func theOverallLogOfAnEarlierYear() throws {
        for (width, height) in [(80, 24), (40, 12)] {
            let store = try AuditStore(path: demoPath, mode: .readOnly)
            let s = BrowserSession(source: store, state: BrowserState(width: width, height: height,
                                                                      clock: StateScreenOriginTests.nextYear))
            s.start()
            try expectGolden(s.screen, "overall-earlier-year-\(width)x\(height)")
        }
    }
}
