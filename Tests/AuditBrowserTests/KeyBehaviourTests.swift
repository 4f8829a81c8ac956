import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Keys doing what a user expects of a mature terminal tool.
@Suite struct KeyBehaviourTests {
    @Test func backClosesAnExpansionBeforeLeavingTheLog() throws {
        let s = try session()
        s.keys(.character("2"), .enter) // a customer's log
        let title = s.screen[1]
        #expect(title.hasPrefix("Customer · "))
        for key in [Key.escape, .backspace, .character("h"), .character("q")] {
            s.keys(.enter)
            #expect(s.state.current.log?.expanded.isEmpty == false)
            s.keys(key)
            #expect(s.state.current.log?.expanded.isEmpty == true, "\(key) closes the expansion")
            #expect(s.screen[1] == title, "\(key) stays in the log")
        }
        s.keys(.escape)
        #expect(s.screen[1].hasPrefix("Customers · pick one"), "then Back leaves the log")
    }

    @Test func reopeningTheFilterExtendsIt() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("admin:ops")
        s.keys(.enter)
        s.keys(.character("/"))
        s.type("customer")
        s.keys(.enter)
        #expect(s.state.current.log?.filterText == "admin:ops customer")
        #expect(s.state.current.log?.filter.words == ["customer"])
        #expect(s.state.prompt == nil)
    }

    @Test func theWholeRequestOpensAsAListAndBackReturns() throws {
        let s = try session()
        // The first record that belongs to a request of several.
        try s.selectFirst { r in
            r.requestUID != nil && (s.state.current.log?.records.filter { $0.requestUID == r.requestUID }.count ?? 0) > 1
        }
        let before = s.state.current.log!
        let uid = before.selectedRecord!.requestUID!
        s.keys(.character("R"))
        let log = s.state.current.log!
        #expect(s.screen[1] == "Request · " + uid)
        #expect(log.records.count > 1 && log.records.allSatisfy { $0.requestUID == uid })
        s.keys(.backspace)
        #expect(s.state.current.log?.selected == before.selected)
        #expect(s.screen[1] == "All records")
    }

    @Test func thePickerReachesItsRealEndAndShowsItsTotal() throws {
        let store = try AuditStore(path: NSTemporaryDirectoryPath() + "/picker-\(UInt64.random(in: 0...UInt64.max)).db",
                                   mode: .readWrite)
        for n in 0..<450 { try store.upsertCustomer(id: "c-\(1000 + n)", email: "c\(n)@x.example", name: nil) }
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock))
        s.start()
        s.keys(.character("2"))
        #expect(s.screen[23].hasPrefix(" 1 of 450 customers"), "\(s.screen[23])")
        s.keys(.character("G"))
        #expect(s.state.current.picker?.selected == 449)
        #expect(s.screen[23].hasPrefix(" 450 of 450 customers"), "\(s.screen[23])")
        #expect(s.screen[22].hasPrefix(" c0@x.example "), "the last entry: \(s.screen[22])")
        s.keys(.character("/"))
        #expect(s.screen[23].contains("text in the email, name or id"), "\(s.screen[23])")
        s.type("c44")
        #expect(s.screen[23].hasPrefix("filter: c44"))
        s.keys(.enter)
        #expect(s.screen[23].hasPrefix(" 1 of 11 customers"), "\(s.screen[23])") // c44, c440…c449
    }
}

/// `G` on a long picker reads its last page while the key waits, not every entry (ten million of them read
/// on the key path before); moving up reads the entries above as they come near; `g` returns to the top.
@Suite struct LongPickerTests {
    @Test func theEndOfALongPickerIsReadFromItsOtherEnd() throws {
        let store = try AuditStore(path: NSTemporaryDirectoryPath() + "/picker-\(UInt64.random(in: 0...UInt64.max)).db",
                                   mode: .readWrite)
        let count = PickerScreen.restReadAtOnce + 3 * PickerScreen.pageSize
        try store.inTransaction {
            for n in 0..<count { try store.upsertCustomer(id: "c-\(100_000 + n)", email: "c\(n)@x.example", name: nil) }
        }
        let all = try store.entities(.customer, limit: count)
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: testClock))
        s.start()
        s.keys(.character("2"), .character("G"))
        let picker = try #require(s.state.current.picker)
        #expect(picker.entities.count == PickerScreen.pageSize, "one page read, not the whole list")
        #expect(picker.entities.last == all.last && picker.entities[picker.selected] == all.last)
        let total = NumberText.grouped(count)
        #expect(s.screen[23].hasPrefix(" \(total) of \(total) customers"), "\(s.screen[23])")
        // Up past the window's first entry: the entries above are read in, and the positions stay right.
        for _ in 0..<(PickerScreen.pageSize + 50) { s.keys(.character("k")) }
        let up = count - PickerScreen.pageSize - 50
        #expect(s.screen[23].hasPrefix(" \(NumberText.grouped(up)) of \(total) customers"), "\(s.screen[23])")
        let moved = try #require(s.state.current.picker)
        #expect(moved.entities[moved.selected] == all[up - 1])
        s.keys(.character("g"))
        #expect(s.screen[23].hasPrefix(" 1 of \(total) customers"), "\(s.screen[23])")
        #expect(s.state.current.picker?.entities.first == all.first)
    }
}

func NSTemporaryDirectoryPath() -> String { FileManager.default.temporaryDirectory.path }

/// An import that adds records while the browser is open, older ones included, updates the totals.
@Suite struct StoreChangeTests {
    @Test func theTotalIsCountedAgainWhenAnImportAddsOlderRecords() throws {
        let path = try copyOfDemo()
        let s = try session(path: path)
        let before = s.state.current.log?.total
        #expect(before != nil)
        try importLines((0..<3).map { n in
            "[2020-01-0\(n + 1)T08:00:00+00:00] controller.INFO: Received request to list countries [] []"
        }, into: path)
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000))
        #expect(s.state.current.log?.total == before.map { $0 + 3 }, "\(s.screen.last ?? "")")
        #expect(s.screen.last?.contains("of \(NumberText.grouped((before ?? 0) + 3))") == true, "\(s.screen.last ?? "")")
    }
}

/// Records an import stored but has not yet put in the search index are still searched (by scan), and the
/// status bar says so while it matters: with search words, until the index has caught up.
@Suite struct SearchBacklogTests {
    @Test func aSearchSaysWhenRecordsAreNotYetIndexed() throws {
        let path = try copyOfDemo()
        let s = try session(path: path)
        var options = ImportOptions()
        options.indexSearchText = false
        let writer = try importLines((0..<40).map { n in
            "[2025-06-2\(n % 9)T08:00:\(10 + n)+00:00] controller.INFO: Received request to refund invoice zebra-\(n) [] []"
        }, into: path, options: options)
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000))
        #expect(s.screen.last?.contains("search index") == false, "no words, nothing to say: \(s.screen.last ?? "")")

        s.keys(.character("/"))
        s.type("zebra")
        s.keys(.enter)
        s.pause()
        let backlog = try writer.textBacklog()
        #expect(backlog.pending == 40)
        #expect(s.screen.last?.contains("search index \(backlog.percentIndexed) %, scanning the rest") == true,
                "\(s.screen.last ?? "")")
        #expect(s.state.current.log?.records.count == 40, "the records not yet indexed are found")

        try writer.indexPendingText()
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 2_000_000))
        #expect(s.screen.last?.contains("search index") == false, "\(s.screen.last ?? "")")
    }
}

/// The screen loop draws when the state changed (and once a second for the clock), not at every poll:
/// twenty browsers on one host each redrew 200 times a second while a background count ran.
@Suite struct RedrawTests {
    @Test func idleTicksLeaveTheRevisionAndKeysAndAnswersChangeIt() throws {
        let s = try session()
        s.tick(now: Timestamp(microseconds: s.state.now.microseconds + 100_000))
        let idle = s.revision
        for step in 1...5 { s.tick(now: Timestamp(microseconds: s.state.now.microseconds + Int64(step) * 100_000)) }
        #expect(s.revision == idle, "nothing happened: nothing to draw")
        s.keys(.character("j"))
        #expect(s.revision != idle)
        let moved = s.revision
        s.keys(.character("/"))
        s.type("refund")
        s.pause() // the filter applies after its pause: that tick changed the screen
        #expect(s.revision > moved)
    }
}
