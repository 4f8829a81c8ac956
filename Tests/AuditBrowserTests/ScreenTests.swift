import AuditStore
import Testing
@testable import AuditBrowser

@Suite struct ScreenTests {
    @Test func overallAt80x24() throws {
        let s = try session()
        try expectGolden(s.screen, "overall-80x24")
    }

    @Test func overallAt200x50() throws {
        let s = try session(width: 200, height: 50)
        try expectGolden(s.screen, "overall-200x50")
    }

    @Test func customerPickerAndLog() throws {
        let s = try session()
        s.keys(.character("2"))
        try expectGolden(s.screen, "customers-picker-80x24")
        s.keys(.enter)
        try expectGolden(s.screen, "customer-log-80x24")
    }

    /// An admin's log: every row is that admin's, so the admin column goes (as a customer's log leaves out the
    /// customer) and the message takes its room.
    @Test func anAdminsLogHasNoAdminColumn() throws {
        let s = try session()
        s.keys(.character("4"))
        let admin = try #require(s.state.current.picker?.entities.first)
        s.keys(.enter)
        try expectGolden(s.screen, "admin-log-80x24")
        let rows = s.screen[2..<23]
        let name = try #require(admin.label.split(separator: "@").first.map(String.init))
        #expect(rows.count == 21 && rows.allSatisfy { !$0.contains(name) }, "\(name): \(rows.joined(separator: "\n"))")
        // The message starts after the level marker and a space, where the admin's 14 columns were.
        #expect(rows.allSatisfy { $0.count > 17 && $0[$0.index($0.startIndex, offsetBy: 16)] != " " }, "\(rows)")
    }

    @Test func adminsAndSubscriptionsTabs() throws {
        let s = try session(width: 200, height: 50)
        s.keys(.character("4"))
        try expectGolden(s.screen, "admins-picker-200x50")
        s.keys(.character("3"))
        try expectGolden(s.screen, "subscriptions-picker-200x50")
    }

    /// What a support agent recognises first, at 60 and 80 columns: e-mails whole (a subscription's customer's,
    /// not its id), the name or plan after them, ids shortened at the end where there is room, one header per
    /// column (not "email / id | id"). Issue 20's tryout: e-mails cut at 25 columns, customer ids.
    @Test func pickersAt60And80Columns() throws {
        for (width, height) in [(80, 24), (60, 20)] {
            let s = try session(width: width, height: height)
            for (key, name) in [("2", "customers"), ("3", "subscriptions"), ("4", "admins")] {
                s.keys(.character(Character(key)))
                if width == 80, name == "customers" { continue } // customers-picker-80x24 above
                try expectGolden(s.screen, "\(name)-picker-\(width)x\(height)")
                #expect(s.screen.allSatisfy { TextWidth.of($0) <= width })
            }
        }
    }

    /// All four tabs are named at every width (issue 20's tryout: "4 Billing Admin" cut at 60 columns, and at
    /// 40 the bar lost its third and fourth tabs): shorter words where the whole ones do not fit.
    @Test func theTabBarNamesEveryTab() throws {
        for (width, labels) in [(80, ["Overall", "Customers", "Subscriptions", "Billing Admins"]),
                                (60, ["Overall", "Customers", "Subscriptions", "Admins"]),
                                (40, ["All", "Cust.", "Subs.", "Admins"])] {
            let s = try session(width: width, height: 12)
            let bar = s.screen[0] + " "
            for (number, label) in labels.enumerated() {
                #expect(bar.contains(" \(number + 1) \(label) "), "\(width) columns: \(bar)")
            }
        }
    }

    /// A subscription is found by its customer's e-mail, the text its picker shows.
    @Test func subscriptionsAreFoundByTheirCustomersEmail() throws {
        let s = try session()
        s.keys(.character("3"))
        let first = try #require(s.state.current.picker?.entities.first)
        let email = try #require(first.customerEmail)
        s.keys(.character("/"))
        s.type(String(email.prefix(while: { $0 != "@" })) + "@")
        s.pause()
        s.keys(.enter)
        let found = s.state.current.picker?.entities ?? []
        #expect(!found.isEmpty && found.allSatisfy { $0.customerEmail == email }, "\(s.screen.joined(separator: "\n"))")
    }

    /// A field's history at 80 columns: each row shows old → new, cut with an ellipsis, not the field's name
    /// again and again (the tryout's `field:` view read "Customer.billingEmail: '…" on every row).
    @Test func aFieldsHistoryShowsOldAndNewAt80Columns() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("field:billingEmail")
        s.keys(.enter)
        try expectGolden(s.screen, "field-history-80x24")
        let log = try #require(s.state.current.log)
        let rows = s.screen[2..<min(2 + log.records.count, 23)]
        #expect(rows.count > 3 && rows.allSatisfy { $0.contains(" → ") }, "\(rows.joined(separator: "\n"))")
        for (row, record) in zip(rows, log.records) {
            let change = try #require(record.change)
            let (old, new) = (String((change.old ?? "NULL").prefix(8)), String((change.new ?? "NULL").prefix(8)))
            let sides = row.components(separatedBy: " → ")
            #expect(sides[0].contains(" " + old), "\(row)")
            #expect(sides[1].hasPrefix(new), "\(row)")
        }
        // Beside other records the field is named, still with both values.
        s.keys(.character("x"), .character("/"))
        s.type("channel:audit")
        s.keys(.enter)
        #expect(s.screen[2...6].contains { $0.contains(": ") && $0.contains(" → ") }, "\(s.screen.joined(separator: "\n"))")
    }

    @Test func expandedFieldChange() throws {
        for (width, height) in [(80, 24), (200, 50)] {
            let s = try session(width: width, height: height)
            s.keys(.character("/"))
            s.type("channel:audit billingEmail")
            s.keys(.enter)
            s.keys(.enter)
            try expectGolden(s.screen, "expanded-change-\(width)x\(height)")
        }
        // Its reference under its time, the same in ASCII (references are ASCII).
        let ascii = try session(glyphs: .ascii)
        ascii.keys(.character("/"))
        ascii.type("channel:audit billingEmail")
        ascii.keys(.enter, .enter)
        try expectGolden(ascii.screen, "expanded-change-ascii-80x24")
        let record = try #require(ascii.state.current.log?.selectedRecord)
        #expect(ascii.screen[4] == "    Reference  " + record.ref.text)
    }

    @Test func noLogsScreen() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("level:emergency nothing-matches-this")
        s.keys(.enter)
        try expectGolden(s.screen, "no-logs-80x24")
    }

    @Test func helpScreen() throws {
        let s = try session()
        s.keys(.character("?"))
        try expectGolden(s.screen, "help-80x24")
    }

    @Test func hostileNamesRowAt200x50() throws {
        let s = try session(width: 200, height: 50)
        s.keys(.character("/"))
        s.type("admin:李雷@acme.example")
        s.keys(.enter)
        try expectGolden(s.screen, "cjk-rows-200x50")
    }
}

/// A filter naming someone who does not exist says so on the no-logs screen; a short name resolves.
@Suite struct NameFilterScreenTests {
    @Test func anUnknownAdminIsNamedOnTheNoLogsScreen() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("admin:nobody")
        s.keys(.enter)
        let screen = s.screen.joined(separator: "\n")
        #expect(screen.contains("No logs found"), "\(screen)")
        #expect(screen.contains("no billing admin matches \"nobody\""), "\(screen)")
    }

    @Test func theShortNameTheListShowsFindsTheAdmin() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("admin:ops")
        s.keys(.enter)
        let rows = s.screen[2..<(s.state.height - 1)].filter { !$0.isEmpty }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(" ops ") }, "\(s.screen.joined(separator: "\n"))")
    }
}

/// Narrow terminals keep the message: the target column shrinks, then goes; dates say their year.
@Suite struct NarrowScreenTests {
    /// The message's text on each record row: after the admin column, up to the target (drawn in cyan).
    func messages(_ s: BrowserSession) -> [String] {
        let start = 1 + 12 + 3 + RecordListView.adminWidth(s.state.width) + 1
        let grid = s.grid
        return (2..<(s.state.height - 1)).map { y in
            var text = ""
            for x in start..<grid.width where !grid[x, y].isContinuation {
                if grid[x, y].style == Theme.key { break }
                text += grid[x, y].text
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.filter { !$0.isEmpty }
    }

    @Test func theMessageHasPriorityOverTheTarget() throws {
        for width in [40, 50, 60, 80] {
            let s = try session(width: width, height: 24)
            let rows = messages(s)
            #expect(rows.count == 21, "\(width)")
            for row in rows {
                // At least 12 columns of message text before any target (a target is cyan, after a space), unless
                // the message is shorter (a field change fitted to its room, its values cut, can be).
                #expect(!row.hasPrefix(" ") && (row.count >= min(12, width - 28) || !row.hasSuffix("…")),
                        "\(width): \(row.debugDescription)")
            }
            if width == 60 {
                // The message gets at least 27 of the 45 columns; the target (when shown) the rest.
                #expect(rows.allSatisfy { $0.count >= 27 || !$0.hasSuffix("…") }, "\(rows)")
            }
        }
    }

    @Test func theRequestListIsCutNotWrappedMidWord() throws {
        let s = try session()
        s.keys(.character("/"))
        s.type("channel:audit billingEmail")
        s.keys(.enter, .enter)
        let screen = s.screen
        guard let index = screen.firstIndex(where: { $0.contains("▸") }) else {
            Issue.record("no request list: \(screen.joined(separator: "\n"))"); return
        }
        #expect(screen[index].hasSuffix("…"), "\(screen[index])")
        // The next line is the request's next record (its time), not the rest of a wrapped line.
        #expect(screen[index + 1].hasPrefix("        ") && screen[index + 1].dropFirst(8).prefix(8).filter { $0 == ":" }.count == 2,
                "\(screen[index + 1])")
    }

    @Test func datesSayTheirYearWhenItIsNotThisYearAndAlwaysTheirTimeOfDay() throws {
        let clock = Clock.fixed(now: Timestamp(seconds: 1_767_225_600 + 86_400 * 40)) // 2026-02-10
        #expect(clock.shortText(Timestamp(seconds: 1_767_225_600 + 86_400 * 9 + 3_600 * 8 + 60), withYear: false)
            == "Jan 10 08:01")
        #expect(clock.shortText(Timestamp(seconds: 1_751_241_600 + 3_600 * 8 + 60), withYear: true) == "2025-06-30 08:01")
        #expect(clock.shortText(Timestamp(seconds: 1_738_368_000), withYear: true) == "2025-02-01 00:00")
        #expect(!clock.isThisYear(Timestamp(seconds: 1_738_368_000)) && clock.isThisYear(clock.now))
        // The screen: the demo's records are from 2025; seen in 2026 they say so, with their time of day.
        let store = try AuditStore(path: demoPath, mode: .readOnly)
        let s = BrowserSession(source: store, state: BrowserState(width: 80, height: 24, clock: clock))
        s.start()
        let rows = s.screen[2..<23]
        #expect(rows.allSatisfy { $0.dropFirst(1).hasPrefix("2025-06-") && digitShape($0.dropFirst(1).prefix(17)) == "9999-99-99 99:99 " },
                "\(rows.joined(separator: "\n"))")
    }
}

/// BillaBear logs an enum by its class name, the same before and after: the field changed, its value
/// was not recorded — never "(unchanged)".
@Suite struct UnrecordedValueTests {
    @Test func anEnumChangeSaysItsValueWasNotRecorded() throws {
        let s = try session(width: 200, height: 40)
        s.keys(.character("/"))
        s.type("channel:audit InvoiceFormat")
        s.keys(.enter)
        let list = s.screen.joined(separator: "\n")
        #expect(list.contains("Customer.invoiceFormat changed (value not recorded)"), "\(list)")
        s.keys(.enter)
        let screen = s.screen.joined(separator: "\n")
        #expect(screen.contains("value not recorded (BillaBear logs enums by class: BillaBear\\Enum\\InvoiceFormat)"), "\(screen)")
        #expect(!screen.contains("unchanged"), "\(screen)")
    }
}

/// Search words are highlighted (bold underline: readable without colour) in the rows and the expansion.
@Suite struct SearchHighlightTests {
    @Test func searchWordsAreUnderlinedWhereTheyOccur() throws {
        let s = try session(width: 120, height: 30)
        s.keys(.character("/"))
        s.type("Payment")
        s.keys(.enter, .enter) // the first match expanded
        let grid = s.grid
        var underlinedRuns: [String] = []
        for y in 2..<(grid.height - 1) {
            var run = ""
            for x in 0..<grid.width where !grid[x, y].isContinuation {
                if grid[x, y].style.underline { run += grid[x, y].text } else if !run.isEmpty {
                    underlinedRuns.append(run)
                    run = ""
                }
            }
            if !run.isEmpty { underlinedRuns.append(run) }
        }
        #expect(underlinedRuns.count >= 3, "\(s.screen.joined(separator: "\n"))")
        #expect(underlinedRuns.allSatisfy { $0.lowercased() == "payment" }, "\(underlinedRuns)")
        // The expansion (below the first row) has its matches marked too.
        let expansionRows = (3..<(grid.height - 1)).filter { y in s.screen[y].hasPrefix("    ") }
        #expect(expansionRows.contains { y in (0..<grid.width).contains { grid[$0, y].style.underline } })
    }
}
