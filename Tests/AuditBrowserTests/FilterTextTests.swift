import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Whatever is typed in the filter prompt is data: quotes, LIKE wildcards, backslashes, FTS operators
/// and SQL fragments are searched for literally, never an error.
@Suite struct FilterTextTests {
    static let hostile = [
        "\"", "\"\"", "%", "_", "\\", "100%", "a_b", "\\%", "*", "cust*", "NEAR", "NEAR(a b)", "AND", "OR", "NOT",
        "-refund", "^refund", "'", "';", "'; DROP TABLE records; --", "\" OR 1=1 --", "records_text", "{", "}",
        "\u{1B}[31m", "\u{202E}", "ana.o'neil",
    ]

    /// The context as stored (JSON) also holds the word JSON-escaped.
    func holds(_ record: AuditRecord, _ word: String) -> Bool {
        let escaped = String(JSONValue.string(word).compactText.dropFirst().dropLast())
        let haystacks = [record.message, record.contextJSON].map { $0.lowercased() }
        return haystacks.contains { $0.contains(word.lowercased()) || $0.contains(escaped.lowercased()) }
    }

    @Test(arguments: hostile)
    func hostileFilterTextIsSearchedLiterally(_ text: String) throws {
        let s = try session()
        s.keys(.character("/"))
        for character in text { s.press(.character(character), now: s.state.now) }
        s.keys(.enter)
        #expect(s.state.notice == nil, "\(text.debugDescription): \(s.state.notice ?? "")")
        #expect(s.state.prompt == nil, "\(text.debugDescription): \(s.state.prompt?.error ?? "")")
        let log = try #require(s.state.current.log)
        let query = log.filter
        #expect(!log.loading)
        // Every shown record holds each searched word literally.
        for record in log.records {
            for word in query.words { #expect(holds(record, word), "\(text.debugDescription): \(record.message)") }
        }
        let screen = s.screen.joined(separator: "\n")
        #expect(!screen.contains("SQL") && !screen.contains("syntax"), "\(text.debugDescription)")
    }

    @Test func wildcardsMatchOnlyThemselves() throws {
        let s = try session()
        for text in ["%", "_"] {
            s.keys(.character("/"))
            s.type(text)
            s.keys(.enter)
            let records = s.state.current.log!.records
            // LIKE would match every record; a literal search matches only records holding the character.
            #expect(records.allSatisfy { holds($0, text) })
            s.keys(.character("x"))
        }
    }
}
