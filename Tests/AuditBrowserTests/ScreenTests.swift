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

    @Test func adminsAndSubscriptionsTabs() throws {
        let s = try session(width: 200, height: 50)
        s.keys(.character("4"))
        try expectGolden(s.screen, "admins-picker-200x50")
        s.keys(.character("3"))
        try expectGolden(s.screen, "subscriptions-picker-200x50")
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
