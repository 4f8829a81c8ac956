import AuditReview
import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// `!`: the review of the view's scope and period as a screen, the same findings `auditlog review` makes;
/// Enter opens exactly a finding's records, Back returns; the log's status bar then says how many.
@Suite struct ReviewScreenTests {
    /// The findings the command's engine makes of the same records.
    static func expected(_ query: RecordQuery = RecordQuery()) throws -> Review {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let since = testClock.bucketStart(testClock.now, .day, adding: -7)
        return try Review.make(store: store, database: "", query: query, since: since, until: testClock.now,
                               settings: ReviewSettings(), clock: testClock)
    }

    @Test func theReviewOfTheViewAsTheCommandMakesIt() throws {
        let s = try session()
        s.keys(.character("!"))
        let screen = try #require(s.state.current.top(ReviewScreen.self))
        let review = try #require(screen.review)
        let expected = try Self.expected()
        #expect(review.findings == expected.findings && !review.findings.isEmpty)
        #expect(s.screen[1].hasPrefix("Review · All records · 2025-06-23 – 2025-06-29"), "\(s.screen[1])")
        #expect(s.screen.last?.contains("finding 1 of \(review.findings.count)") == true)
        try expectGolden(s.screen, "review-80x24")
        s.keys(.character("j"), .character("j"))
        #expect(s.state.current.top(ReviewScreen.self)?.selected == 2)
    }

    /// A bad review.conf does not keep an agent from browsing: `!` says its error (file:line) and opens nothing.
    @Test func aBadSettingsFileIsSaidByTheReviewKey() throws {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        var state = BrowserState(width: 80, height: 24, clock: testClock, glyphs: .unicode)
        state.reviewSettingsProblem = "review.conf:2: unknown key \"burst.windw\""
        let s = BrowserSession(source: store, state: state)
        s.start()
        s.keys(.character("!"))
        #expect(s.state.current.top(ReviewScreen.self) == nil && s.state.current.log != nil)
        #expect(s.screen.last?.contains("review.conf:2: unknown key") == true, "\(s.screen.last ?? "")")
    }

    @Test func enterOpensExactlyTheFindingsRecordsAndBackReturns() throws {
        let s = try session()
        s.keys(.character("!"), .character("j"))
        let review = try #require(s.state.current.top(ReviewScreen.self)?.review)
        let finding = review.findings[1]
        s.keys(.enter)
        let log = try #require(s.state.current.log)
        #expect(s.state.tab == .overall && s.state.current.top(ReviewScreen.self) == nil)
        #expect(Set(log.records.map(\.id)) == Set(finding.records) || log.total == finding.records.count)
        #expect(log.scope.ids == finding.records)
        #expect(s.screen[1].contains("Finding 2 · \(finding.kind.title)"), "\(s.screen[1])")
        // The log's status bar says what the review found.
        let n = review.findings.count
        #expect(s.screen.last?.contains("\(n) finding\(n == 1 ? "" : "s") this week") == true, "\(s.screen.last ?? "")")
        s.keys(.backspace)
        #expect(s.state.current.top(ReviewScreen.self)?.selected == 1, "back at the finding")
        s.keys(.backspace)
        #expect(s.state.current.top(ReviewScreen.self) == nil && s.state.current.log != nil)
        #expect(s.screen.last?.contains("this week") == true)
    }

    @Test func aFilteredViewReviewsItsScope() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter)
        s.keys(.character("!"))
        let review = try #require(s.state.current.top(ReviewScreen.self)?.review)
        #expect(review.findings == (try Self.expected(RecordQuery(minimumLevel: .warning))).findings)
        #expect(s.screen[1].contains("filter: level:warning"))
    }

    @Test func wideAndASCII() throws {
        let wide = try session(width: 200, height: 50)
        wide.keys(.character("!"))
        try expectGolden(wide.screen, "review-200x50")
        let ascii = try session(glyphs: .ascii)
        ascii.keys(.character("!"), .character("j"))
        try expectGolden(ascii.screen, "review-ascii-80x24")
        #expect(ascii.screen.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }

    /// As the terminal runs it: on the review's own background connection, its answers collected as they come.
    @Test func readOffTheKeyPathAndCollected() throws {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock, glyphs: .unicode),
                               background: { try AuditStore(path: demoPath, mode: .readOnly) })
        s.start()
        s.keys(.character("!"))
        #expect(s.state.current.top(ReviewScreen.self) != nil)
        let deadline = Date().addingTimeInterval(20)
        while s.state.current.top(ReviewScreen.self)?.review == nil, Date() < deadline {
            s.collectAnswers()
            usleep(5_000)
        }
        let review = try #require(s.state.current.top(ReviewScreen.self)?.review, "the review's answer is collected")
        #expect(review.findings == (try Self.expected()).findings)
        s.shutdown()
    }

    @Test func progressIsShownWhileItReads() throws {
        // A review under way (read a batch at a time in the browser), drawn as it is.
        var screen = ReviewScreen(title: "All records", reading: ReviewReading(
            query: RecordQuery(), since: Timestamp(seconds: 1_750_636_800), until: testClock.now, settings: ReviewSettings(),
            clock: testClock))
        screen.selected = 0
        var state = BrowserState(width: 80, height: 24, clock: testClock, glyphs: .unicode)
        state.tabs[0].screens.append(screen)
        var grid = Grid(width: 80, height: 24)
        render(state, into: &grid)
        #expect(grid.lines[2].contains("reviewing… 0 %"), "\(grid.lines[2])")
        #expect(grid.lines.last?.contains("reviewing… 0 %") == true)
    }
}
