import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// A tab is a stack of screens: the top one reads a key first, the browser's own keys after it, and the screens
/// beneath never see it.
@Suite struct ScreenStackTests {
    /// Back over "state then" leaves it, even when the record beneath is expanded (it closed that hidden
    /// expansion instead, leaving the user on the state screen).
    @Test func backOverAScreenLeavesItAndNotTheExpansionBeneath() throws {
        let (s, _) = try StateScreenTests.onACustomerChange()
        s.keys(.enter)
        #expect(s.state.current.log?.expanded.isEmpty == false)
        let expanded = s.screen
        s.keys(.character("t"))
        #expect(s.state.current.top(StateScreen.self) != nil)
        s.keys(.backspace)
        #expect(s.state.current.top(StateScreen.self) == nil, "Back leaves the state screen")
        #expect(s.screen == expanded, "the expansion beneath is still open")
    }

    /// A key the top screen does not take and the browser does not either does nothing: `i` over "state then"
    /// opened the histogram of the log beneath.
    @Test func aKeyTheTopScreenDoesNotTakeDoesNothing() throws {
        let (s, _) = try StateScreenTests.onACustomerChange()
        s.keys(.character("t"))
        let screen = s.screen
        for key in "ixF/crR" { s.keys(.character(key)) }
        #expect(s.state.current.top(StateScreen.self) != nil && s.state.prompt == nil && !s.state.follow)
        #expect(s.screen == screen)
    }

    /// The status bar's hints are the top screen's keys: what the screen takes, nothing else; its own sections'
    /// first (the histogram's `+/- zoom` before the borrowed `Enter open`).
    @Test func hintsComeFromTheTopScreensKeys() throws {
        for type in Screens.all.map(\.type) {
            let words = type.keys.hints(.unicode)
            let bound = (type.keys.sections.flatMap(\.all) + type.keys.borrowed).compactMap { $0.hint.map { "\($0)" } }
            #expect(words.dropLast(3).map { String($0.split(separator: " ").last!) } == bound, "\(type)")
            #expect(words.suffix(3) == ["Backspace back", "? help", "q quit"], "\(type)")
        }
    }

    /// Each registered screen's opener is listed in the help section of the screens it opens over, once.
    @Test func openersAreListedWhereTheyOpen() throws {
        for registration in Screens.all {
            guard let opener = registration.opener else { continue }
            let sections = Keymap.sections.filter { $0.all.contains { $0.help == opener.binding.help } }
            #expect(sections.map(\.title) == [opener.section], "\(registration.name)")
        }
    }
}
