import AuditStore
import Testing
@testable import AuditBrowser

/// The selection is a reverse block over the request mark and time: moving it rewrites a few cells,
/// so a row-down sends little over a slow link.
@Suite struct SelectionTests {
    func grid(_ s: BrowserSession) -> Grid {
        var grid = Grid(width: s.state.width, height: s.state.height)
        s.render(into: &grid)
        return grid
    }

    @Test func theSelectedRowShowsAReverseBlockOverItsTime() throws {
        let s = try session()
        let g = grid(s)
        // Row 2 is the first record's row, selected.
        #expect((0..<13).allSatisfy { g[$0, 2].style.reverse })
        #expect(!(13..<80).contains { g[$0, 2].style.reverse })
        #expect(!(0..<80).contains { g[$0, 3].style.reverse })
    }

    @Test func rowDownChangesOnlyTheTwoBlocksAndTheStatus() throws {
        let s = try session()
        let before = grid(s)
        s.keys(.character("j"))
        let after = grid(s)
        var changed: [(Int, Int)] = []
        for y in 0..<before.height {
            for x in 0..<before.width where before[x, y] != after[x, y] { changed.append((x, y)) }
        }
        #expect(changed.allSatisfy { $0.1 == 2 || $0.1 == 3 || $0.1 == before.height - 1 })
        #expect(changed.filter { $0.1 == 2 || $0.1 == 3 }.count == 26)
        #expect(changed.count <= 40, "\(changed.count) cells changed")
        #expect(after[0, 3].style.reverse && !after[0, 2].style.reverse)
    }

    @Test func thePickerMarksTheLabelColumn() throws {
        let s = try session()
        s.keys(.character("2"))
        let g = grid(s)
        #expect(g[1, 3].style.reverse)
        #expect(!g[79, 3].style.reverse)
        #expect(!(0..<80).contains { g[$0, 4].style.reverse })
    }
}
