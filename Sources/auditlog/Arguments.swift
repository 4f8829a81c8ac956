/// A command line read against the options a command takes. Unknown options and missing values are
/// usage errors (exit 2).
struct Arguments {
    struct UsageError: Error { let message: String }

    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// `valued` options take a value (`--db PATH` or `--db=PATH`); `switches` take none.
    init(_ words: [String], valued: Set<String>, switches: Set<String>, command: String) throws {
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
            if valued.contains(name) {
                guard let value = inline ?? (index < words.count ? words[index] : nil) else {
                    throw UsageError(message: "\(name) needs a value (see `auditlog \(command) --help`)")
                }
                if inline == nil { index += 1 }
                values[name, default: []].append(value)
            } else if switches.contains(name), inline == nil {
                flags.insert(name)
            } else {
                throw UsageError(message: "unknown option \(word) for `auditlog \(command)` (see `auditlog \(command) --help`)")
            }
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
