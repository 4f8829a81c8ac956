import Testing
@testable import AuditBrowser

@Suite struct GridTests {
    @Test func wideCharactersTakeTwoColumnsAndClipWhole() {
        var grid = Grid(width: 10, height: 1)
        grid.put("李雷ab🐻x", x: 0, y: 0)
        #expect(grid.lines == ["李雷ab🐻x"])
        var narrow = Grid(width: 5, height: 1)
        narrow.put("李雷李", x: 0, y: 0)
        #expect(narrow.lines == ["李雷"]) // the third would straddle the edge
    }

    @Test func combiningMarksStayWithTheirLetter() {
        var grid = Grid(width: 6, height: 1)
        grid.put("e\u{301}x|", x: 0, y: 0)
        #expect(grid.lines == ["e\u{301}x|"])
        #expect(TextWidth.of("e\u{301}x|") == 3)
    }

    @Test func truncationAndPaddingCountColumns() {
        #expect(TextWidth.truncate("株式会社テスト", to: 7) == "株式会…")
        #expect(TextWidth.pad("ab", to: 4) == "ab  ")
        #expect(TextWidth.wrap("one two three", width: 7) == ["one two", "three"])
    }

    @Test func sanitizerShowsControlsAndBidiVisibly() {
        #expect(Sanitizer.line("\u{1B}[31mred\u{07}") == "␛[31mred␇")
        #expect(Sanitizer.line("a\u{202E}b\u{2066}c") == "a\\u202Eb\\u2066c")
        #expect(Sanitizer.line("zero\u{200B}width") == "zero\\u200Bwidth")
        #expect(Sanitizer.line("c1\u{9B}x") == "c1\\u009Bx")
        #expect(Sanitizer.line("tab\tnl\n") == "tab␉nl␊")
        #expect(Sanitizer.lines("a\r\nb") == ["a", "b"])
        #expect(Sanitizer.line("Bär 🐻 李雷 שלום") == "Bär 🐻 李雷 שלום")
    }
}

@Suite struct DiffTests {
    @Test func lineDiffKeepsCommonLinesAndPutsRemovalsFirst() {
        let parts = Diff.parts(["street: 1 Main St", "city: Berlin", "country: DE"],
                               ["street: 1 Main St", "city: Paris", "country: DE"])
        #expect(parts == [.same("street: 1 Main St"), .removed("city: Berlin"), .added("city: Paris"), .same("country: DE")])
    }

    @Test func wordDiffMarksOnlyTheChangedWords() {
        let lines = ExpansionView.wordDiff("billing@acme.example", "accounts@acme.example", pad: "")
        #expect(lines[0].segments.filter { $0.style == Theme.removedWord }.map(\.text) == ["billing"])
        #expect(lines[1].segments.filter { $0.style == Theme.addedWord }.map(\.text) == ["accounts"])
        // Without colour the change still reads: signs and reverse video.
        #expect(lines[0].text == "- billing@acme.example")
        #expect(Theme.removedWord.reverse && Theme.addedWord.reverse)
    }
}
