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

    /// A command whose type declares it and runs it (all but `export`, which has an alias).
    init<Definition: CommandDefinition>(_ definition: Definition.Type, usage: String, _ purpose: String) {
        self.init(Definition.spec, usage: usage, purpose) { words, _ in try Definition.run(words) }
    }
}

/// A command's own type: its declaration, and how it runs with the words after its name.
protocol CommandDefinition: Sendable {
    static var spec: CommandSpec { get }
    static func run(_ words: [String]) throws
}

/// The commands, declared once: the dispatch in main.swift, `auditlog --help`, the manual and the completion
/// scripts all read this list.
enum Commands {
    static let all: [Command] = [
        Command(BrowseCommand.self, usage: "[--db PATH] [FILTERS] [REF]", "open the browser (the default)"),
        Command(ImportCommand.self, usage: "[OPTIONS] [FILE...]", "import logs (Monolog, ES, …)"),
        Command(DemoCommand.self, usage: "[--requests N] [--seed N]", "a demo database, then browse it"),
        Command(ExportCommand.spec("export"), usage: "[--format F] [-o FILE]", "records as text, csv, (nd)json",
                aliases: [ExportCommand.spec("query")]) { words, name in
            try ExportCommand.run(words, command: name)
        },
        Command(ShowCommand.self, usage: "REF... [--format F]", "the records references name"),
        Command(ReportCommand.self, usage: "[--since … --until …]", "who did what, per admin"),
        Command(ReviewCommand.self, usage: "[--since … --until …]", "what is unusual in a period"),
        Command(StateCommand.self, usage: "--customer X [--at TIME]", "an entity's fields as of a moment"),
        Command(NoteCommand.self, usage: "add REF --text … | list [FILTERS]", "write or list notes on records"),
        Command(VerifyCommand.self, usage: "[FILE...] [--head HASH]", "check the hash chain and the logs"),
        Command(AccessCommand.self, usage: "[--customer X | --user LOGIN] [--since T]", "who looked (shared server)"),
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
        // The purposes' column: as far right as the synopses before it allow while every purpose of a row that
        // fits stays on its line in 80 columns; a longer synopsis stands alone, its purpose on the next line in
        // that column (HelpText keeps it there), so no purpose is squeezed into a narrow column.
        let fitting = rows.filter { 2 + $0.0.count + 2 + $0.1.count <= HelpText.width }.map(\.0.count)
        let width = fitting.filter { column in rows.allSatisfy { $0.0.count > column || 2 + column + 2 + $0.1.count <= HelpText.width } }
            .max() ?? 0
        return rows.map { synopsis, purpose in
            synopsis.count > width
                ? "  " + synopsis + "\n" + String(repeating: " ", count: width + 4) + purpose
                : "  " + synopsis + String(repeating: " ", count: width + 2 - synopsis.count) + purpose
        }.joined(separator: "\n")
    }
}
