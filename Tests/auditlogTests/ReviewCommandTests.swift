import Foundation
import PseudoTerminal
import TestTools
import Testing

/// `auditlog review` through the binary, on five weeks of office work written by the real Monolog library
/// with one instance of each pattern planted in the last week (Fixtures/review, made by its make.sh).
extension ProcessTests {
@Suite struct ReviewCommandTests {
    static let fixture = Binary.samples + "/review"
    static let week = ["--since", "2025-03-10", "--until", "2025-03-16", "--timezone", "UTC"]

    /// The fixture imported with its directory, once per test (a few hundred milliseconds).
    static func store() throws -> String {
        let db = Binary.temporaryDirectory() + "/audit.db"
        let run = try Binary.run(["import", "--db", db, "--users", fixture + "/users.csv", "--customers", fixture + "/customers.csv",
                                  fixture + "/review.log.gz"])
        try #require(run.status == 0, "\(run.stderr)")
        return db
    }

    /// No settings file from the machine running the tests.
    static let noSettings = ["XDG_CONFIG_HOME": "/nonexistent", "HOME": "/nonexistent"]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func everyPlantedPatternIsFoundWithItsAdminAndCustomers() throws {
        let db = try Self.store()
        let run = try Binary.run(["review", "--db", db, "--format", "json"] + Self.week, environment: Self.noSettings)
        #expect(run.status == 3, "findings: exit 3 \(run.stderr)")
        let review = try Self.json(run.stdout)
        let findings = try #require(review["findings"] as? [[String: Any]])
        let planted = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/planted.json"))) as? [[String: Any]])
        #expect(planted.count == 8)
        for pattern in planted {
            let kind = try #require(pattern["kind"] as? String)
            let found = findings.filter { $0["kind"] as? String == kind }
            #expect(found.count == 1, "\(kind) found once")
            guard let finding = found.first else { continue }
            let admins = (finding["admins"] as? [[String: Any]] ?? []).compactMap { $0["admin"] as? String }
            if let admin = pattern["admin"] as? String { #expect(admins.contains(admin), "\(kind): \(admins)") }
            let labels = (finding["customers"] as? [[String: Any]] ?? []).compactMap { $0["customer"] as? String }
                + (finding["subscriptions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            for customer in (pattern["customers"] as? [String] ?? []) + (pattern["subscriptions"] as? [String] ?? []) {
                #expect(labels.contains(customer) || labels.contains("attacker@evil.example"), "\(kind) names \(customer): \(labels)")
            }
            // Its records are exactly what `export --ids` opens.
            let ids = (finding["record_ids"] as? [Int] ?? []).map(String.init)
            #expect(!ids.isEmpty && finding["record_count"] as? Int == ids.count)
            let export = try Binary.run(["export", "--db", db, "--format", "ndjson", "--ids", ids.joined(separator: ",")])
            let exported = export.stdout.split(separator: "\n").compactMap { try? Self.json(String($0))["id"] as? Int }
            #expect(Set(exported.map(String.init)) == Set(ids), "\(kind)")
            // And each has its stable reference, which opens that record.
            let refs = finding["record_refs"] as? [String] ?? []
            #expect(refs.count == ids.count)
            if let ref = refs.last {
                let one = try Binary.run(["export", "--db", db, "--format", "ndjson", "--ref", ref])
                #expect(one.stdout.split(separator: "\n").compactMap { try? Self.json(String($0))["id"] as? Int } == [Int(ids.last!)!])
            }
        }
        #expect(findings.count == 8, "nothing else in the planted week: \(findings.map { $0["reason"] ?? "" })")
        #expect(review["baseline_since"] as? String == "2025-02-10T00:00:00Z" && review["since"] as? String == "2025-03-10T00:00:00Z")
    }

    @Test func aCleanWeekHasAtMostThreeFindings() throws {
        let db = try Self.store()
        for week in ["2025-03-03", "2025-02-24", "2025-02-17"] {
            let run = try Binary.run(["review", "--db", db, "--format", "json", "--since", week, "--until", "7d",
                                      "--timezone", "UTC"].map { $0 == "7d" ? Self.sunday(after: week) : $0 },
                                     environment: Self.noSettings)
            let findings = try #require(try Self.json(run.stdout)["findings"] as? [[String: Any]])
            #expect(findings.count <= 3, "\(week): \(findings.map { $0["reason"] ?? "" })")
            #expect(run.status == (findings.isEmpty ? 0 : 3))
        }
    }

    static func sunday(after monday: String) -> String {
        let day = Int(monday.suffix(2))!, month = Int(monday.dropFirst(5).prefix(2))!
        let last = month == 2 ? 28 : 31
        return day + 6 > last ? String(format: "2025-%02d-%02d", month + 1, day + 6 - last) : String(format: "2025-%02d-%02d", month, day + 6)
    }

    @Test func textFitsEightyColumnsAndCSVHasARowPerFinding() throws {
        let db = try Self.store()
        let text = try Binary.run(["review", "--db", db] + Self.week, environment: Self.noSettings)
        #expect(text.status == 3)
        #expect(text.stdout.hasPrefix("Review · 2025-03-10 – 2025-03-16 (UTC) · "), "\(text.stdout.prefix(200))")
        #expect(text.stdout.contains("Baseline: 2025-02-10 – 2025-03-09, the 4 weeks before"))
        #expect(text.stdout.contains("8 findings: 3 high, 5 medium"))
        #expect(text.stdout.contains("\nWorking hours 08-18, weekend sat, sun · generated "), "as the report says it")
        #expect(text.stdout.contains("lea@acme.example: 70 records between Tue 2025-03-11 14:00 and 14:08; their\n   busiest 10 minutes in the 4 weeks before held 7"))
        for line in text.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        let csv = try Binary.run(["review", "--db", db, "--format", "csv"] + Self.week, environment: Self.noSettings)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "kind,severity,reason,admins,customers,subscriptions,start,end,records,record_ids")
        #expect(rows.count == 9 && csv.status == 3)
    }

    @Test func settingsFromTheFileAndTheOptions() throws {
        let db = try Self.store()
        let home = Binary.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/auditlog", withIntermediateDirectories: true)
        // Off: everything but the burst; its minimum above the planted 70.
        let off = FindingKindNames.all.filter { $0 != "burst" }.map { "\($0).enabled = no" }.joined(separator: "\n")
        try (off + "\nburst.minimum = 71\n").write(toFile: home + "/auditlog/review.conf", atomically: true, encoding: .utf8)
        let quiet = try Binary.run(["review", "--db", db] + Self.week, environment: ["XDG_CONFIG_HOME": home])
        #expect(quiet.status == 0 && quiet.stdout.contains("No findings."), "\(quiet.stdout)\(quiet.stderr)")
        // The file's burst minimum, lowered again by no option: the baseline option still applies.
        try (off + "\nburst.minimum = 70\n").write(toFile: home + "/auditlog/review.conf", atomically: true, encoding: .utf8)
        let one = try Binary.run(["review", "--db", db, "--baseline", "2w"] + Self.week, environment: ["XDG_CONFIG_HOME": home])
        #expect(one.status == 3 && one.stdout.contains("1 finding: 1 medium") && one.stdout.contains("the 2 weeks before"), "\(one.stdout)")
        // A bad line: one error naming the file and line, exit 1, nothing on stdout.
        try "# settings\nburst.minimum = 70\nburst.windw = 5m\n".write(toFile: home + "/auditlog/review.conf", atomically: true, encoding: .utf8)
        let bad = try Binary.run(["review", "--db", db] + Self.week, environment: ["XDG_CONFIG_HOME": home])
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        #expect(bad.stderr == "auditlog: \(home)/auditlog/review.conf:3: unknown key \"burst.windw\" (known: burst.window, burst.factor, burst.minimum, burst.enabled)\n", "\(bad.stderr)")
        // --config names another file.
        let named = try Binary.run(["review", "--db", db, "--config", Self.fixture + "/make.sh"] + Self.week)
        #expect(named.status == 1 && named.stderr.contains("/review/make.sh:6: expected key = value, not \"set -euo pipefail\""), "\(named.stderr)")
        let usage = try Binary.run(["review", "--db", db, "--baseline", "soon"])
        #expect(usage.status == 2 && usage.stderr.contains("--baseline takes a duration such as 4w"))
    }

    /// As the timer runs it: the JSON and the HTML from one reading, and a journal line a finding.
    @Test func severalOutputsAndAJournalLineAFinding() throws {
        let db = try Self.store()
        let dir = Binary.temporaryDirectory()
        var environment = Self.noSettings
        environment["JOURNAL_STREAM"] = "8:12345"
        let run = try Binary.run(["review", "--db", db, "-o", dir + "/week.json", "-o", dir + "/week.html"] + Self.week,
                                 environment: environment)
        #expect(run.status == 3 && run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("wrote the review of ") == true
            && lines.first?.hasSuffix(" records to \(dir)/week.json and \(dir)/week.html: 8 findings: 3 high, 5 medium") == true,
            "\(lines.first ?? "")")
        #expect(lines.count == 9 && lines.dropFirst().allSatisfy { $0.hasPrefix("<4>finding ") }, "\(run.stderr)")
        #expect(lines[1].hasPrefix("<4>finding 1 (high, sensitive_action): sam@acme.example: \"Request to disable Stripe Billing\""))
        let json = try Self.json(try String(contentsOfFile: dir + "/week.json", encoding: .utf8))
        #expect((json["findings"] as? [Any])?.count == 8)
        #expect(try String(contentsOfFile: dir + "/week.html", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let mixed = try Binary.run(["review", "--db", db, "-o", dir + "/a.json", "-o", dir + "/b"], environment: Self.noSettings)
        #expect(mixed.status == 2 && mixed.stderr.contains("each names its format by its extension"))
        // One file whose extension names no format: refused as report and export refuse it, nothing written.
        let pdf = try Binary.run(["review", "--db", db, "-o", dir + "/week.pdf"] + Self.week, environment: Self.noSettings)
        #expect(pdf.status == 2 && pdf.stderr.contains("week.pdf: unknown extension .pdf (.txt .csv .json .html), or name the format with --format")
            && !FileManager.default.fileExists(atPath: dir + "/week.pdf"), "\(pdf.stderr)")
    }

    /// Written to a file, the review's findings are in the file: stderr carries one line (the records, the files,
    /// how many findings by severity), in a pipe or on a terminal, even under a systemd user session's JOURNAL_STREAM.
    @Test func writtenToAFileStderrIsOneSummaryLine() throws {
        let db = try Self.store()
        let dir = Binary.temporaryDirectory()
        var environment = Self.noSettings
        environment["JOURNAL_STREAM"] = "" // none (an empty one counts as none)
        let run = try Binary.run(["review", "--db", db, "-o", dir + "/week.json"] + Self.week, environment: environment)
        #expect(run.status == 3 && run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("wrote the review of ") && run.stderr.hasSuffix(" records to \(dir)/week.json: 8 findings: 3 high, 5 medium\n")
            && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        environment["JOURNAL_STREAM"] = "8:12345"
        environment["TERM"] = "xterm-256color"
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["review", "--db", db, "-o", dir + "/again.json"] + Self.week,
                                          environment: environment)
        let status = terminal.waitForExit(limit: 30)
        let output = String(decoding: terminal.output, as: UTF8.self)
        #expect(status.map { ($0 >> 8) & 0xFF } == 3, "\(output)")
        #expect(output.hasPrefix("wrote the review of ") && output.split(whereSeparator: \.isNewline).count == 1 && !output.contains("finding 1")
            && output.contains("again.json: 8 findings: 3 high, 5 medium"), "\(output)")
    }

    @Test func theManualStatesEveryRuleAndKey() throws {
        let man = try Binary.run(["--man"]).stdout
        #expect(man.contains(".SH REVIEW DETECTORS") && man.contains(".SH REVIEW SETTINGS") && man.contains(".SH REVIEW\n"))
        for key in ["working_hours", "weekend", "timezone", "baseline", "outside_hours.minimum", "burst.window", "burst.factor",
                    "burst.minimum", "mass_change.window", "mass_change.minimum", "contact_payment.window",
                    "contact_payment.contact_fields", "contact_payment.payment_fields", "contact_payment.payment_action",
                    "reverted_change.window", "sensitive_action", "warnings.factor", "warnings.minimum"]
            + FindingKindNames.all.map({ $0 + ".enabled" }) {
            #expect(man.contains("\\fB\(key)\\fR = "), "\(key)")
        }
        #expect(man.contains("Request to disable Stripe Billing") && man.contains("exits 3 when it"))
        let help = try Binary.run(["--help"]).stdout
        #expect(help.contains("auditlog review [--since … --until …]"))
    }

    @Test func noFindingsIsExitZeroAndAMissingStoreIsOne() throws {
        let db = try Self.store()
        let clean = try Binary.run(["review", "--db", db, "--since", "2025-03-03", "--until", "2025-03-09", "--timezone", "UTC"],
                                   environment: Self.noSettings)
        #expect(clean.status == 0 && clean.stdout.contains("No findings."))
        let missing = try Binary.run(["review", "--db", Binary.temporaryDirectory() + "/none.db"], environment: Self.noSettings)
        #expect(missing.status == 1)
    }
}
}

/// The detectors' names as the file's keys spell them.
enum FindingKindNames {
    static let all = ["outside_hours", "burst", "mass_change", "contact_payment", "reverted_change", "sensitive_action",
                      "warnings", "dormant_admin", "many_customers_read"]
}
