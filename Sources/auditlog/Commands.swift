/// A command of `auditlog`: its declaration, its line in `auditlog --help`, and how it runs.
struct Command: Sendable {
    let spec: CommandSpec
    /// What `auditlog --help` shows after the name (`[--db PATH] [FILTERS]`) and what the command is for.
    let usage: String
    let purpose: String
    /// The same command under other names (`query` for `export`), declared with the name they are typed as, so
    /// help and messages say it.
    let aliases: [CommandSpec]
    /// Runs it with the words after its name and the name it was typed as.
    let run: @Sendable ([String], String) throws -> Void

    var name: String { spec.name }

    init(_ spec: CommandSpec, usage: String, _ purpose: String, aliases: [CommandSpec] = [],
         run: @escaping @Sendable ([String], String) throws -> Void) {
        self.spec = spec
        self.usage = usage
        self.purpose = purpose
        self.aliases = aliases
        self.run = run
    }
}

/// The commands, declared once: the dispatch in main.swift, `auditlog --help`, the manual and the completion
/// scripts all read this list.
enum Commands {
    static let all: [Command] = [
        Command(BrowseCommand.spec, usage: "[--db PATH] [FILTERS] [REF]", "open the browser (the default)") { words, _ in
            try BrowseCommand.run(words)
        },
        Command(ImportCommand.spec, usage: "[OPTIONS] [FILE...]", "import logs (Monolog, ES, …)") { words, _ in
            try ImportCommand.run(words)
        },
        Command(DemoCommand.spec, usage: "[--requests N] [--seed N]", "a demo database, then browse it") { words, _ in
            try DemoCommand.run(words)
        },
        Command(ExportCommand.spec("export"), usage: "[--format F] [-o FILE]", "records as text, csv, (nd)json",
                aliases: [ExportCommand.spec("query")]) { words, name in
            try ExportCommand.run(words, command: name)
        },
        Command(ShowCommand.spec, usage: "REF... [--format F]", "the records references name") { words, _ in
            try ShowCommand.run(words)
        },
        Command(ReportCommand.spec, usage: "[--since … --until …]", "who did what, per admin") { words, _ in
            try ReportCommand.run(words)
        },
        Command(ReviewCommand.spec, usage: "[--since … --until …]", "what is unusual in a period") { words, _ in
            try ReviewCommand.run(words)
        },
        Command(StateCommand.spec, usage: "--customer X [--at TIME]", "an entity's fields as of a moment") { words, _ in
            try StateCommand.run(words)
        },
        Command(NoteCommand.spec, usage: "add REF --text … | list [FILTERS]", "write or list notes on records") { words, _ in
            try NoteCommand.run(words)
        },
        Command(VerifyCommand.spec, usage: "[FILE...] [--head HASH]", "check the hash chain and the logs") { words, _ in
            try VerifyCommand.run(words)
        },
    ]

    /// Every name a command is typed as, aliases included, in the order of `all`.
    static var names: [String] { all.flatMap { [$0.name] + $0.aliases.map(\.name) } }

    /// Every declaration, aliases included (each has its own help).
    static var specs: [CommandSpec] { all.flatMap { [$0.spec] + $0.aliases } }

    /// The command a name means, with the declaration under that name.
    static func named(_ name: String) -> (command: Command, spec: CommandSpec)? {
        for command in all {
            if let spec = ([command.spec] + command.aliases).first(where: { $0.name == name }) { return (command, spec) }
        }
        return nil
    }

    /// The lines of `auditlog --help` that list the commands.
    static var usageLines: String {
        var rows: [(String, String)] = []
        for command in all {
            rows.append(("auditlog \(command.name) \(command.usage)", command.purpose))
            for alias in command.aliases { rows.append(("auditlog \(alias.name) ...", "the same as \(command.name)")) }
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width + 2 - $0.0.count) + $0.1 }
            .joined(separator: "\n")
    }
}
