import Foundation
import TestTools
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

    @Test(.requires(.groff, .man)) func theManPageListsEveryOptionAndRendersCleanly() throws {
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
        let words = ["customer", "subscription", "admin", "since", "until", "level", "channel", "request", "field", "ref",
                     "search", "note", "has"]
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
        let names = ["browse", "import", "demo", "export", "query", "show", "report", "review", "state", "note", "verify"]
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

    @Test(.requires(.bash)) func completionScripts() throws {
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
    }

    static func installed(_ tool: String) -> Bool { (try? shell("command -v \(tool)").0) == 0 }

    /// Runs bash with these arguments in `dir`, the built binary first on PATH; its output.
    static func bash(_ arguments: [String], in dir: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let bin = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// What the completion script puts in COMPREPLY for these words (the last is the one completed).
    static func bashCompletes(_ words: [String], script: String, in dir: String) throws -> [String] {
        let driver = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _auditlog
            [ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\\n' "${COMPREPLY[@]}"
            """
        return try bash(["-c", driver, "driver", script] + words, in: dir).1.split(separator: "\n").map(String.init)
    }

    /// Names that need quoting come quoted, so the line they complete runs (`ana.o'neil` left the shell
    /// waiting at `>`); levels, channels and fields are offered, never file names.
    @Test func bashQuotesNamesAndOffersLevelsChannelsAndFields() throws {
        let dir = Binary.temporaryDirectory()
        let script = dir + "/c.bash"
        try Binary.run(["completions", "bash"]).stdout.write(toFile: script, atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/a-file.log", atomically: true, encoding: .utf8)
        let db = try Binary.sampleDatabase()
        let ana = try Self.bashCompletes(["auditlog", "export", "--db", db, "--admin", "ana"], script: script, in: dir)
        #expect(ana == ["ana.o\\'neil@acme.example"], "\(ana)")
        // The completed line is whole: bash runs it and the command finds that admin.
        let (status, said) = try Self.bash(["-c", "auditlog export --db \(db) --format csv --admin \(ana.first ?? "")"], in: dir)
        #expect(status == 0 && said.hasPrefix("id,time,"), "\(said.prefix(300))")
        let levels = try Self.bashCompletes(["auditlog", "export", "--level", ""], script: script, in: dir)
        #expect(levels == ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"], "\(levels)")
        let free = try Self.bashCompletes(["auditlog", "export", "--search", ""], script: script, in: dir)
        #expect(free.isEmpty, "\(free)")
        let channels = try Self.bashCompletes(["auditlog", "report", "--db", db, "--channel", ""], script: script, in: dir)
        #expect(channels == ["audit", "controller"], "\(channels)")
        let fields = try Self.bashCompletes(["auditlog", "--db", db, "--field", "bill"], script: script, in: dir)
        #expect(fields == ["billingAddress.city", "billingEmail"], "\(fields)")
        let entityFields = try Self.bashCompletes(["auditlog", "export", "--db", db, "--field", "Customer.tax"], script: script, in: dir)
        #expect(entityFields == ["Customer.taxNumber"], "\(entityFields)")
        let files = try Self.bashCompletes(["auditlog", "export", "--output", "a-"], script: script, in: dir)
        #expect(files == ["a-file.log"], "\(files)")
    }

    @Test(.requires(.zsh))
    func theZshScriptParses() throws {
        let dir = Binary.temporaryDirectory()
        try Binary.run(["completions", "zsh"]).stdout.write(toFile: "\(dir)/c.zsh", atomically: true, encoding: .utf8)
        let (status, said) = try Self.shell("zsh -n \(dir)/c.zsh")
        #expect(status == 0, "zsh: \(said)")
    }

    /// fish completes from the script as a user's TAB would (`complete -C`) and escapes what it inserts.
    @Test(.requires(.fish))
    func fishCompletesLevelsAndNames() throws {
        let dir = Binary.temporaryDirectory()
        let script = dir + "/c.fish"
        try Binary.run(["completions", "fish"]).stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let (status, said) = try Self.shell("fish -n \(script)")
        #expect(status == 0, "fish: \(said)")
        let db = try Binary.sampleDatabase()
        let bin = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        let (_, levels) = try Self.shell("cd \(dir) && PATH=\(bin):$PATH fish -c 'source \(script); complete -C \"auditlog export --level \"'")
        #expect(levels.contains("warning") && !levels.contains("c.fish"), "\(levels)")
        let (_, admins) = try Self.shell("PATH=\(bin):$PATH fish -c 'source \(script); complete -C \"auditlog export --db \(db) --admin ana\"'")
        #expect(admins.contains("ana.o'neil@acme.example") || admins.contains("ana.o\\'neil@acme.example"), "\(admins)")
    }
}
}
