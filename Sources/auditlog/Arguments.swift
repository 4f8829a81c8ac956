/// A command line read against a command's option table. Unknown options, missing values and values
/// outside an option's choices are usage errors (exit 2).
struct Arguments {
    struct UsageError: Error { let message: String }

    private var given: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positional: [String] = []
    private let spec: CommandSpec

    /// Options take a value (`--db PATH` or `--db=PATH`) when declared with one; switches take none.
    /// Values are kept under the option's main name (`-o` is `--output`).
    init(_ words: [String], spec: CommandSpec) throws {
        self.spec = spec
        var index = 0
        var onlyPositional = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositional || word == "-" || !word.hasPrefix("-") {
                positional.append(word)
                continue
            }
            if word == "--" { onlyPositional = true; continue }
            var name = word
            var inline: String? = nil
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            guard let option = spec.option(name), option.value != nil || inline == nil else {
                throw UsageError(message: "unknown option \(word) for `auditlog \(spec.name)` (see `auditlog \(spec.name) --help`)")
            }
            guard option.value != nil else {
                flags.insert(option.name)
                continue
            }
            guard let value = inline ?? (index < words.count ? words[index] : nil) else {
                throw UsageError(message: "\(name) needs a value (see `auditlog \(spec.name) --help`)")
            }
            if inline == nil { index += 1 }
            if !option.choices.isEmpty, !option.choices.contains(value) {
                throw UsageError(message: "\(option.name) takes \(option.choices.joined(separator: ", ")), not \"\(value)\"")
            }
            given[option.name, default: []].append(value)
        }
    }

    // Read by the option's declaration, never by its spelling: a misspelt option is a compile error, and
    // reading one the command does not declare stops at once (it could never be given).

    /// The last value given for `option`.
    func value(_ option: OptionSpec) -> String? { values(option).last }

    /// Every value given for `option`, in order.
    func values(_ option: OptionSpec) -> [String] {
        precondition(spec.option(option.name) != nil, "\(option.name) is not an option of \(spec.name)")
        return given[option.name] ?? []
    }

    /// Whether the switch `option` was given.
    func has(_ option: OptionSpec) -> Bool {
        precondition(spec.option(option.name) != nil, "\(option.name) is not an option of \(spec.name)")
        return flags.contains(option.name)
    }

    func integer(_ option: OptionSpec, range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(option) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(option.name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return number
    }
}
