@testable import AuditStore
import Testing
@testable import AuditBrowser

/// Scrolling inside a tall expansion, then closing it: the screen is full again from the newest row.
@Suite struct ExpansionScrollTests {
    /// Record `n` of customer c-1; record 6 carries a context taller than a 60×20 screen.
    static func record(_ n: Int) -> AuditRecord {
        let context = n == 6 ? "{" + (0..<30).map { "\"key\($0)\":\"value \($0)\"" }.joined(separator: ",") + "}" : "{}"
        return AuditRecord(id: Int64(100 - n), time: Timestamp(seconds: 1_751_241_600 - Int64(n) * 60),
                           channel: "controller", level: 200, levelName: "INFO", message: "Record \(n)",
                           contextJSON: context, extraJSON: "{}", customerID: "c-1", subscriptionID: nil,
                           adminID: nil, requestUID: nil, change: nil, adminName: nil, ownerCustomerID: "c-1",
                           customerLabel: nil)
    }

    func screen(_ state: BrowserState) -> [String] {
        var grid = Grid(width: state.width, height: state.height)
        render(state, into: &grid)
        return grid.lines
    }

    /// 60×20, `--customer c-1`, `jjjjjj Enter j Backspace`: the 12 records fill the screen from the newest.
    @Test func closingAnExpansionScrolledIntoLeavesNoRowAboveTheScreenAndNoGapBelow() {
        var state = BrowserState(width: 60, height: 20, clock: ReducerTests.clock)
        state.tab = Tab(kind: .customer)
        let effects = openLog(&state, kind: .customer, id: "c-1", label: "c-1")
        guard case .loadRecords(let ticket, _, _)? = effects.first else { Issue.record("\(effects)"); return }
        _ = reduce(&state, .recordsLoaded(ticket, (0..<12).map { Self.record($0) }))
        for key in "jjjjjj" { _ = reduce(&state, .key(.character(key))) }
        _ = reduce(&state, .key(.enter))
        #expect(screen(state).contains { $0.contains("key29") } == false, "the expansion is taller than the screen")
        _ = reduce(&state, .key(.character("j"))) // reads on inside the expansion
        #expect(state.current.log?.selected == 6 && state.current.log?.topLine == 1)
        _ = reduce(&state, .key(.backspace)) // closes the expansion
        let body = Array(screen(state)[2..<19])
        #expect(state.current.log?.selected == 6)
        #expect(body.prefix(12).enumerated().allSatisfy { $1.contains("Record \($0)") }, "\(body.joined(separator: "\n"))")
        #expect(body.dropFirst(12).allSatisfy { $0.allSatisfy { $0 == " " } })
    }
}
