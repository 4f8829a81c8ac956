import Foundation
import Testing

/// A filter value no record has is a typo, not an empty answer: one line naming the closest known value,
/// exit 1 (2 for a value no store could have), and the output file untouched. Id prefixes say why they
/// name nothing, and what TAB completes the command accepts.
extension ProcessTests {
@Suite struct FilterValueTests {
    @Test func typosInChannelsAndFieldsAreErrorsNamingTheClosest() throws {
        let db = try Binary.sampleDatabase()
        let keep = Binary.temporaryDirectory() + "/keep.csv"
        try "precious\n".write(toFile: keep, atomically: true, encoding: .utf8)
        let cases: [([String], Int32, String)] = [
            (["--field", "nosuchfield"], 1, "auditlog: no field matches \"nosuchfield\" (known: billingAddress.city, billingEmail, "),
            (["--field", "biling_email"], 1, "auditlog: no field matches \"biling_email\" (closest: billingEmail)\n"),
            (["--query", "field:Customer.seets"], 1, "auditlog: no field matches \"seets\" (closest: seats)\n"),
            (["--channel", "foo"], 1, "auditlog: no channel matches \"foo\" (known: audit, controller)\n"),
            (["--channel", "audti"], 1, "auditlog: no channel matches \"audti\" (closest: audit)\n"),
            (["--since", "2025-02-01", "--until", "2025-01-01"], 2,
             "auditlog: until 2025-01-01 is not after since 2025-02-01: no record can be between them\n"),
            (["--level", "loud"], 2, "auditlog: level: unknown level \"loud\" (debug, info, notice, warning, error, critical, alert, emergency)\n"),
        ]
        for (arguments, status, message) in cases {
            let run = try Binary.run(["export", "--db", db, "--utc", "-o", keep] + arguments, environment: ["TZ": "UTC"])
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message) && run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(try String(contentsOfFile: keep, encoding: .utf8) == "precious\n", "\(arguments)")
        }
        // A field or channel in another case is the one the records spell so, when only one is.
        let exact = try Binary.run(["export", "--db", db, "--field", "billingEmail", "--format", "csv"])
        let lower = try Binary.run(["export", "--db", db, "--field", "BILLINGEMAIL", "--format", "csv"])
        let entity = try Binary.run(["export", "--db", db, "--query", "field:customer.billingemail", "--format", "csv"])
        #expect(exact.status == 0 && exact.stdout.split(separator: "\n").count == 2, "\(exact.stdout)")
        #expect(lower.status == 0 && lower.stdout == exact.stdout, "\(lower.stderr)")
        #expect(entity.status == 0 && entity.stdout == exact.stdout, "\(entity.stderr)")
        let channel = try Binary.run(["export", "--db", db, "--channel", "AUDIT", "--format", "csv"])
        #expect(channel.status == 0 && channel.stdout.split(separator: "\n").count > 2, "\(channel.stderr)")
    }

    /// A database whose customers have ids of known prefixes: `271…` alone, `77b…` twice.
    static func customersDatabase() throws -> String {
        let dir = Binary.temporaryDirectory()
        let csv = dir + "/customers.csv"
        try """
            27147da4-5e0f-4c2a-9d1e-3b1f00000001,solo@x.example
            77b10000-5e0f-4c2a-9d1e-3b1f00000002,
            77b90000-5e0f-4c2a-9d1e-3b1f00000003,two@x.example

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let db = dir + "/audit.db"
        let run = try Binary.run(["import", "--db", db, "--customers", csv, "--users", Binary.samples + "/users.csv",
                                  Binary.samples + "/prod.log"])
        #expect(run.status == 0, "\(run.stderr)")
        return db
    }

    @Test func shortIdPrefixesSayHowManyCharactersAndWhich() throws {
        let db = try Self.customersDatabase()
        let one = try Binary.run(["export", "--db", db, "--customer", "271"])
        #expect(one.status == 1)
        #expect(one.stderr == "auditlog: \"271\" is too short for an id prefix (4 characters or more); one customer's id "
            + "starts with it: solo@x.example (27147da4-5e0f-4c2a-9d1e-3b1f00000001)\n", "\(one.stderr)")
        let two = try Binary.run(["export", "--db", db, "--customer", "77b"])
        #expect(two.status == 1)
        #expect(two.stderr.contains("2 customers' ids start with it: ") && two.stderr.contains("(77b90000-")
            && two.stderr.contains("77b10000-"), "\(two.stderr)")
        #expect(try Binary.run(["export", "--db", db, "--customer", "2714"]).status == 0)
    }

    /// Whatever `complete-names` offers for a typed text (what TAB puts on the line), the command accepts.
    @Test func whatCompletionOffersTheCommandAccepts() throws {
        let db = try Self.customersDatabase()
        for (kind, text) in [("customer", "271"), ("customer", "77b"), ("customer", "x.example"), ("admin", "ana"),
                             ("admin", "ops"), ("subscription", "")] {
            let offered = try Binary.run(["complete-names", kind, text, "--db", db]).stdout.split(separator: "\n")
            #expect(!offered.isEmpty, "nothing offered for \(kind) \(text)")
            for name in offered.prefix(8) {
                let run = try Binary.run(["export", "--db", db, "--" + kind, String(name)])
                #expect(run.status == 0, "\(kind) \(text) → \(name): \(run.stderr)")
            }
        }
        // An id prefix completes to a whole name, starting with what was typed.
        #expect(try Binary.run(["complete-names", "customer", "271", "--db", db]).stdout
            == "27147da4-5e0f-4c2a-9d1e-3b1f00000001\n")
    }
}
}
