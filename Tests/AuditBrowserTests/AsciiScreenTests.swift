import AuditStore
import Testing
@testable import AuditBrowser

/// A locale without UTF-8 (`LANG=C` over SSH): ncurses can send no other character there, so one would
/// vanish. Every screen must then be pure ASCII, with the data's own characters shown as escapes and the
/// columns where they are in Unicode.
@Suite struct AsciiScreenTests {
    /// Every cell of the screen is printable ASCII.
    func expectASCII(_ s: BrowserSession, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let grid = s.grid
        for y in 0..<grid.height {
            for x in 0..<grid.width where !grid[x, y].isContinuation {
                let ok = grid[x, y].text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
                #expect(ok, "\(what): cell \(x),\(y) holds \(grid[x, y].text.debugDescription)\n\(s.screen.joined(separator: "\n"))",
                        sourceLocation: sourceLocation)
                if !ok { return }
            }
        }
    }

    @Test func everyScreenIsASCII() throws {
        for (width, height) in [(40, 12), (80, 24), (200, 50)] {
            let s = try session(width: width, height: height, glyphs: .ascii)
            expectASCII(s, "overall \(width)")
            // Every record of the first screens expanded, in turn (changes, requests, contexts).
            for _ in 0..<30 {
                s.keys(.enter)
                expectASCII(s, "expanded \(width)")
                s.keys(.character("r"))
                expectASCII(s, "raw \(width)")
                s.keys(.character("r"), .enter, .down)
            }
            for tab in ["2", "3", "4"] {
                s.keys(.character(Character(tab)))
                expectASCII(s, "picker \(tab) \(width)")
                s.keys(.enter)
                expectASCII(s, "log \(tab) \(width)")
            }
            s.keys(.character("?"))
            expectASCII(s, "help \(width)")
            s.keys(.character("?"), .character("1"), .character("/"))
            s.type("admin:李雷 東京 →")
            expectASCII(s, "prompt \(width)")
            s.keys(.enter)
            s.pause()
            expectASCII(s, "no logs \(width)")
        }
        let small = try session(width: 30, height: 5, glyphs: .ascii)
        expectASCII(small, "too small")
    }

    /// Non-ASCII data reads as escapes, never as nothing; the frame uses ASCII stand-ins.
    @Test func dataIsEscapedAndTheFrameIsASCII() throws {
        let s = try session(width: 200, height: 50, glyphs: .ascii)
        s.keys(.character("/"))
        s.type("admin:李雷@acme.example")
        s.keys(.enter)
        let screen = s.screen.joined(separator: "\n")
        #expect(screen.contains("\\u674E\\u96F7@acme.example"), "\(screen)")
        #expect(screen.contains(" | "), "the dot becomes |: \(screen)")
        try expectGolden(s.screen, "cjk-rows-ascii-200x50")
    }

    /// The columns do not move: a row's level marker, admin and message start where they do in Unicode.
    @Test func columnsStayAligned() throws {
        let unicode = try session(width: 100, height: 30)
        let ascii = try session(width: 100, height: 30, glyphs: .ascii)
        for y in 2..<(unicode.state.height - 1) {
            let u = Array(unicode.screen[y]), a = Array(ascii.screen[y])
            guard u.count > 20 else { continue }
            // Time and level marker (columns 1…13) are ASCII in both; the admin column is 14 wide.
            #expect(String(u[1..<14]) == String(a[1..<14]), "row \(y)")
            #expect(a.count <= 100, "row \(y) overflows: \(String(a))")
        }
        try expectGolden(ascii.screen, "overall-ascii-100x30")
    }

    @Test func escapes() {
        #expect(Glyphs.ascii.line("jürgen 東京 \u{1B}[31m \u{202E} 😀") == "j\\u00FCrgen \\u6771\\u4EAC ^[[31m \\u202E \\U0001F600")
        #expect(Glyphs.unicode.line("jürgen \u{1B}") == "jürgen ␛")
        #expect(Glyphs.ascii.frame("loading… · a → b — c") == "loading... | a -> b - c")
        #expect(TextWidth.truncate("abcdefghij", to: 6, ellipsis: "...") == "abc...")
    }
}
