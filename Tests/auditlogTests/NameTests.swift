import Foundation
import Testing

/// `--customer`, `--admin`, `--subscription` and `admin:` in `--query` take the names the screens show;
/// one that matches nothing is an error and touches no output file.
extension ProcessTests {
@Suite struct NameTests {
    @Test func anUnknownNameIsAnErrorAndTheOutputFileIsKept() throws {
        let db = try Binary.sampleDatabase()
        let keep = Binary.temporaryDirectory() + "/keep.csv"
        try "precious\n".write(toFile: keep, atomically: true, encoding: .utf8)
        for arguments in [["--customer", "nobody@x.example"], ["--admin", "nobody"], ["--query", "admin:nobody"],
                          ["--subscription", "no-such-subscription"]] {
            let run = try Binary.run(["export", "--db", db, "-o", keep] + arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stderr.hasPrefix("auditlog: no ") && run.stderr.contains(" matches \""), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious\n", "\(arguments)")
        }
        // Browsing with an unknown scope says so too (stdout is not a terminal here: text output).
        let browse = try Binary.run(["--db", db, "--customer", "nobody@x.example"])
        #expect(browse.status == 1 && browse.stderr.contains("no customer matches \"nobody@x.example\""))
    }

    /// The README says what the browser does with a name that matches nobody on its command line: an error
    /// before the terminal is taken (TerminalRecoveryTests runs it in a terminal); the no-logs screen is for
    /// a name typed in the filter prompt.
    @Test func theReadmeSaysAnUnknownNameOnTheBrowsersCommandLineIsAnError() throws {
        let readme = try String(contentsOfFile: Binary.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        let names = (readme.components(separatedBy: "- **Names**").dropFirst().first ?? "")
            .components(separatedBy: "\n- **").first?.replacingOccurrences(of: "\n  ", with: " ") ?? ""
        #expect(names.contains("on the browser's command line too (`auditlog --customer nobdy@…` says so and exits before "
            + "taking the terminal"), "\(names)")
        #expect(names.contains("in the browser's filter prompt the no-logs screen names it"), "\(names)")
    }

    /// As README's Importing says: `customer_id` in the context links a record to its customer (a number too);
    /// `customer`, `customerId`, or `customer_id` in extra do not (the record is stored and found by a search).
    @Test func onlyContextCustomerIdLinksARecordToItsCustomer() throws {
        let dir = Binary.temporaryDirectory()
        let lines = [#"{"customer":"cus_1"}"#, #"{"customerId":"cus_2"}"#, #"{"customer_id":7}"#, #"{}"#].enumerated().map { index, context in
            #"{"message":"m\#(index)","context":\#(context),"level":200,"level_name":"INFO","channel":"audit","#
                + #""datetime":"2025-02-01T10:0\#(index):00+00:00","extra":\#(index == 3 ? #"{"customer_id":"cus_3"}"# : "{}")}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/a.ndjson", atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        #expect(try Binary.run(["import", "--db", db, dir + "/a.ndjson"]).status == 0)
        let linked = try Binary.run(["export", "--db", db, "--customer", "7", "--format", "csv"]).stdout.split(separator: "\n")
        #expect(linked.count == 2 && linked[1].contains("m2"), "\(linked)")
        for name in ["cus_1", "cus_2", "cus_3"] {
            let run = try Binary.run(["export", "--db", db, "--customer", name])
            #expect(run.status == 1 && run.stderr.contains("no customer matches \"\(name)\""), "\(name): \(run.stderr)")
        }
        #expect(try Binary.run(["export", "--db", db, "--search", "cus_1", "--format", "csv"]).stdout.split(separator: "\n").count == 2)
        let readme = try String(contentsOfFile: Binary.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        #expect(readme.contains("Which keys link a record: BillaBear's own, spelt exactly so"))
    }

    @Test func theNamesTheScreensShowResolve() throws {
        let db = try Binary.sampleDatabase()
        let byEmail = try Binary.run(["export", "--db", db, "--admin", "ops@acme.example", "--format", "csv"])
        let byShortName = try Binary.run(["export", "--db", db, "--admin", "OPS", "--format", "csv"])
        let byQuery = try Binary.run(["export", "--db", db, "--query", "admin:ops", "--format", "csv"])
        #expect(byEmail.status == 0 && byShortName.status == 0 && byQuery.status == 0, "\(byShortName.stderr)")
        #expect(byEmail.stdout.split(separator: "\n").count > 1)
        #expect(byShortName.stdout == byEmail.stdout)
        #expect(byQuery.stdout == byEmail.stdout)
        let close = try Binary.run(["export", "--db", db, "--admin", "ops@acme.exampel"])
        #expect(close.status == 1)
        #expect(close.stderr.contains("(closest: ops@acme.example)"), "\(close.stderr)")
    }
}
}
