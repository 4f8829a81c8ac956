import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// Help reads whole at any width: texts wrap under their column instead of being cut, the key column is as
/// wide as its section's keys, and the status bar does not offer `? help` over help itself.
@Suite struct HelpLayoutTests {
    /// The screen's text with every run of spaces made one: a wrapped sentence reads as one.
    static func collapsed(_ lines: [String]) -> String {
        lines.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test(arguments: [60, 80])
    func everyHelpTextIsWhole(width: Int) throws {
        let s = try session(width: width, height: 120)
        s.keys(.character("?"))
        let text = Self.collapsed(s.screen)
        for binding in Keymap.bindings {
            let help = Self.collapsed([binding.help])
            #expect(text.contains(help), "help at \(width) columns lacks \"\(help)\":\n\(s.screen.joined(separator: "\n"))")
        }
        for (_, help) in Keymap.promptKeys { #expect(text.contains(Self.collapsed([help]))) }
        for line in s.screen { #expect(TextWidth.of(line) <= width) }
    }

    @Test func theKeyColumnFitsItsKeysAndWrappedTextStaysInIt() throws {
        let s = try session(width: 80, height: 120)
        s.keys(.character("?"))
        let screen = s.screen
        // "Enter l → Space" (15) is the widest key of "Logs and pickers": the text starts 2 columns after it.
        let next = try #require(screen.first { $0.hasPrefix("   j ↓") })
        let column = TextWidth.of(String(next[..<next.range(of: "next record")!.lowerBound]))
        #expect(column == 1 + 2 + 15 + 2, "\(next)")
        // The export line goes on under its text, not under the keys.
        let export = try #require(screen.firstIndex { $0.hasPrefix("   e ") })
        let rest = screen[export + 1]
        #expect(rest.hasPrefix(String(repeating: " ", count: column)) && rest.contains(".ndjson"), "\(rest)")
    }

    /// In ASCII `→` is spelled `Right`: "Enter l Right Space" (19) is the section's widest key and every text of
    /// the section starts in one column after it, as in Unicode (the column stopped at 18, so that row's text
    /// stood one column right of the others').
    @Test func theKeyColumnFitsItsKeysInASCII() throws {
        let s = try session(width: 80, height: 120, glyphs: .ascii)
        s.keys(.character("?"))
        let screen = s.screen
        func textColumn(_ keys: String, _ help: String) throws -> Int {
            let line = try #require(screen.first { $0.hasPrefix("   " + keys + " ") && $0.contains(help) }, "\(keys)")
            return TextWidth.of(String(line[..<line.range(of: help)!.lowerBound]))
        }
        let expand = try textColumn("Enter l Right Space", "expand or close the record")
        #expect(expand == 1 + 2 + 19 + 2)
        #expect(try textColumn("j Down", "next record") == expand, "\(screen.joined(separator: "\n"))")
    }

    @Test func theStatusBarUnderHelpDoesNotRepeatItsKey() throws {
        let s = try session(width: 80, height: 24)
        s.keys(.character("?"))
        let status = try #require(s.screen.last)
        #expect(status.contains("? or Esc closes"))
        #expect(!status.contains("? help"), "\(status)")
        s.keys(.escape)
        #expect(s.screen.last?.contains("? help") == true)
    }

    @Test func aFilterErrorIsWholeAt80Columns() throws {
        let s = try session(width: 80, height: 24)
        s.keys(.character("/"))
        s.type("level:loud")
        s.pause()
        let error = try #require(s.state.prompt?.error)
        #expect(TextWidth.of(error) > 60, "a long error, to be wrapped")
        #expect(Self.collapsed(s.screen).contains(Self.collapsed([error])), "\(s.screen.joined(separator: "\n"))")
        #expect(s.screen.last?.hasPrefix("filter: level:loud") == true)
    }

    /// README's Keys table names every key the help screen lists (the keymap is the source): a key added to a screen
    /// without its row in the table fails here (`W`, `A` and `!` were missing).
    @Test func theReadmeKeysTableNamesEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = try #require(readme.components(separatedBy: "\n### Keys\n").dropFirst().first)
            .split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        // The keys column: each key in backquotes; `1`–`4` names the ones between too.
        var named: Set<String> = []
        for row in table.dropFirst(2) {
            let cell = row.split(separator: "|", omittingEmptySubsequences: false)[1]
            let keys = cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            named.formUnion(keys)
            for (low, high) in zip(keys, keys.dropFirst()) where cell.contains("`\(low)`–`\(high)`") {
                if let a = low.unicodeScalars.first?.value, let b = high.unicodeScalars.first?.value, a < b {
                    named.formUnion((a...b).compactMap { Unicode.Scalar($0).map { String(Character($0)) } })
                }
            }
        }
        #expect(named.count > 40, "\(named)")
        for binding in Keymap.bindings {
            for key in binding.keys { #expect(named.contains(key.name), "README's Keys table lacks `\(key.name)` (\(binding.help))") }
        }
    }
}
