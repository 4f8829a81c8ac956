/// A command line read against a command's option table. Unknown options, missing values and values
/// outside an option's choices are usage errors (exit 2).
struct Arguments {
    struct UsageError: Error { let message: String }

    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Options take a value (`--db PATH` or `--db=PATH`) when declared with one; switches take none.
    /// Values are kept under the option's main name (`-o` is `--output`).
    init(_ words: [String], spec: CommandSpec) throws {
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
            values[option.name, default: []].append(value)
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func integer(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return number
    }
}
