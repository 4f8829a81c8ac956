import AuditStore
import Foundation
import Testing

/// References on the command line: every export format writes them, `show` prints the records they name,
/// `auditlog REF` opens the browser on one; an unknown or ambiguous one is a one-line error, exit 1.
extension ProcessTests {
@Suite struct RefCommandTests {
    /// The store's records (id and reference), newest first, from its NDJSON export.
    static func refs(_ db: String) throws -> [(id: String, ref: String)] {
        try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return ("\(object?["id"] ?? "")", object?["ref"] as? String ?? "")
        }
    }

    @Test func everyExportFormatWritesTheReference() throws {
        let db = try Binary.sampleDatabase()
        let refs = try Self.refs(db)
        #expect(refs.count == 99 && Set(refs.map(\.ref)).count == 99)
        #expect(refs.allSatisfy { $0.ref.wholeMatch(of: /[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}/) != nil })
        let text = try Binary.run(["export", "--db", db, "--format", "text", "--utc"]).stdout.split(separator: "\n")
        #expect(zip(text, refs).allSatisfy { $0.hasPrefix("2025-") && $0.hasSuffix(" · " + $1.ref) }, "\(text.prefix(2))")
        let csv = try Binary.run(["export", "--db", db, "--format", "csv"]).stdout
        #expect(csv.hasPrefix("id,time,") && csv.split(separator: "\n")[0].hasSuffix(",extra,ref"))
        for (_, ref) in refs { #expect(csv.contains("," + ref + "\n")) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Binary.run(["export", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["ref"] as? String } == refs.map(\.ref))
    }

    @Test func showPrintsTheRecordsInTheOrderGivenInEachFormat() throws {
        let db = try Binary.sampleDatabase()
        let refs = try Self.refs(db)
        let (a, b) = (refs[3].ref, refs[40].ref)
        // Text: each record's line and expansion, as the browser shows it; a prefix, any case, no dashes.
        let typedB = String(b.replacingOccurrences(of: "-", with: "").prefix(7)).uppercased()
        let text = try Binary.run(["show", "--db", db, "--utc", a, typedB])
        #expect(text.status == 0 && text.stderr.isEmpty, "\(text.stderr)")
        let blocks = text.stdout.components(separatedBy: "\n\n")
        #expect(blocks.count == 2 && blocks[0].hasPrefix("2025-") && blocks[0].contains("\n    Reference  \(a)\n"), "\(text.stdout)")
        #expect(blocks[0].split(separator: "\n")[0].hasSuffix(" · " + a) && blocks[1].contains("    Reference  \(b)"))
        #expect(blocks[0].contains("\n    When  ") && blocks[0].contains("\n    Billing admin  "))
        for format in ["json", "ndjson", "csv"] {
            let shown = try Binary.run(["show", "--db", db, "--format", format, a, b])
            let exported = try Binary.run(["export", "--db", db, "--format", format, "--query", "ref:\(a)"]).stdout
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains(a) && shown.stdout.contains(b) && shown.stdout.range(of: a)!.lowerBound < shown.stdout.range(of: b)!.lowerBound)
            if format == "ndjson" { #expect(shown.stdout.hasPrefix(exported)) }
        }
        let array = try JSONSerialization.jsonObject(with: Data(try Binary.run(["show", "--db", db, "--format", "json", a, b]).stdout.utf8))
        #expect((array as? [[String: Any]])?.map { $0["ref"] as? String } == [a, b])
        // Without a terminal, `auditlog REF` and `auditlog browse REF` print what `show` does.
        for words in [[a], ["browse", a]] {
            let opened = try Binary.run(words + ["--db", db, "--utc"])
            let shown = try Binary.run(["show", "--db", db, "--utc", a]).stdout
            #expect(opened.status == 0 && opened.stdout == shown, "\(opened.stderr)")
        }
    }

    @Test func unknownAmbiguousOrShortReferencesAreOneLineErrors() throws {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        let line = "[2025-06-30T23:16:00+00:00] controller.INFO: Twice [] []"
        try ([line, line, "[2025-06-30T23:17:00+00:00] controller.INFO: Once [] []"].joined(separator: "\n") + "\n")
            .write(toFile: dir + "/prod.log", atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--db", db, dir + "/prod.log"]).status == 0)
        let refs = try Self.refs(db).map(\.ref)
        // Identical records differ only in their occurrence: their first 12 characters are the same.
        let twins = try #require(Dictionary(grouping: refs) { $0.prefix(14) }.values.first { $0.count == 2 }, "\(refs)")
        let shared = String(twins[0].prefix(14))
        for words in [["show", shared], [shared], ["browse", shared]] {
            let run = try Binary.run(words + ["--db", db])
            #expect(run.status == 1 && run.stdout.isEmpty, "\(words): \(run.status) \(run.stdout)")
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(twins[0]) && run.stderr.contains(twins[1])
                && run.stderr.contains("is the start of several records' references"), "\(run.stderr)")
        }
        let unknown = try Binary.run(["show", "--db", db, "zzzz-zzzz-zzzz-zzzz"])
        #expect(unknown.status == 1 && unknown.stderr == "auditlog: no record has the reference zzzz-zzzz-zzzz-zzzz\n", "\(unknown.stderr)")
        let unknownOpened = try Binary.run(["zzzz-zz", "--db", db])
        #expect(unknownOpened.status == 1 && unknownOpened.stderr == "auditlog: no record's reference starts with zzzz-zz\n", "\(unknownOpened.stderr)")
        let short = try Binary.run(["show", "--db", db, String(refs[0].prefix(4))])
        #expect(short.status == 1 && short.stderr.contains("too short: give at least 6 of its characters"), "\(short.stderr)")
        let bad = try Binary.run(["show", "--db", db, "not-a-ref!"])
        #expect(bad.status == 1 && bad.stderr.contains("is not a record reference"), "\(bad.stderr)")
        let none = try Binary.run(["show", "--db", db])
        #expect(none.status == 2 && none.stderr.contains("show needs a reference"))
        // A command name mistyped stays an unknown command (no digit, no dash: not taken for a reference).
        #expect(try Binary.run(["exprot", "--db", db]).stderr.contains("unknown command \"exprot\""))
        // Found, it is one record whatever is typed.
        #expect(try Binary.run(["show", "--db", db, twins[1].uppercased()]).status == 0)
    }

    @Test func refFiltersExportsAndReports() throws {
        let db = try Binary.sampleDatabase()
        let ref = try Self.refs(db)[10].ref
        let byWord = try Binary.run(["export", "--db", db, "--format", "ndjson", "--query", "ref:" + ref.prefix(9)])
        let byFlag = try Binary.run(["export", "--db", db, "--format", "ndjson", "--ref", ref])
        #expect(byWord.stdout.split(separator: "\n").count == 1 && byWord.stdout == byFlag.stdout && byFlag.stdout.contains(ref))
        let report = try Binary.run(["report", "--db", db, "--format", "json", "--ref", ref])
        #expect(report.status == 0 && report.stdout.contains("\"first_ref\":\"\(ref)\""), "\(report.stdout.prefix(300))")
        let bad = try Binary.run(["export", "--db", db, "--ref", "uuuu"])
        #expect(bad.status == 2 && bad.stderr.contains("is not a record reference"), "\(bad.stderr)")
    }
}
}

extension ProcessTests.RefCommandTests {
    /// `--help`, the manual and the completion scripts describe references, `show`, `--no-clipboard` and `y`.
    @Test func describedInHelpManualAndCompletions() throws {
        let help = try Binary.run(["--help"]).stdout
        #expect(help.contains("auditlog show REF...") && help.contains("[REF]"), "\(help)")
        // Read as words: help wraps its lines at 80 columns wherever a phrase falls.
        let browse = try Binary.run(["browse", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(browse.contains("--no-clipboard") && browse.contains("set -g set-clipboard on") && browse.contains("OSC 52"))
        let roff = try Binary.run(["--man"]).stdout
        for text in [".SH SHOW", ".B auditlog REF", "AUDITLOG_CLIPBOARD", "\\fB\\-\\-no\\-clipboard\\fR", "\\fBy\\fR\n", "\\fBY\\fR\n",
                     "\\fBref:\\fR"] {
            #expect(roff.contains(text), "the manual lacks \(text)")
        }
        for shell in ["bash", "zsh", "fish"] {
            let script = try Binary.run(["completions", shell]).stdout
            #expect(script.contains("no-clipboard") && script.contains("show"), "\(shell)")
        }
    }
}
