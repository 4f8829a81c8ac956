import Foundation
import TestTools
import Testing

/// Every test that starts processes runs one at a time: a tmux server started by one test would
/// inherit (and hold open) the descriptors through which Foundation notices another test's child exit.
@Suite(.serialized) enum ProcessTests {}

extension ProcessTests {
@Suite struct CommandTests {
    @Test func versionAndHelp() throws {
        let version = try Binary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("auditlog "))
        for command in ["import", "export", "demo", "browse", "query"] {
            let help = try Binary.run([command, "--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("Usage: auditlog"), "\(command)")
        }
    }

    /// `--help` fits an 80-column terminal: every line of `auditlog --help` and of the help of every command it
    /// lists (aliases too), with every word of the declarations still there, in order.
    @Test func everyHelpLineFitsEightyColumns() throws {
        let main = try Binary.run(["--help"]).stdout
        let commands = main.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("  auditlog ") ? String(line.split(separator: " ")[1]) : nil
        }
        #expect(commands == ["browse", "import", "demo", "export", "query", "show", "report", "review", "state", "note", "verify", "access"], "\(main)")
        var helps = [("auditlog --help", main)]
        for command in commands { helps.append((command, try Binary.run([command, "--help"]).stdout)) }
        for (name, text) in helps {
            for line in text.split(separator: "\n") where line.count > 80 {
                Issue.record("\(name): a line of \(line.count) columns: \(line)")
            }
        }
        let export = try #require(helps.first { $0.0 == "export" }?.1)
        #expect(export.contains("  --chain-head            end with the store's chain head (`auditlog verify\n"
            + "                          --head` proves it later): a last line `# chain head\n"), "wrapped under its column: \(export)")
    }

    /// Lists in help read as tables, in a pipe as on a terminal: `auditlog --help` gives each command's purpose one
    /// line in one column (a synopsis too long for it stands alone above its purpose), not a narrow column wrapped
    /// line after line; `review --help` lists every detector, its text in one column.
    @Test func helpListsKeepTheirColumns() throws {
        let main = try Binary.run(["--help"]).stdout
        let block = main.components(separatedBy: "Usage:\n")[1].components(separatedBy: "\n\n")[0].split(separator: "\n")
        func column(_ line: Substring, after start: Int) -> Int? {
            let characters = Array(line)
            var index = start
            while index + 2 < characters.count {
                if characters[index] == " ", characters[index + 1] == " ", characters[index + 2] != " " { return index + 2 }
                if characters[index] == " ", characters[index + 1] == " " { index += 1; continue }
                index += 1
            }
            return nil
        }
        let commands = block.filter { $0.hasPrefix("  auditlog ") }
        let purposes = block.compactMap { line in line.hasPrefix("  auditlog ") ? column(line, after: 2) : line.prefix { $0 == " " }.count }
        #expect(commands.count == 12 && block.count - commands.count <= 2, "\(main)")
        #expect(purposes.count == commands.count && Set(purposes).count == 1 && (purposes.first ?? 99) <= 50, "\(main)")
        let review = try Binary.run(["review", "--help"]).stdout.split(separator: "\n")
        let detectors = FindingKindNames.all.map { name in review.first { $0.hasPrefix("  " + name + " ") } }
        #expect(detectors.allSatisfy { $0 != nil }, "\(review.joined(separator: "\n"))")
        #expect(Set(detectors.compactMap { $0.flatMap { column($0, after: 2) } }).count == 1, "\(detectors)")
    }

    /// Help and parsing come from one option table: every option a command's help shows, it accepts.
    @Test func everyOptionInHelpIsAccepted() throws {
        let samples = ["--format": "csv", "--timezone": "UTC", "--line-format": "[%datetime%] %message%", "--since": "7d",
                       "--until": "2025-01-01", "--level": "info", "--requests": "0", "--seed": "1", "--end": "2025-01-01",
                       "--query": "level:info"]
        let tails = ["browse": ["--db", "/nonexistent/a.db"], "export": ["--db", "/nonexistent/a.db"],
                     "import": ["--db", "/nonexistent/dir/a.db"], "demo": ["--requests", "0"]]
        for (command, tail) in tails {
            let help = try Binary.run([command, "--help"]).stdout
            let synopsis = help.components(separatedBy: "\n\n")[0]
            let options = synopsis.split(separator: "[").dropFirst().map { $0.prefix { $0 != "]" } }.filter { $0.hasPrefix("--") }
            #expect(options.count >= 4, "\(command): \(synopsis)")
            for option in options {
                let words = option.split(separator: " ").map(String.init)
                var arguments = [command, words[0]]
                if words.count > 1 { arguments.append(samples[words[0]] ?? "x") }
                if command == "import", words[0] == "--format" { arguments[arguments.count - 1] = "auto" }
                let run = try Binary.run(arguments + tail)
                #expect(!run.stderr.contains("unknown option") && !run.stderr.contains("needs a value"),
                        "\(command) \(words[0]): \(run.stderr)")
                #expect(help.contains("  " + words[0]) || help.contains(", " + words[0]), "\(command) \(words[0]) has no help line")
            }
        }
    }

    @Test func usageErrorsExitTwoWithOneLine() throws {
        for arguments in [["frobnicate"], ["export", "--bogus"], ["export", "--format", "xml"], ["import"],
                          ["export", "--level", "loud"], ["export", "--since", "someday"], ["demo", "--requests", "x"],
                          ["export", "--db"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("auditlog: ") && run.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(run.stderr)")
        }
    }

    @Test func importReportsEachFileAndMalformedLines() throws {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        let bad = dir + "/bad.log"
        try "[2025-02-01T08:00:00+00:00] controller.INFO: Good [] []\nnot a record\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let run = try Binary.run(["import", "--db", db, Binary.samples + "/audit.ndjson", bad, dir + "/missing.log"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("audit.ndjson: 99 imported (monolog-json)"))
        #expect(run.stdout.contains("bad.log: 1 imported, 1 line that is no record"), "\(run.stdout)")
        #expect(run.stderr.contains("\(bad):2: "))
        #expect(run.stderr.contains("auditlog: \(dir)/missing.log: no such file or directory"))
        // The good records stay stored.
        let export = try Binary.run(["export", "--db", db, "--format", "ndjson"])
        #expect(export.stdout.split(separator: "\n").count == 100)
        let again = try Binary.run(["import", "--db", db, Binary.samples + "/es-dump.ndjson"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 new, 99 already stored (es)"))
        // An empty file and binary garbage are each one line and exit 1; nothing stored is lost.
        let empty = dir + "/empty.log"
        try "\n  \n".write(toFile: empty, atomically: true, encoding: .utf8)
        let garbage = dir + "/garbage.bin"
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }).write(to: URL(fileURLWithPath: garbage))
        for (file, expected) in [(empty, "auditlog: \(empty): empty, no records to import"),
                                 (garbage, "auditlog: \(garbage): not a BillaBear audit log; tried ")] {
            let run = try Binary.run(["import", "--db", db, file])
            #expect(run.status == 1, "\(file)")
            #expect(run.stderr.hasPrefix(expected), "\(run.stderr)")
        }
        #expect(try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout.split(separator: "\n").count == 100)
    }

    @Test func importReadsStandardInput() throws {
        let db = Binary.temporaryDirectory() + "/audit.db"
        let text = try String(contentsOfFile: Binary.samples + "/prod.log", encoding: .utf8)
        let run = try Binary.run(["import", "--db", db, "-"], stdin: text)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("<stdin>: 99 imported"))
    }

    @Test func ndjsonRecordsCarryExactlyTheDocumentedKeys() throws {
        let db = try Binary.sampleDatabase()
        let run = try Binary.run(["export", "--db", db, "--format", "ndjson", "--channel", "audit"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        let keys: Set = ["id", "time", "channel", "level", "level_name", "message", "context", "extra", "customer_id",
                         "subscription_id", "admin_id", "admin", "request_uid", "change", "ref"]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == keys)
            #expect((object["change"] as? [String: Any]).map { Set($0.keys) } == ["field", "old", "new"])
            #expect((object["time"] as? String)?.hasSuffix("Z") == true)
        }
    }

    @Test func jsonIsOneValidArrayAndCSVIsGuarded() throws {
        let db = try Binary.sampleDatabase()
        let json = try Binary.run(["export", "--db", db, "--format", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 99)
        let dir = Binary.temporaryDirectory()
        let evil = dir + "/evil.log"
        try #"[2025-02-01T08:00:00+00:00] controller.INFO: =HYPERLINK("http://x") {"customer_id":"@c"} []"#
            .write(toFile: evil, atomically: true, encoding: .utf8)
        try Binary.run(["import", "--db", db, evil])
        let csvPath = dir + "/out.csv"
        let csv = try Binary.run(["export", "--db", db, "-o", csvPath, "--search", "HYPERLINK"])
        #expect(csv.status == 0)
        let text = try String(contentsOfFile: csvPath, encoding: .utf8)
        let rows = text.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("id,time,level_name,channel,message"))
        #expect(rows[1].contains(#","'=HYPERLINK(""http://x"")","#))
        #expect(rows[1].contains(",'@c,"))
    }

    @Test func filtersSelectAndOrderTheExport() throws {
        let db = try Binary.sampleDatabase()
        let all = try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout.split(separator: "\n")
        let oldest = try Binary.run(["export", "--db", db, "--format", "ndjson", "--oldest-first"]).stdout
            .split(separator: "\n")
        #expect(oldest == Array(all.reversed()))
        let byAdmin = try Binary.run(["export", "--db", db, "--admin", "ops@acme.example"]).stdout.split(separator: "\n")
        #expect(!byAdmin.isEmpty && byAdmin.allSatisfy { $0.contains(" ops@acme.example ") })
        let viaQuery = try Binary.run(["export", "--db", db, "--query", "admin:ops@acme.example"]).stdout
            .split(separator: "\n")
        #expect(viaQuery == byAdmin)
        let window = try Binary.run(["export", "--db", db, "--since", "2025-02-01T08:10:00Z",
                                     "--until", "2025-02-01T08:20:00Z"]).stdout.split(separator: "\n")
        #expect(!window.isEmpty && window.allSatisfy { $0.hasPrefix("2025-02-01 08:1") })
    }

    @Test func badDatabasesAreRefusedWithOneLine() throws {
        let dir = Binary.temporaryDirectory()
        let missing = try Binary.run(["export", "--db", dir + "/none.db"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at \(dir)/none.db") && missing.stderr.contains("auditlog demo"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/none.db"))

        // After `auditlog demo`, plain `auditlog` (no database of its own yet) points to the demo's.
        let home = Binary.temporaryDirectory()
        let demo = try Binary.run(["demo", "--requests", "50", "--no-browse"], environment: ["HOME": home, "XDG_DATA_HOME": ""])
        #expect(demo.status == 0, "\(demo.stderr)")
        let plain = try Binary.run(["export"], environment: ["HOME": home, "XDG_DATA_HOME": "", "AUDITLOG_DB": ""])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("`auditlog export --db \(home)/.local/share/auditlog/demo.db`"), "\(plain.stderr)")
        #expect(plain.stderr.split(separator: "\n").count == 1)

        let text = dir + "/text.db"
        try String(repeating: "not a database\n", count: 100).write(toFile: text, atomically: true, encoding: .utf8)
        let notDB = try Binary.run(["export", "--db", text])
        #expect(notDB.status == 1 && notDB.stderr.contains("is not a readable auditlog database"), "\(notDB.stderr)")

        let other = dir + "/other.db"
        try Binary.sql(other, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
        for arguments in [["export", "--db", other], ["import", "--db", other, Binary.samples + "/prod.log"]] {
            let run = try Binary.run(arguments)
            #expect(run.status == 1 && run.stderr.contains("database of another program"), "\(run.stderr)")
        }

        let newer = try Binary.sampleDatabase()
        try Binary.sql(newer, "PRAGMA user_version = 99;")
        let refused = try Binary.run(["import", "--db", newer, Binary.samples + "/prod.log"])
        #expect(refused.status == 1 && refused.stderr.contains("newer auditlog"), "\(refused.stderr)")
        for run in [missing, notDB, refused] { #expect(run.stderr.split(separator: "\n").count == 1) }
    }

    /// With no database, the commands the error suggests work when pasted into a shell (the tryout got
    /// `auditlog import FILE` and `auditlog demo` for a --db path, which wrote elsewhere): `auditlog demo --db PATH`
    /// (quoted) makes the database the command wanted; after a plain `auditlog demo`, the command typed again
    /// on the demo's database.
    @Test func theNoDatabaseHintWorksWhenPasted() throws {
        let home = Binary.temporaryDirectory()
        let environment = ["HOME": home, "XDG_DATA_HOME": "", "AUDITLOG_DB": ""]
        let wanted = Binary.temporaryDirectory() + "/a dir's/audit.db"
        let missing = try Binary.run(["export", "--db", wanted, "--level", "warning"], environment: environment)
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let demo = try #require(Self.suggested(missing.stderr, starting: "auditlog demo"), "\(missing.stderr)")
        #expect(try Self.pasted(demo + " --requests 30 --no-browse", environment: environment).status == 0)
        #expect(try Binary.run(["export", "--db", wanted, "--level", "warning"], environment: environment).status == 0)
        try? FileManager.default.removeItem(atPath: home + "/.local") // what a wrong hint's demo would have made

        let plain = try Binary.run(["demo", "--requests", "30", "--no-browse"], environment: environment)
        #expect(plain.status == 0, "\(plain.stderr)")
        let state = try Binary.run(["state", "--customer", "no such one"], environment: environment)
        let again = try #require(Self.suggested(state.stderr, starting: "auditlog state"), "\(state.stderr)")
        #expect(again.contains("--db \(home)/.local/share/auditlog/demo.db"), "\(again)")
        let run = try Self.pasted(again, environment: environment)
        #expect(run.stderr.contains("no customer matches \"no such one\""), "\(again): \(run.stderr)")
    }

    /// After `auditlog demo`, plain `auditlog` on an empty default database (an import of names alone leaves
    /// one) offers the demo's database, which is not the default one, instead of `auditlog demo` again (which
    /// would make the same demo over); the command shown browses the demo when pasted.
    @Test(.requires(.tmux)) func anEmptyDefaultDatabaseOffersTheDemosDatabase() throws {
        let home = Binary.temporaryDirectory()
        let environment = ["HOME": home, "XDG_DATA_HOME": "", "AUDITLOG_DB": ""]
        #expect(try Binary.run(["demo", "--requests", "30", "--no-browse"], environment: environment).status == 0)
        try "id,email\nu-1,ana@example.com\n".write(toFile: home + "/users.csv", atomically: true, encoding: .utf8)
        #expect(try Binary.run(["import", "--users", home + "/users.csv"], environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/auditlog/audit.db"))
        let t = try Tmux(width: 160, command: Binary.path, environment: environment)
        let command = "auditlog --db \(home)/.local/share/auditlog/demo.db"
        let screen = t.waitFor(command)
        #expect(screen.contains("This database holds no audit records yet."), "\(screen)")
        #expect(screen.contains("Or browse the demo data `auditlog demo` made:"), "\(screen)")
        #expect(!screen.contains("Or try it on demo data"), "\(screen)")
        let pasted = try Self.pasted(command, environment: environment)
        #expect(pasted.status == 0 && pasted.stderr.isEmpty, "\(pasted.stderr)")
    }

    /// The command between backticks in `message` that starts with `prefix`.
    static func suggested(_ message: String, starting prefix: String) -> String? {
        message.split(separator: "`").map(String.init).first { $0.hasPrefix(prefix) }
    }

    /// A suggested command line run by /bin/sh as a user pastes it (`auditlog` being the built binary).
    static func pasted(_ line: String, environment: [String: String] = [:]) throws -> Run {
        let script = Binary.temporaryDirectory() + "/pasted.sh"
        try ("auditlog() { \"$AUDITLOG_UNDER_TEST\" \"$@\"; }\n" + line + "\n")
            .write(toFile: script, atomically: true, encoding: .utf8)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [script]
        var env = ProcessInfo.processInfo.environment
        env["AUDITLOG_UNDER_TEST"] = Binary.path
        for (key, value) in environment { env[key] = value }
        shell.environment = env
        let err = Pipe()
        shell.standardError = err
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        return Run(status: shell.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }

    /// `demo --help` says where the demo writes, and it does: its own demo.db, never `$AUDITLOG_DB` nor the
    /// default audit.db (the tryout found it promising "$AUDITLOG_DB, else …/audit.db", the browser's default).
    @Test func demoHelpSaysWhereTheDemoWrites() throws {
        let help = try Binary.run(["demo", "--help"]).stdout
        let db = help.split(separator: "\n").drop { !$0.hasPrefix("  --db PATH") }.prefix(2).joined(separator: " ")
        #expect(db.contains("~/.local/share/auditlog/demo.db") && !db.contains("default: $AUDITLOG_DB"), "\(db)")
        let home = Binary.temporaryDirectory()
        let chosen = home + "/chosen.db"
        let run = try Binary.run(["demo", "--requests", "20", "--no-browse"],
                                 environment: ["HOME": home, "XDG_DATA_HOME": "", "AUDITLOG_DB": chosen])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/auditlog/demo.db"))
        #expect(!FileManager.default.fileExists(atPath: chosen))
        #expect(!FileManager.default.fileExists(atPath: home + "/.local/share/auditlog/audit.db"))
    }

    @Test func demoIsDeterministicPerSeed() throws {
        let dir = Binary.temporaryDirectory()
        var exports: [String] = []
        for name in ["a", "b"] {
            let db = "\(dir)/\(name).db"
            let run = try Binary.run(["demo", "--db", db, "--requests", "500", "--seed", "42", "--end", "2025-06-30",
                                      "--no-browse"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("demo: "))
            exports.append(try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout)
        }
        #expect(exports[0] == exports[1])
        #expect(exports[0].split(separator: "\n").count > 500)
        #expect(exports[0].contains("\"channel\":\"audit\""))
        let other = try Binary.run(["demo", "--db", dir + "/c.db", "--requests", "500", "--seed", "43", "--end",
                                    "2025-06-30", "--no-browse"])
        #expect(other.status == 0)
        #expect(try Binary.run(["export", "--db", dir + "/c.db", "--format", "ndjson"]).stdout != exports[0])
        let refuse = try Binary.run(["demo", "--db", dir + "/a.db", "--no-browse"])
        #expect(refuse.status == 1 && refuse.stderr.contains("already holds records"))
    }

    @Test func browseToAPipePrintsTextLines() throws {
        let db = try Binary.sampleDatabase()
        let browse = try Binary.run(["--db", db, "--level", "warning"])
        let export = try Binary.run(["export", "--db", db, "--level", "warning", "--format", "text"])
        #expect(browse.status == 0)
        #expect(!browse.stdout.isEmpty && browse.stdout == export.stdout)
    }

    @Test func errorsShowHostileFileNamesEscaped() throws {
        let dir = Binary.temporaryDirectory()
        let name = dir + "/evil\u{1B}]0;pwned\u{07}.log"
        try "not a log\n".write(toFile: name, atomically: true, encoding: .utf8)
        let run = try Binary.run(["import", "--db", dir + "/audit.db", name])
        #expect(run.status == 1)
        #expect(run.stderr.contains("evil␛]0;pwned␇.log: not a BillaBear audit log"), "\(run.stderr)")
        #expect(run.stderr.contains("(line 1: not a record: \"not a log\")"), "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func textExportShowsHostileTextEscaped() throws {
        let dir = Binary.temporaryDirectory()
        let db = dir + "/audit.db"
        let log = dir + "/hostile.log"
        // The message is raw in a Monolog line; inside the JSON, Monolog writes \u escapes.
        try ("[2025-02-01T08:00:00+00:00] controller.INFO: Evil \u{1B}]0;pwned\u{07} "
            + #"{"reason":"\u001b[31mred \u202e"} []"#)
            .write(toFile: log, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", "--db", db, log])
        #expect(imported.status == 0, "\(imported.stderr)")
        let text = try Binary.run(["export", "--db", db]).stdout
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("Evil ␛]0;pwned␇"))
        #expect(!text.contains("\u{202E}"))
    }
}
}
