#if canImport(Glibc)
import Glibc
#endif

/// What `import` (and browsing a file) is given: files, directories and globs, expanded into the files to
/// read, each rotated set oldest first (`prod.log.3.gz prod.log.2.gz prod.log.1 prod.log`), so a log's
/// records arrive in the order they were written.
public enum SourceSet {
    public struct Problem: Error, Equatable, Sendable {
        public let argument: String
        public let reason: String
    }

    /// The files named by `arguments` (`-` is standard input), in reading order; what matched nothing is a
    /// problem. A directory gives its regular files (not hidden ones, not recursively); a glob is expanded
    /// here too, so a quoted `'var/log/prod*.log'` works as the shell's would.
    public static func expand(_ arguments: [String]) -> (files: [String], problems: [Problem]) {
        var files: [String] = []
        var problems: [Problem] = []
        for argument in arguments {
            if argument == "-" { files.append(argument); continue }
            if FileSystem.isDirectory(argument) {
                let found = directoryFiles(argument)
                if found.isEmpty { problems.append(Problem(argument: argument, reason: "a directory with no files")) }
                files += ordered(found)
            } else if FileSystem.exists(argument) || !isGlob(argument) {
                files.append(argument) // a missing plain path is reported when it is read
            } else {
                let found = glob(argument).filter { FileSystem.isRegularFile($0) }
                if found.isEmpty { problems.append(Problem(argument: argument, reason: "no file matches")) }
                files += ordered(found)
            }
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, problems)
    }

    /// The files (of those `expand` gave) that cannot be read, each with the reason an import would give
    /// (standard input always can): asked before a store is opened, so naming only files that cannot be read
    /// creates nothing.
    public static func unreadable(_ files: [String]) -> [Problem] {
        files.compactMap { file in
            file == "-" ? nil : FileSystem.whyUnreadable(file).map { Problem(argument: file, reason: $0) }
        }
    }

    public static func isGlob(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }

    private static func directoryFiles(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if FileSystem.isRegularFile(full) { names.append(full) }
        }
        return names
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Orders files as rotated sets: grouped by the log they rotate from, each group oldest first —
    /// a higher rotation number is older (`.3.gz` before `.1`), a date suffix (`-20250201`) sorts by date,
    /// and the live file comes last.
    static func ordered(_ paths: [String]) -> [String] {
        paths.map { (path: $0, key: RotationKey($0)) }
            .sorted { a, b in
                if a.key.base != b.key.base { return a.key.base < b.key.base }
                if a.key.age != b.key.age { return a.key.age > b.key.age }
                return a.path < b.path
            }
            .map(\.path)
    }
}

/// `prod.log.2.gz` → base `prod.log`, age 2; `prod.log-20250201.gz` → base `prod.log`, age from the date
/// (older dates are larger ages); `prod.log` → age 0 (the live file).
struct RotationKey {
    let base: String
    let age: Int64

    init(_ path: String) {
        var name = path
        for suffix in [".gz", ".xz", ".bz2", ".zst", ".zstd"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if let dot = name.lastIndex(of: "."), let number = Int64(name[name.index(after: dot)...]),
           name.distance(from: dot, to: name.endIndex) <= 5 {
            base = String(name[..<dot])
            age = number
            return
        }
        if let dash = name.lastIndex(of: "-"), let date = Int64(name[name.index(after: dash)...].prefix(8)),
           name.distance(from: dash, to: name.endIndex) >= 9, date > 19_000_000 {
            base = String(name[..<dash])
            age = 100_000_000 - date // older date, larger age; above any rotation number
            return
        }
        base = name
        age = 0
    }
}
