/// Longest-common-subsequence diffs: by word for text, by line for arrays.
public enum Diff {
    public enum Part: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The edit from `old` to `new` as a sequence of kept, removed and added items.
    public static func parts(_ old: [String], _ new: [String]) -> [Part] {
        // Inputs are small (a value's words or lines); cap the table so a huge value cannot stall a key press.
        guard old.count * new.count <= 250_000 else {
            return old.map(Part.removed) + new.map(Part.added)
        }
        let n = old.count, m = new.count
        var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [Part] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                result.append(.same(old[i])); i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                result.append(.removed(old[i])); i += 1 // removals first, as diff reads
            } else {
                result.append(.added(new[j])); j += 1
            }
        }
        return result
    }

    /// Words and the spaces and punctuation between them, so a diff can mark just what changed.
    public static func words(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsWord = false
        for character in text {
            let isWord = character.isLetter || character.isNumber
            if !current.isEmpty, isWord != currentIsWord || !isWord {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            currentIsWord = isWord
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
