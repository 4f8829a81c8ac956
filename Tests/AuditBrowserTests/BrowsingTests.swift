import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Browsing through a session on the demo store, key by key, as a user does.
@Suite struct BrowsingTests {
    @Test func movingDownWalksEveryRecordInOrderAcrossPages() throws {
        let s = try session(width: 80, height: 12)
        let total = try AuditStore(path: demoPath, mode: .readOnly).recordCount()
        var seen: [Int64] = []
        for _ in 0..<total {
            seen.append(s.state.current.log!.selectedRecord!.id)
            s.keys(.character("j"))
        }
        #expect(Set(seen).count == total)
        let keys = try AuditStore(path: demoPath, mode: .readOnly).page(of: RecordQuery(), from: .newest, limit: total)
        #expect(seen == keys.map(\.id))
        #expect(s.screen.last!.contains("row \(total) of \(total)"))
        // The window slid: it never held every record.
        #expect(s.state.current.log!.records.count <= LogScreen.maximumWindow)
    }

    @Test func bottomAndTopJumpWithPositions() throws {
        let s = try session()
        let total = try AuditStore(path: demoPath, mode: .readOnly).recordCount()
        s.keys(.character("G"))
        #expect(s.screen.last!.contains("row \(NumberText.grouped(total)) of \(NumberText.grouped(total))"))
        s.keys(.character("k"), .character("k"))
        #expect(s.screen.last!.contains("row \(NumberText.grouped(total - 2)) of"))
        s.keys(.character("g"))
        #expect(s.screen.last!.contains("row 1 of"))
        s.keys(.pageDown)
        let afterPage = s.state.current.log!.selected
        #expect(afterPage >= s.state.bodyHeight - 2)
        s.keys(.pageUp)
        #expect(s.state.current.log!.selected == 0)
    }

    @Test func tabsKeepTheirOwnSelectionAndFilters() throws {
        let s = try session()
        s.keys(.character("j"), .character("j"), .character("j"))
        s.keys(.character("/"))
        s.type("channel:audit")
        s.keys(.enter)
        s.keys(.character("j"))
        s.keys(.tab)
        #expect(s.state.tab == .customers)
        s.keys(.character("j"), .character("j"))
        s.keys(.character("1"))
        #expect(s.state.current.log!.filterText == "channel:audit")
        #expect(s.state.current.log!.selected == 1)
        s.keys(.character("2"))
        #expect(s.state.current.picker!.selected == 2)
        s.keys(.backTab)
        #expect(s.state.tab == .overall)
    }

    @Test func pivotToAdminAndBackRestoresExactlyWhereYouWere() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("channel:audit")
        s.keys(.enter)
        // Find a record done by an admin and expand it.
        try s.selectFirst { $0.adminID != nil }
        s.keys(.character("j"), .character("k"))
        s.keys(.enter)
        let before = s.screen
        let record = s.state.current.log!.selectedRecord!
        s.keys(.character("a"))
        #expect(s.state.tab == .admins)
        #expect(s.screen[1].hasPrefix("Billing admin · " + record.adminName!))
        #expect(s.state.current.log!.records.allSatisfy { $0.adminID == record.adminID })
        s.keys(.backspace)
        #expect(s.state.tab == .overall)
        #expect(s.screen == before)
    }

    @Test func pivotWithoutTheLinkSaysSo() throws {
        let s = try session()
        try s.selectFirst { $0.subscriptionID == nil }
        s.keys(.character("s"))
        #expect(s.state.tab == .overall)
        #expect(s.screen.last!.contains("This record names no subscription"))
    }

    @Test func customerPivotShowsSubscriptionChangesToo() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("channel:audit Subscription")
        s.keys(.enter)
        let record = s.state.current.log!.selectedRecord!
        #expect(record.customerID == nil && record.ownerCustomerID != nil)
        s.keys(.character("c"))
        #expect(s.state.tab == .customers)
        #expect(s.state.current.log!.records.contains { $0.id == record.id })
    }

    @Test func filterAppliesAfterAPauseAndEscRestores() throws {
        let s = try session()
        let unfiltered = s.state.current.log!.records.map(\.id)
        s.keys(.character("/"))
        s.type("level:warning")
        #expect(s.state.current.log!.records.map(\.id) == unfiltered) // still typing
        s.pause()
        #expect(s.state.current.log!.records.allSatisfy { $0.level >= 300 })
        s.keys(.escape)
        #expect(s.state.prompt == nil)
        #expect(s.state.current.log!.records.map(\.id) == unfiltered)
        s.keys(.character("/"))
        s.type("level:bogus")
        s.keys(.enter)
        #expect(s.state.prompt != nil)
        #expect(s.screen.contains { $0.contains("unknown level") })
        s.keys(.control("u"))
        s.type("refund")
        s.keys(.enter)
        #expect(s.state.prompt == nil)
        #expect(s.state.current.log!.filterText == "refund")
        s.keys(.character("x"))
        #expect(s.state.current.log!.filterText == "")
        #expect(s.state.current.log!.records.map(\.id) == unfiltered)
    }

    /// `d` and `since:7d` mean the same last seven days (7 × 24 hours), and the prompt says which.
    @Test func dateKeyIsTheSameSevenDaysAsSince7d() throws {
        let s = try session()
        s.keys(.character("d"))
        #expect(s.state.prompt?.text == "since:7d")
        s.keys(.enter)
        let typed = try QueryText.parse("since:7d", clock: Clock.fixed(now: s.state.now))
        #expect(s.state.current.log?.filter.since == typed.since)
        #expect(typed.since == Timestamp(seconds: s.state.now.seconds - 7 * 86_400))
        // A filter with dates already: `d` replaces them and keeps the rest.
        s.keys(.character("/"), .control("u"))
        s.type("admin:ops since:2025-01-01 until:2025-02-01")
        s.keys(.enter, .character("d"))
        #expect(s.state.prompt?.text == "admin:ops since:7d")
    }

    @Test func pickerFiltersAsYouTypeAndOpensTheLog() throws {
        let s = try session()
        s.keys(.character("2"), .character("/"))
        s.type("Umbrella")
        #expect(s.state.current.picker!.entities.allSatisfy {
            ($0.name ?? "").contains("Umbrella") || $0.email!.contains("umbrella") })
        #expect(!s.state.current.picker!.entities.isEmpty)
        s.keys(.enter, .enter)
        #expect(s.state.current.showingLog)
        #expect(s.screen[1].hasPrefix("Customer · "))
        s.keys(.character("h"))
        #expect(!s.state.current.showingLog)
    }

    @Test func aTallExpansionScrollsLineByLine() throws {
        let s = try session(width: 80, height: 10)
        s.keys(.character("/"))
        s.type("channel:audit billingAddress")
        s.keys(.enter, .enter)
        let height = LogScreen.height(s.state.context, s.state.current.log!, 0)
        #expect(height > s.state.bodyHeight)
        for _ in 0..<(height - s.state.bodyHeight) { s.keys(.character("j")) }
        #expect(s.state.current.log!.selected == 0)
        #expect(s.state.current.log!.topLine == height - s.state.bodyHeight)
        s.keys(.character("j"))
        #expect(s.state.current.log!.selected == 1)
        s.keys(.character("k"))
        #expect(s.state.current.log!.selected == 0)
    }

    @Test func rawTogglesStoredText() throws {
        let s = try session(width: 120, height: 40)
        s.keys(.character("/"))
        s.type("channel:audit billingEmail")
        s.keys(.enter, .enter)
        // The stored old value is PHP-quoted ('old@x'): shown unquoted, and as stored with `r`.
        let stored = try #require(s.state.current.log?.selectedRecord?.change?.old)
        #expect(stored.hasPrefix("'") && stored.hasSuffix("'"))
        #expect(s.screen.contains { $0.contains("- " + stored.dropFirst().dropLast() ) && !$0.contains("- " + stored) })
        s.keys(.character("r"))
        #expect(s.screen.contains { $0.contains("- " + stored) })
    }

    @Test func quitGoesBackFirstThenQuits() throws {
        let s = try session()
        s.keys(.character("2"), .enter)
        s.keys(.character("q"))
        #expect(!s.state.quit)
        #expect(!s.state.current.showingLog)
        // A tab switch is a place: `q` returns to the picker left, then to Overall, then quits.
        s.keys(.character("1"), .character("q"))
        #expect(!s.state.quit && s.state.tab == .customers && !s.state.current.showingLog)
        s.keys(.character("q"))
        #expect(!s.state.quit && s.state.tab == .overall)
        s.keys(.character("q"))
        #expect(s.state.quit)
        let t = try session()
        t.keys(.control("c"))
        #expect(t.state.quit)
    }

    @Test func helpListsEveryBindingOfTheKeymap() throws {
        let s = try session(width: 100, height: 70)
        s.keys(.function(1))
        let text = s.screen.joined(separator: "\n")
        for binding in Keymap.bindings { #expect(text.contains(binding.help), "\(binding.help)") }
        s.keys(.escape)
        #expect(!s.state.showHelp)
    }

    @Test func tooSmallTerminalSaysSo() throws {
        let s = try session(width: 30, height: 6)
        #expect(s.screen.contains { $0.contains("Terminal too small") })
        s.send(.resize(width: 80, height: 24))
        #expect(s.screen[0].contains("Overall"))
    }

    @Test func emptyDatabaseSaysHowToFillIt() throws {
        let path = NSTemporaryDirectory() + "auditlog-empty-" + UUID().uuidString + ".db"
        _ = try AuditStore(path: path, mode: .readWrite)
        let s = try session(path: path)
        let text = s.screen.joined(separator: "\n")
        #expect(text.contains("No logs found"))
        #expect(text.contains("auditlog import"))
        #expect(text.contains("auditlog demo"))
    }

    @Test func followShowsABannerInsteadOfMovingRows() throws {
        let path = NSTemporaryDirectory() + "auditlog-follow-" + UUID().uuidString + ".db"
        let writer = try AuditStore(path: path, mode: .readWrite)
        let first = GeneratedRecord(time: Timestamp(seconds: 1_700_000_000), channel: "controller", level: .info,
                                    message: "First", context: .object([]), extra: .object([]))
        _ = try writer.insertGenerated([first])
        let s = try session(path: path)
        s.keys(.character("F"))
        let rows = s.screen
        let later = (1...3).map {
            GeneratedRecord(time: Timestamp(seconds: 1_700_000_000 + Int64($0)), channel: "controller", level: .info,
                            message: "Later \($0)", context: .object([]), extra: .object([]))
        }
        _ = try writer.insertGenerated(later)
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000))
        #expect(s.screen[1].contains("3 new records — g to see them"))
        #expect(Array(s.screen[2...3]) == Array(rows[2...3]))
        s.keys(.character("g"))
        #expect(s.state.current.log!.records.first?.message == "Later 3")
        #expect(s.screen.last!.contains("row 1 of 4")) // the count is taken again, not left at 1

        // More than the counted cap reads as such, not as exactly the cap.
        let many = (10...1_012).map {
            GeneratedRecord(time: Timestamp(seconds: 1_700_000_000 + Int64($0)), channel: "controller", level: .info,
                            message: "Many \($0)", context: .object([]), extra: .object([]))
        }
        _ = try writer.insertGenerated(many)
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 4_000_000))
        #expect(s.screen[1].contains("1 000+ new records — g to see them"), "\(s.screen[1])")
        s.keys(.character("g"))
        #expect(s.screen.last!.contains("row 1 of 1 007"))
    }
}
