import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// `i`: the view's records per bucket, counted behind the first screen; `+`/`-` change the buckets;
/// Enter opens the log at a bucket and Back returns through both.
@Suite struct HistogramScreenTests {
    /// The count and warnings the store has for each bar of the screen's view.
    static func storeCounts(_ screen: HistogramScreen) throws -> [(Int, Int)] {
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        return try screen.bars.map { bar in
            let counted = try store.count(of: screen.query, in: bar.span, warnings: true)
            return (counted.count, counted.warnings ?? -1)
        }
    }

    @Test func eachBarCountsTheViewInItsBucket() throws {
        let s = try session()
        s.keys(.character("i"))
        let screen = try #require(s.state.current.top(HistogramScreen.self))
        // 30 days of records do not fit 20 lines by day: by week, every bucket on screen.
        #expect(screen.size == .week)
        #expect(s.screen[1].hasPrefix("Histogram · All records · by week"))
        let expected = try Self.storeCounts(screen)
        #expect(screen.bars.map { $0.count ?? -1 } == expected.map(\.0))
        #expect(screen.bars.map { $0.warnings ?? -1 } == expected.map(\.1))
        #expect(expected.map(\.0).reduce(0, +) == (try AuditStore(path: demoPath, mode: .readOnly).count(of: RecordQuery())))
        // The bars run newest first, like the log, and the selected one holds the record that was selected.
        #expect(zip(screen.bars, screen.bars.dropFirst()).allSatisfy { $0.span.start > $1.span.start })
        let selected = screen.bars[screen.selected].span
        let record = try #require(s.state.history.last?.tabs[0].log?.selectedRecord)
        #expect(selected.start <= record.time && record.time < selected.end)
        // The status bar says what the selected bucket holds.
        #expect(s.screen.last?.contains("\(NumberText.grouped(expected[screen.selected].0)) records") == true)
    }

    @Test func aFilteredViewCountsOnlyItsRecords() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:warning")
        s.keys(.enter)
        s.keys(.character("i"))
        let screen = try #require(s.state.current.top(HistogramScreen.self))
        #expect(screen.query.minimumLevel == .warning)
        #expect(s.screen[1].contains("filter: level:warning"))
        let expected = try Self.storeCounts(screen)
        #expect(screen.bars.map { $0.count ?? -1 } == expected.map(\.0))
        // Every record of this view is a warning or worse: each bar is all warning glyphs.
        #expect(screen.bars.allSatisfy { $0.count == $0.warnings })
        let lines = s.screen.dropFirst(2).dropLast().filter { $0.contains("▒") }
        #expect(!lines.isEmpty && lines.allSatisfy { !$0.contains("█") })
    }

    @Test func finerAndCoarserKeepTheMomentSelected() throws {
        let s = try session()
        s.keys(.character("i"))
        let week = try #require(s.state.current.top(HistogramScreen.self))
        let moment = week.bars[week.selected].span
        s.keys(.character("+"))
        let day = try #require(s.state.current.top(HistogramScreen.self))
        #expect(day.size == .day)
        #expect(moment.start <= day.bars[day.selected].span.start && day.bars[day.selected].span.start < moment.end)
        s.keys(.character("+"))
        #expect(s.state.current.top(HistogramScreen.self)?.size == .hour)
        s.keys(.character("+"))
        #expect(s.state.current.top(HistogramScreen.self)?.size == .hour, "no finer bucket than an hour")
        s.keys(.character("-"), .character("-"), .character("-"))
        let month = try #require(s.state.current.top(HistogramScreen.self))
        #expect(month.size == .month)
        #expect(month.bars[month.selected].span.start <= moment.start)
        s.keys(.character("-"))
        #expect(s.state.current.top(HistogramScreen.self)?.size == .month, "no coarser bucket than a month")
        // Counted again at each size.
        #expect(month.bars.map { $0.count ?? -1 } == (try Self.storeCounts(month)).map(\.0))
    }

    @Test func enterOpensTheLogAtTheBucketAndBackReturnsThroughBoth() throws {
        let s = try session()
        s.keys(.character("j"), .character("j"))
        let log = s.screen
        s.keys(.character("i"), .character("+"), .character("j"), .character("j"), .character("j"))
        let histogram = s.screen
        let screen = try #require(s.state.current.top(HistogramScreen.self))
        let bucket = screen.bars[screen.selected].span
        s.keys(.enter)

        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let newestBefore = try #require(store.page(of: RecordQuery(), from: .olderThan(PageKey(time: bucket.end, id: .min)),
                                                    limit: 1).first)
        #expect(s.state.current.top(HistogramScreen.self) == nil)
        #expect(s.state.current.log?.selectedRecord?.id == newestBefore.id)
        // Its row number: the records newer than the bucket's end come before it.
        let newer = try store.count(of: RecordQuery(since: bucket.end))
        #expect(s.screen.last?.hasPrefix(" row \(NumberText.grouped(newer + 1)) of ") == true, "\(s.screen.last ?? "")")
        // Scrolling up reads the newer records in.
        s.keys(.character("k"))
        #expect(s.state.current.log?.selectedRecord?.time ?? bucket.start >= bucket.end)

        s.keys(.backspace)
        #expect(s.screen == histogram)
        s.keys(.backspace)
        #expect(s.screen == log)
    }

    @Test func countsFillInBehindTheFirstScreen() throws {
        let gate = Gate()
        let s = BrowserSession(source: try AuditStore(path: demoPath, mode: .readOnly),
                               state: BrowserState(width: 80, height: 24, clock: testClock),
                               background: { try GatedSource(path: demoPath, gate: gate, gatesBucketCounts: true) })
        s.start()
        s.keys(.character("i"))
        // The buckets are on screen at once; their counts wait at the gate.
        let first = s.screen
        #expect(first[1].hasPrefix("Histogram · All records · by week"))
        #expect(first[2].contains("…") && !first[2].contains("█"))
        s.keys(.character("j"), .character("+"), .character("j"))
        #expect(s.state.current.top(HistogramScreen.self)?.size == .day, "keys are answered while the counts wait")
        gate.release()
        let deadline = Date().addingTimeInterval(10)
        func counted() -> Bool {
            guard let screen = s.state.current.top(HistogramScreen.self) else { return false }
            let shown = screen.bars[screen.top..<min(screen.bars.count, screen.top + s.state.bodyHeight)]
            return shown.allSatisfy { $0.count != nil && $0.warnings != nil }
        }
        while !counted(), Date() < deadline {
            s.collectAnswers()
            Thread.sleep(forTimeInterval: 0.005)
        }
        let screen = try #require(s.state.current.top(HistogramScreen.self))
        let shown = Array(screen.bars[screen.top..<min(screen.bars.count, screen.top + s.state.bodyHeight)])
        #expect(shown.map { $0.count ?? -1 } == (try Self.storeCounts(HistogramScreen(query: screen.query, title: "",
            bars: shown))).map(\.0))
        #expect(s.screen.contains { $0.contains("█") })
        s.shutdown()
    }

    /// A customer's log has a long title ("Customer · e-mail (name)"): at 80 columns the histogram's legend
    /// is not cut (it was, after "▒ warn"): it names the warnings glyph, and the view's title gives up its end.
    @Test(arguments: [Glyphs.unicode, .ascii]) func theLegendIsWholeAt80Columns(glyphs: Glyphs) throws {
        let s = try session(glyphs: glyphs)
        s.keys(.character("2"), .enter, .character("i"))
        let title = s.screen[1]
        #expect(title.hasSuffix(glyphs.barWarning + " warnings or worse"), "\(title)")
        #expect(title.hasPrefix(glyphs.frame("Histogram · Customer · accounts+30")), "\(title)")
        #expect(title.contains(glyphs.ellipsis + glyphs.frame(" · by ")), "\(title)")
        #expect(TextWidth.of(title) <= 80)
    }

    @Test func aPickerHasNoHistogramAndSaysSo() throws {
        let s = try session()
        s.keys(.character("2"), .character("i"))
        #expect(s.state.current.top(HistogramScreen.self) == nil)
        #expect(s.screen.last?.contains("Open a log first") == true)
    }

    @Test func theHistogramAsText() throws {
        let s = try session()
        s.keys(.character("i"), .character("j"))
        try expectGolden(s.screen, "histogram-80")
        let ascii = try session(glyphs: .ascii)
        ascii.keys(.character("i"), .character("+"))
        try expectGolden(ascii.screen, "histogram-ascii-80")
        #expect(ascii.screen.joined().unicodeScalars.allSatisfy { $0.isASCII })
        #expect(ascii.screen.contains { $0.contains("#") })
        for width in [40, 200] {
            let s = try session(width: width)
            s.keys(.character("i"))
            let lines = s.screen
            #expect(lines.allSatisfy { TextWidth.of($0) <= width })
            #expect(lines[2].contains("█"), "bars at \(width) columns")
        }
    }
}
