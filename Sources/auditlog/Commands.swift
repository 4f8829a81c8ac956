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

    /// The command a mistyped name most likely meant (`imprt` → `import`): the nearest name at most two edits
    /// away (a letter added, dropped, changed, or two swapped), and nearer than the word is long.
    static func suggestion(for word: String) -> String? {
        let typed = Array(word.lowercased())
        let ranked = names.map { ($0, editDistance(typed, Array($0))) }.filter { $0.1 <= 2 && $0.1 < typed.count }
        return ranked.min(by: { $0.1 < $1.1 })?.0
    }

    /// Edits between two words: insertions, deletions, substitutions and swaps of neighbours (Damerau).
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
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
