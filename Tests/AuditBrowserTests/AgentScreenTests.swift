import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// The browser as an agent sees it (issue 22): on every screen — rows, expansions (context values, the
/// change's old and new), raw records, pickers, a customer's log, state then, notes, review, the prompt's
/// answers — none of the fixture's personal values; a reviewer's screens show them.
@Suite struct AgentScreenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AuditStoreTests/Fixtures/personal").path
    static let unmasked: [String] = {
        let text = try! String(contentsOfFile: fixtures + "/unmasked-values.txt", encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }()

    /// The fixture imported with its customers, once per test process.
    static let path: String = {
        let path = NSTemporaryDirectory() + "auditlog-browser-tests-" + UUID().uuidString + ".db"
        let store = try! AuditStore(path: path, mode: .readWrite)
        _ = try! store.importSource(path: fixtures + "/personal.log")
        _ = try! store.loadCustomers(csvPath: fixtures + "/customers.csv")
        let first = try! store.page(of: RecordQuery(), from: .oldest, limit: 1)[0]
        _ = try! store.addNote(onRecord: first.id, text: "called back")
        return path
    }()

    static func session(_ role: Role, glyphs: Glyphs = .unicode, width: Int = 80, height: Int = 24) throws -> BrowserSession {
        let store = try AuditStore(path: path, mode: .readOnly, role: role)
        var state = BrowserState(width: width, height: height, clock: testClock, glyphs: glyphs)
        state.role = role
        let session = BrowserSession(source: store, state: state)
        session.start()
        return session
    }

    /// Every screen the keys reach, as one text.
    static func walk(_ s: BrowserSession) -> String {
        var seen: [String] = []
        func look() { seen.append(s.screen.joined(separator: "\n")) }
        look()
        for _ in 0..<14 {
            s.keys(.enter); look()
            s.keys(.character("r")); look()
            s.keys(.character("r"), .enter, .character("j"))
        }
        s.keys(.character("g"), .character("t")); look()
        s.keys(.escape, .character("W")); look()
        s.keys(.escape, .character("!")); look()
        for tab in ["2", "3"] {
            s.keys(.character(Character(tab))); look()
            s.keys(.enter); look()
            s.keys(.enter); look()
            s.keys(.character("t")); look()
            s.keys(.escape, .escape)
        }
        s.keys(.character("1"), .character("/"))
        s.type("customer:jane")
        look()
        s.keys(.enter)
        s.pause(); look()
        return seen.joined(separator: "\n\n")
    }

    @Test(arguments: [Glyphs.unicode, .ascii])
    func noScreenShowsAnAgentAPersonalValue(glyphs: Glyphs) throws {
        let text = Self.walk(try Self.session(.agent, glyphs: glyphs))
        for value in Self.unmasked { #expect(!text.contains(value), "\(value) shown to an agent") }
        let bullet = glyphs.ascii ? "***" : "•••"
        #expect(text.contains("j\(bullet)@quillfeather.example"), "\(text)")
        #expect(text.contains("J. R. B."))
    }

    @Test func aReviewerSeesThem() throws {
        let text = Self.walk(try Self.session(.reviewer))
        for value in ["jane.roe@quillfeather.example", "Jane Roe Brightwater", "DE975318642"] {
            #expect(text.contains(value), "\(value) hidden from a reviewer")
        }
    }

    /// An agent's filter finds a customer by the exact e-mail, not by a part of it.
    @Test func anAgentOpensACustomerByExactEmailOnly() throws {
        let s = try Self.session(.agent)
        s.keys(.character("/"))
        s.type("jane.roe")
        s.keys(.enter)
        s.pause()
        #expect(s.state.current.log?.records.isEmpty == true, "\(s.screen.joined(separator: "\n"))")
        s.keys(.character("/"))
        for _ in 0..<10 { s.keys(.backspace) }
        s.type("customer:jane.roe@quillfeather.example")
        s.keys(.enter)
        s.pause()
        #expect(s.state.current.log?.records.count == 11, "\(s.screen.joined(separator: "\n"))")
    }

    /// The masked screen: a customer's e-mail changes, one expanded, at 80×24 in Unicode and in ASCII.
    @Test(arguments: [Glyphs.unicode, .ascii])
    func theMaskedScreen(glyphs: Glyphs) throws {
        let s = try Self.session(.agent, glyphs: glyphs)
        s.keys(.character("/"))
        s.type("field:billingEmail")
        s.keys(.enter)
        s.pause()
        try s.selectFirst { $0.change?.old != "NULL" }
        s.keys(.enter)
        try expectGolden(s.screen, "agent-expanded\(glyphs.ascii ? "-ascii" : "")-80x24")
    }
}
