import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// The list's target column (what a record is about) starts at one column on every row that has one,
/// whatever the message's width: a short field change drawn with `→` used to start it a column early.
@Suite struct RowAlignmentTests {
    /// The column (in cells) where a row's last `subscription ` target starts, for the rows that have one.
    static func targetColumns(_ screen: [String]) -> [Int] {
        screen.compactMap { line in
            guard let range = line.ranges(of: "subscription ").last else { return nil }
            return TextWidth.of(String(line[..<range.lowerBound]))
        }
    }

    static func prodDatabase() throws -> String {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../AuditStoreTests/Fixtures/prod.log").standardized.path
        let lines = try String(contentsOfFile: fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
        try importLines(lines, into: path)
        return path
    }

    @Test(arguments: [80, 120, 200])
    func targetsLineUpInUnicode(width: Int) throws {
        let path = try Self.prodDatabase()
        // Seen in December 2026, so the February 2025 rows show their year, as the user saw them.
        let store = try AuditStore(path: path, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(
            width: width, height: 24, clock: .fixed(now: Timestamp(seconds: 1_796_428_800)), glyphs: .unicode))
        s.start()
        let columns = Self.targetColumns(s.screen)
        #expect(columns.count >= 5, "subscription targets on screen:\n\(s.screen.joined(separator: "\n"))")
        #expect(Set(columns).count == 1, "target columns \(columns):\n\(s.screen.joined(separator: "\n"))")
        // The short change `Subscription.seats: 7 → 49` is whole, its target where the others' are.
        let seats = try #require(s.screen.first { $0.contains("Subscription.seats: 7 → 49") })
        #expect(Self.targetColumns([seats]) == [columns.first])
    }
}
