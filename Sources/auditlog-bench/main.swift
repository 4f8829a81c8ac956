import Foundation

/// `swift run -c release auditlog-bench [--records 10k,1M,10M] [--parts …] [--dir DIR] [--report FILE]`
/// Measures auditlog against its scale targets and lnav/less/sqlite3 on the same records; prints each
/// figure and writes the table of every run in DIR to BENCHMARKS.md.
struct Options {
    var counts = [10_000]
    static let allParts = ["data", "import", "sqlite3", "open", "file", "keys", "lnav", "less", "append", "agents", "review", "floor-append"]
    var parts = Set(allParts)
    var dir = NSTemporaryDirectory() + "auditlog-bench"
    var report: String? = "BENCHMARKS.md"
    var runs = 5
    var lnavRuns = 3
    var presses = 200
    var browsers = 20
    var binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("auditlog").path

    static let usage = """
        usage: auditlog-bench [--records 10k,1M,10M] [--parts \(allParts.joined(separator: ","))] [--dir DIR]
                              [--runs N] [--lnav-runs N] [--presses N] [--browsers N] [--binary PATH]
                              [--report FILE | --no-report]
        Generates the records once per count (kept in DIR), imports them, and measures; figures of every
        count in DIR go into the report (default BENCHMARKS.md). Build first: swift build -c release.
        """

    init(arguments: [String]) throws {
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--records":
                let text = try value()
                counts = try text.split(separator: ",").map {
                    guard let n = parseCount(String($0)), n > 0 else { throw BenchError("--records: bad count \($0)") }
                    return n
                }
            case "--parts":
                let text = try value()
                parts = Set(text.split(separator: ",").map(String.init))
                if let unknown = parts.first(where: { !Self.allParts.contains($0) }) {
                    throw BenchError("--parts: unknown part \(unknown)")
                }
            case "--dir": dir = try value()
            case "--report": report = try value()
            case "--no-report": report = nil
            case "--runs": runs = Int(try value()) ?? runs
            case "--lnav-runs": lnavRuns = Int(try value()) ?? lnavRuns
            case "--presses": presses = Int(try value()) ?? presses
            case "--browsers": browsers = Int(try value()) ?? browsers
            case "--binary": binary = try value()
            case "--help", "-h": print(Self.usage); exit(0)
            default: throw BenchError("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}

func run(_ options: Options) throws {
    try FileManager.default.createDirectory(atPath: options.dir, withIntermediateDirectories: true)
    let needsBinary = true // imports and browsing both run the real binary
    if needsBinary, !FileManager.default.isExecutableFile(atPath: options.binary) {
        throw BenchError("no auditlog binary at \(options.binary); run `swift build -c release` first")
    }
    for count in options.counts {
        print("== \(countLabel(count)) records")
        let workload = Workload(records: count, dir: options.dir)
        var results = Results.load(dir: options.dir, records: count)
        let formatter = ISO8601DateFormatter()
        results.date = formatter.string(from: Date())
        if options.parts.contains("data") || !workload.exists {
            if !workload.exists { try workload.write() } else { print("data: reusing \(workload.jsonPath)") }
        }
        results["source.bytes"] = workload.sourceBytes
        let haveDatabase = FileManager.default.fileExists(atPath: workload.databasePath)
        if options.parts.contains("import") || !haveDatabase {
            try workload.measureImport(binary: options.binary, into: &results)
        }
        try results.save(dir: options.dir)
        // Browsing first, while the imported database is in the operating system's cache as it is after an
        // import; the sqlite3 comparison last, as it writes twice the database and evicts it.
        let browsing = BrowsingMeasures(workload: workload, binary: options.binary, runs: options.runs,
                                        presses: options.presses)
        if options.parts.contains("open") { try browsing.measureOpen(into: &results) }
        if options.parts.contains("file") { try browsing.measureOpenFile(into: &results) }
        if options.parts.contains("keys") {
            try browsing.measureKeys(into: &results)
            try browsing.measureHistogramFill(into: &results)
        }
        try results.save(dir: options.dir)
        if options.parts.contains("agents") {
            try AgentsMeasure(workload: workload, binary: options.binary, browsers: options.browsers,
                              seconds: Double(max(10, options.presses / 4))).measure(into: &results)
            try results.save(dir: options.dir)
        }
        if options.parts.contains("review") {
            try ReviewMeasure(workload: workload, binary: options.binary, runs: options.runs).measure(into: &results)
            try results.save(dir: options.dir)
        }
        if options.parts.contains("append") {
            try workload.measureAppend(binary: options.binary, into: &results)
            try results.save(dir: options.dir)
        }
        let others = OtherTools(workload: workload, runs: options.lnavRuns, presses: options.presses)
        if options.parts.contains("lnav") { try others.measureLnav(into: &results) }
        if options.parts.contains("less") { try others.measureLess(into: &results) }
        try results.save(dir: options.dir)
        if options.parts.contains("sqlite3") {
            try SQLiteToolComparison(workload: workload).measure(into: &results)
            try results.save(dir: options.dir)
        }
        if options.parts.contains("floor-append") {
            try SQLiteToolComparison(workload: workload).measureAppendFloor(binary: options.binary, into: &results)
            try results.save(dir: options.dir)
        }
    }
    let all = Results.all(dir: options.dir)
    let report = Report(runs: all)
    let text = report.markdown(machine: Report.machine())
    print(text)
    if let path = options.report {
        try (text + Report.notes(in: path)).write(toFile: path, atomically: true, encoding: .utf8)
        print("written: \(path)")
    }
}

do {
    try run(try Options(arguments: Array(CommandLine.arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("auditlog-bench: \(error)\n".utf8))
    exit(1)
}
