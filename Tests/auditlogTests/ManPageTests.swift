import Foundation
import Testing

/// The manual page and completion scripts come from the option table: they list every option, and the
/// real tools read them (man/groff without a warning; bash completes; zsh and fish parse them).
extension ProcessTests {
@Suite struct ManPageTests {
    static func shell(_ command: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theManPageListsEveryOptionAndRendersCleanly() throws {
        let roff = try Binary.run(["--man"]).stdout
        #expect(roff.hasPrefix(".TH AUDITLOG 1"))
        for command in ["browse", "import", "export", "demo"] {
            let help = try Binary.run([command, "--help"]).stdout
            let options = help.components(separatedBy: "\n\n")[0].split(separator: "[").dropFirst()
                .map { $0.prefix { $0 != "]" }.split(separator: " ")[0] }.filter { $0.hasPrefix("--") }
            for option in options {
                #expect(roff.contains("\\fB" + option.replacingOccurrences(of: "-", with: "\\-") + "\\fR"),
                        "\(command) \(option) missing from the man page")
            }
        }
        let path = Binary.temporaryDirectory() + "/auditlog.1"
        try roff.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, warnings) = try Self.shell("groff -man -ww -z \(path) 2>&1")
        #expect(status == 0 && warnings.isEmpty, "\(warnings)")
        let (_, page) = try Self.shell("MANWIDTH=80 man -l \(path) 2>&1")
        #expect(page.contains("SYNOPSIS") && page.contains("--follow") && page.contains("KEYS"), "\(page.prefix(400))")
    }

    /// `--help` and the manual describe the filter language from its one description: every word the
    /// parser reads, as an option and as `word:` in the one text `--query` and the prompt take.
    @Test func helpAndManualListEveryFilterWord() throws {
        let words = ["customer", "subscription", "admin", "since", "until", "level", "channel", "request", "field", "search"]
        let help = try Binary.run(["export", "--help"]).stdout
        let roff = try Binary.run(["--man"]).stdout
        for word in words {
            #expect(help.contains("--\(word) ") && help.contains("\(word):"), "export --help lacks \(word)")
            #expect(roff.contains("\\fB\\-\\-\(word)\\fR") && roff.contains("\\fB\(word):"), "the manual lacks \(word)")
        }
    }

    /// The commands are declared once: `--help`, the manual, the completion scripts and the dispatch all know
    /// the same ones (the manual once lacked `query`).
    @Test func everyCommandIsKnownEverywhere() throws {
        let names = ["browse", "import", "demo", "export", "query", "report", "state", "verify"]
        let usage = try Binary.run(["--help"]).stdout
        let roff = try Binary.run(["--man"]).stdout
        let dir = Binary.temporaryDirectory()
        for shell in ["bash", "zsh", "fish"] {
            try Binary.run(["completions", shell]).stdout.write(toFile: "\(dir)/c.\(shell)", atomically: true, encoding: .utf8)
        }
        let (_, offered) = try Self.shell("""
            bash -c 'source \(dir)/c.bash; cd /; COMP_WORDS=(auditlog ""); COMP_CWORD=1; _auditlog; echo "${COMPREPLY[@]}"'
            """)
        let zsh = try String(contentsOfFile: "\(dir)/c.zsh", encoding: .utf8)
        let fish = try String(contentsOfFile: "\(dir)/c.fish", encoding: .utf8)
        for name in names {
            #expect(usage.contains("auditlog \(name) "), "--help lacks \(name)")
            #expect(roff.contains(".B auditlog \(name)\n"), "the manual lacks \(name)")
            #expect(offered.split(separator: " ").contains(Substring(name)), "bash does not offer \(name): \(offered)")
            #expect(zsh.contains("'\(name)'") && fish.contains("__fish_seen_subcommand_from \(name)'"), "\(name) not completed")
            let help = try Binary.run([name, "--help"])
            #expect(help.status == 0 && help.stdout.hasPrefix("Usage: auditlog \(name)"), "\(name) --help")
        }
        #expect(try Binary.run(["nosuch"]).stderr.contains(names.joined(separator: ", ")))
    }

    @Test func completionScripts() throws {
        let dir = Binary.temporaryDirectory()
        for shell in ["bash", "zsh", "fish"] {
            let run = try Binary.run(["completions", shell])
            #expect(run.status == 0)
            try run.stdout.write(toFile: "\(dir)/c.\(shell)", atomically: true, encoding: .utf8)
        }
        let (_, formats) = try Self.shell("""
            bash -c 'source \(dir)/c.bash; COMP_WORDS=(auditlog export --format ""); COMP_CWORD=3; _auditlog; echo "${COMPREPLY[@]}"'
            """)
        #expect(formats.contains("csv json ndjson text") || formats.contains("text csv json ndjson"), "\(formats)")
        let (_, options) = try Self.shell("""
            bash -c 'source \(dir)/c.bash; COMP_WORDS=(auditlog import --fo); COMP_CWORD=2; _auditlog; echo "${COMPREPLY[@]}"'
            """)
        #expect(options.contains("--format") && options.contains("--follow"), "\(options)")
        #expect(try Binary.run(["completions", "tcsh"]).status == 2)
        // Names come from the database the command line names (`--customer bill<TAB>`).
        let db = try Binary.sampleDatabase()
        let bin = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        let (_, admins) = try Self.shell("""
            PATH=\(bin):$PATH bash -c 'source \(dir)/c.bash; COMP_WORDS=(auditlog export --db \(db) --admin op); COMP_CWORD=5; _auditlog; echo "${COMPREPLY[@]}"'
            """)
        #expect(admins.contains("ops@acme.example"), "\(admins)")
        for shell in ["zsh", "fish"] where try Self.shell("command -v \(shell)").0 == 0 {
            let (status, said) = try Self.shell("\(shell) -n \(dir)/c.\(shell)")
            #expect(status == 0, "\(shell): \(said)")
        }
    }
}
}
