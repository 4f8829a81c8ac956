/// One declaration per option: the parser, the validation and the help all read it (the idea the keymap
/// table follows for keys, and swift-argument-parser's), so a command's help cannot drift from what it
/// accepts. The man page and shell completions can be made from the same table.
struct OptionSpec: Sendable {
    /// `--db`; `aliases` are other spellings (`-o` for `--output`).
    let name: String
    let aliases: [String]
    /// What the value is called in help (`PATH`), nil for a switch.
    let value: String?
    let help: String
    /// The values it takes, when it takes one of a few (checked, and listed in help).
    let choices: [String]
    /// What a shell offers for its value, when neither its choices nor its value's name (`PATH`, `FILE`) say.
    private let completes: ValueCompletion?

    /// An option that takes a value.
    init(_ name: String, value: String, aliases: [String] = [], choices: [String] = [], complete: ValueCompletion? = nil,
         _ help: String) {
        self.name = name
        self.aliases = aliases
        self.value = value
        self.choices = choices
        self.completes = complete
        self.help = help
    }

    /// A switch.
    init(_ name: String, _ help: String) {
        self.name = name
        aliases = []
        value = nil
        choices = []
        completes = nil
        self.help = help
    }

    var spellings: [String] { [name] + aliases }

    /// What a shell offers for its value: its choices, files for a `PATH` or `FILE`, else what it declares
    /// (nothing, by default: a free value never gets file names).
    var completion: ValueCompletion {
        if let completes { return completes }
        if !choices.isEmpty { return .words(choices) }
        if let value, value.contains("PATH") || value.contains("FILE") { return .files }
        return .none
    }
}

/// What a completion script offers for an option's value.
enum ValueCompletion: Sendable, Equatable {
    /// File names.
    case files
    /// These words (an option's choices, the levels).
    case words([String])
    /// Names from the store, as `auditlog complete-names KIND TEXT` prints them.
    case names(String)
    /// Nothing: the value is free text.
    case none
}

/// A command: its synopsis, what it does, its options (in groups, each with a heading) and its operands.
struct CommandSpec: Sendable {
    let name: String
    /// `FILE|DIR|GLOB...`, or nil when the command takes none.
    let operands: String?
    let summary: String
    let groups: [(heading: String?, options: [OptionSpec])]
    /// Text after the options (exit status, notes).
    let notes: String

    var options: [OptionSpec] { groups.flatMap(\.options) }

    func option(_ spelling: String) -> OptionSpec? { options.first { $0.spellings.contains(spelling) } }

    /// The help text, made from the declarations, every line within `HelpText.width` columns.
    var help: String {
        var synopsis = "Usage: auditlog \(name)"
        var line = synopsis
        let indent = String(repeating: " ", count: synopsis.count)
        for option in options {
            let word = " [" + option.name + (option.value.map { " " + $0 } ?? "") + "]"
            if line.count + word.count > HelpText.width {
                synopsis += "\n" + indent
                line = indent
            }
            synopsis += word
            line += word
        }
        if let operands {
            if line.count + operands.count + 1 > HelpText.width { synopsis += "\n" + indent }
            synopsis += " " + operands
        }
        var out = synopsis + "\n\n" + HelpText.reflow(summary) + "\n"
        for group in groups {
            out += "\n" + (group.heading.map { $0 + "\n" } ?? "")
            for option in group.options {
                let spelled = (option.aliases + [option.name]).joined(separator: ", ")
                    + (option.value.map { " " + $0 } ?? "")
                var text = option.help
                if !option.choices.isEmpty, !text.contains(option.choices.joined(separator: " ")) {
                    text += " (" + option.choices.joined(separator: ", ") + ")"
                }
                let pad = max(1, 24 - spelled.count)
                // Its text as one paragraph (its line breaks were for a wider help), wrapped under its column.
                let words = text.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: " ")
                out += HelpText.wrap("  " + spelled + String(repeating: " ", count: pad) + words, hanging: 26)
                    .joined(separator: "\n") + "\n"
            }
        }
        if !notes.isEmpty { out += "\n" + HelpText.reflow(notes) + "\n" }
        return out.trimmingTrailingNewlines
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
