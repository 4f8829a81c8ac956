import Foundation
import Testing

/// What an agent gets from every command (issue 22): no personal value of the fixture in any output —
/// export and report in each format, state, show, review, note list, the browser without a terminal, a
/// completion — while a reviewer's holds them. `AUDITLOG_ROLE=agent` lowers the role as the roles file does
/// on the shared server. (The browser's screens: `AgentScreenTests`.)
extension ProcessTests {
@Suite struct AgentOutputTests {
    static let fixtures = Binary.samples + "/personal"
    static let customer = "7a1c0e52-3b9d-4f0e-8c61-2d4b5a6e7f81"
    static let other = "b2e4f6a8-1c3d-4e5f-9a7b-0c1d2e3f4a5b"
    static let unmasked: [String] = {
        let text = try! String(contentsOfFile: fixtures + "/unmasked-values.txt", encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }()
    static let agent = ["AUDITLOG_ROLE": "agent"]

    static func database() throws -> String {
        let db = Binary.temporaryDirectory() + "/audit.db"
        let run = try Binary.run(["import", "--db", db, "--customers", fixtures + "/customers.csv", fixtures + "/personal.log"])
        #expect(run.status == 0, "\(run.stderr)")
        let refs = try Binary.run(["export", "--db", db, "--format", "csv"]).stdout
        let ref = refs.split(separator: "\n")[1].split(separator: ",").first { $0.count == 19 && $0.contains("-") }!
        let note = try Binary.run(["note", "add", String(ref), "--db", db, "--text", "called back"])
        #expect(note.status == 0, "\(note.stderr)")
        return db
    }

    /// Every command an agent may run on the store, each as (what it is, its arguments).
    static func commands(_ db: String, refs: [String], dir: String) -> [(String, [String])] {
        var all: [(String, [String])] = []
        for format in ["text", "csv", "json", "ndjson"] {
            all.append(("export \(format)", ["export", "--db", db, "--format", format, "--with-notes"]))
        }
        all.append(("export -o", ["export", "--db", db, "-o", dir + "/out.json"]))
        for format in ["text", "csv", "json", "html"] { all.append(("report \(format)", ["report", "--db", db, "--format", format])) }
        for format in ["text", "csv", "json", "html"] {
            all.append(("review \(format)", ["review", "--db", db, "--format", format, "--since", "2025-03-04", "--until", "2025-03-05",
                                             "--baseline", "7d"]))
        }
        for id in [customer, other] {
            for format in ["text", "json", "csv"] {
                all.append(("state \(format)", ["state", "--db", db, "--customer", id, "--format", format]))
            }
        }
        for format in ["text", "json", "csv"] { all.append(("show \(format)", ["show", "--db", db, "--format", format] + refs)) }
        for format in ["text", "csv", "json"] { all.append(("note list \(format)", ["note", "list", "--db", db, "--format", format])) }
        all.append(("browse without a terminal", ["--db", db]))
        all.append(("a reference without a terminal", [refs[0], "--db", db]))
        all.append(("completion", ["complete-names", "customer", "", "--db", db]))
        all.append(("a customer's log", ["export", "--db", db, "--customer", "jane.roe@quillfeather.example"]))
        return all
    }

    static func refs(_ db: String) throws -> [String] {
        let csv = try Binary.run(["export", "--db", db, "--format", "csv"]).stdout
        return csv.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").first { $0.count == 19 && $0.filter { $0 == "-" }.count == 3 }.map(String.init)
        }
    }

    @Test func noCommandShowsAnAgentAPersonalValue() throws {
        let db = try Self.database()
        let dir = Binary.temporaryDirectory()
        let refs = try Self.refs(db)
        #expect(refs.count == 13)
        for (what, arguments) in Self.commands(db, refs: refs, dir: dir) {
            let run = try Binary.run(arguments, environment: Self.agent)
            #expect(run.status == 0 || (what.hasPrefix("review") && run.status == 3), "\(what): \(run.status) \(run.stderr)")
            var output = run.stdout + run.stderr
            if what == "export -o" { output += (try? String(contentsOfFile: dir + "/out.json", encoding: .utf8)) ?? "(no file)" }
            #expect(!output.isEmpty || what == "completion", "\(what) wrote nothing")
            // The temporary folders' random names are no data: a UUID once held the fixture's "47110".
            for path in [db, dir, (db as NSString).deletingLastPathComponent] {
                output = output.replacingOccurrences(of: path, with: "TMP")
            }
            for value in Self.unmasked { #expect(!output.contains(value), "\(what) shows \(value) to an agent") }
        }
    }

    @Test func aReviewerSeesThem() throws {
        let db = try Self.database()
        let export = try Binary.run(["export", "--db", db, "--format", "json"])
        let state = try Binary.run(["state", "--db", db, "--customer", Self.customer])
        for value in ["jane.doe@quillfeather.example", "Jane Roe Brightwater", "Rosenweg 12", "DE975318642", "+49 30 5550199"] {
            #expect(export.stdout.contains(value), "\(value)")
        }
        #expect(state.stdout.contains("jane.roe@quillfeather.example") && state.stdout.contains("DE975318642"))
    }

    /// The masks an agent reads, and a customer found by exact e-mail but not by part of it or by name.
    @Test func anAgentReadsTheMasksAndFindsACustomerOnlyByExactEmailOrID() throws {
        let db = try Self.database()
        let state = try Binary.run(["state", "--db", db, "--customer", "JANE.ROE@quillfeather.example"], environment: Self.agent)
        #expect(state.status == 0, "\(state.stderr)")
        for masked in ["j•••@quillfeather.example", "J. R. B.", "Berlin", "•••642"] {
            #expect(state.stdout.contains(masked), "\(masked) in \(state.stdout)")
        }
        for name in ["jane.roe", "Jane Roe Brightwater", "quillfeather"] {
            let run = try Binary.run(["export", "--db", db, "--customer", name], environment: Self.agent)
            #expect(run.status == 1 && run.stdout.isEmpty, "\(name): \(run.stdout)")
            // Only what they typed is said back: no name near it is offered.
            #expect(run.stderr == "auditlog: no customer matches \"\(name)\"\n", "\(run.stderr)")
        }
        let search = try Binary.run(["export", "--db", db, "--search", "jane.roe"], environment: Self.agent)
        #expect(search.status == 0 && search.stdout.isEmpty, "\(search.stdout)")
        let whole = try Binary.run(["export", "--db", db, "--search", "jane.roe@quillfeather.example"], environment: Self.agent)
        #expect(whole.stdout.split(separator: "\n").count == 2, "\(whole.stdout)")
    }
}
}

/// The built browser in tmux as an agent: masked rows and expansions (the counts, search and read-ahead
/// run on background connections: those mask too), a search for an e-mail's local part finds nothing, the
/// exact e-mail opens the customer, and `v` with a reason shows the record unmasked.
extension ProcessTests {
@Suite struct AgentBrowserTests {
    @Test(.requires(.tmux)) func anAgentBrowsesMaskedAndRevealsWithAReason() throws {
        let db = try AgentOutputTests.database()
        let t = try Tmux(command: "\(Binary.path) --db \(db)", environment: AgentOutputTests.agent)
        t.waitFor("row 1 of 13")
        /// None on the screen but what the agent typed themselves (the filter line, the no-logs screen's filters).
        func noPersonalValue(_ screen: String, _ what: String, typed: String = "") {
            let shown = typed.isEmpty ? screen : screen.replacingOccurrences(of: typed, with: "")
            for value in AgentOutputTests.unmasked { #expect(!shown.contains(value), "\(what): \(value)\n\(screen)") }
        }
        noPersonalValue(t.screen, "overall")
        try t.keys("/")
        try t.type("jane.roe")
        let none = try t.keys("Enter", until: .shows("No logs found"))
        noPersonalValue(none, "a search for a local part", typed: "jane.roe")
        try t.keys("x", until: .shows("Filters cleared"))
        try t.keys("/")
        try t.type("customer:jane.roe@quillfeather.example field:taxNumber")
        let log = try t.keys("Enter", until: .showsAll(["row 1 of 1", "'•••579' → '•••642'"]))
        noPersonalValue(log, "the customer's log", typed: "customer:jane.roe@quillfeather.example")
        try t.keys("Enter", until: .shows("Change  taxNumber"))
        try t.keys("v", until: .shows("why: "))
        try t.type("ticket 4411")
        try t.keys("Enter", until: .showsAll(["DE246813579", "DE975318642", "Revealed "]))
    }
}
}
