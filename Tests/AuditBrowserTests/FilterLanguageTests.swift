import AuditStore
import Testing
@testable import AuditBrowser

/// The filter language is described once (`QueryText.Filter`, beside its parser); the help screen and the
/// filter prompt's placeholder are made from it, so each lists every word the parser reads.
@Suite struct FilterLanguageTests {
    /// The words the parser reads before a colon (aliases aside), with a value it accepts.
    static let words = ["customer": "c-1", "subscription": "s-1", "admin": "ops", "since": "7d", "until": "2025-03-01",
                        "level": "warning", "channel": "audit", "request": "r-1", "field": "billingEmail",
                        "ref": "r7kq-2m9x", "search": "refund", "note": "chargeback", "has": "note"]

    @Test func theParserReadsEveryWordTheDescriptionHas() throws {
        let clock = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))
        for (word, value) in Self.words {
            let query = try QueryText.parse("\(word):\(value)", clock: clock)
            #expect(query != RecordQuery(words: ["\(word):\(value)"]), "\(word): is not a filter word")
        }
        #expect(Set(QueryText.Filter.allCases.map(\.rawValue)) == Set(Self.words.keys))
    }

    @Test func theHelpScreenListsEveryFilterWord() throws {
        let s = try session(width: 100, height: 80)
        s.keys(.function(1))
        let text = s.screen.joined(separator: "\n")
        for word in Self.words.keys { #expect(text.contains(" \(word):"), "help screen lacks \(word):") }
        // Within 80 columns.
        for line in HelpScreen.filterLines() { #expect(line.count <= 78, "\(line)") }
    }

    @Test func theFilterPromptsPlaceholderListsEveryFilterWord() throws {
        let s = try session(width: 250, height: 24)
        s.keys(.character("/"))
        let prompt = try #require(s.screen.last { $0.contains("customer:") })
        for word in Self.words.keys { #expect(prompt.contains("\(word):"), "placeholder lacks \(word): \(prompt)") }
    }
}
