import AuditStore
import Foundation
import PseudoTerminal

/// The real `auditlog` binary in an 80×24 pseudo-terminal on the imported database: time to the first
/// complete screen, each key's time to its complete answer on screen, bytes written per key, and peak
/// memory. The binary reports each frame it sends (`AUDITLOG_FRAME_FD`), so no time is guessed.
struct BrowsingMeasures {
    let workload: Workload
    let binary: String
    let runs: Int
    let presses: Int

    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "PATH": "/usr/bin:/bin",
                              "HOME": NSTemporaryDirectory()]

    private func start() throws -> PseudoTerminal {
        try PseudoTerminal(executable: binary, arguments: ["--db", workload.databasePath],
                           environment: Self.environment, width: 80, height: 24, frameReports: true)
    }

    func measureOpen(into results: inout Results) throws {
        var samples = Samples()
        for _ in 0..<runs {
            let started = monotonicSeconds()
            let terminal = try start()
            guard terminal.waitForCompleteFrame(afterKeys: 0, limit: 60) != nil else {
                throw BenchError("auditlog showed no first screen within 60 s")
            }
            samples.add(monotonicSeconds() - started)
            terminal.send("Q")
            terminal.waitForExit()
        }
        results["open.ms"] = samples.median
        print("open: auditlog first screen, median of \(runs): " + String(format: "%.1f", samples.median) + " ms")
    }

    /// `auditlog prod.log` as a user opens a log for the first time: a new, empty database, the file given on the
    /// command line; timed to the first complete screen (the newest records, read from the file's end).
    func measureOpenFile(into results: inout Results) throws {
        var samples = Samples()
        for run in 0..<runs {
            let database = workload.dir + "/open-file-\(run).db"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            let started = monotonicSeconds()
            let terminal = try PseudoTerminal(executable: binary, arguments: ["--db", database, workload.linePath],
                                              environment: Self.environment, width: 80, height: 24, frameReports: true)
            guard terminal.waitForCompleteFrame(afterKeys: 0, limit: 60) != nil else {
                throw BenchError("auditlog showed no screen of the file within 60 s")
            }
            samples.add(monotonicSeconds() - started)
            terminal.send("Q")
            terminal.waitForExit(limit: 60)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        results["openFile.ms"] = samples.median
        print("open file: auditlog prod.log into an empty database, newest screen, median of \(runs): "
            + String(format: "%.1f", samples.median) + " ms")
    }

    /// What the key measures need to know about the data: where a field change and a record with an
    /// admin sit on the first page, a busy customer, a week in the middle, words to search.
    struct Targets {
        var changeIndex = 0
        var adminIndex = 0
        var customer = ""
        var since = "", until = ""
        var words: [String] = []
    }

    func targets() throws -> Targets {
        let store = try AuditStore(path: workload.databasePath, mode: .readOnly)
        let page = try store.page(of: RecordQuery(), from: .newest, limit: 15)
        var targets = Targets()
        targets.changeIndex = page.firstIndex { $0.change != nil } ?? 0
        targets.adminIndex = page.firstIndex { $0.adminID != nil } ?? 0
        targets.customer = try store.entities(.customer, matching: "", after: nil, limit: 1).first?.id ?? "none"
        let newest = page.first?.time.seconds ?? 0
        let oldest = try store.page(of: RecordQuery(), from: .oldest, limit: 1).first?.time.seconds ?? 0
        let middle = oldest + (newest - oldest) / 2
        func day(_ seconds: Int64) -> String {
            let formatter = DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        targets.since = day(middle)
        targets.until = day(middle + 6 * 86_400)
        // A common word, a rare one (a customer's id fragment) and one that is nowhere.
        let rare = try store.entities(.customer, matching: "", after: nil, limit: 50).last?.id.prefix(8) ?? "none"
        targets.words = ["refund", String(rare), "zqxjkv"]
        return targets
    }

    func measureKeys(into results: inout Results) throws {
        let targets = try targets()
        let terminal = try start()
        defer { terminal.send("Q"); terminal.waitForExit() }
        var keys = 0
        guard terminal.waitForCompleteFrame(afterKeys: 0, limit: 60) != nil else { throw BenchError("no first screen") }

        /// Sends keys (one byte each) and waits for the complete answer; the seconds and the bytes written.
        @discardableResult
        func press(_ text: String) throws -> (seconds: Double, bytes: Int) {
            let before = terminal.output.count
            let started = monotonicSeconds()
            terminal.send(text)
            keys += text.utf8.count
            guard terminal.waitForCompleteFrame(afterKeys: keys, limit: 30) != nil else {
                throw BenchError("no answer to \(text.debugDescription) within 30 s")
            }
            let elapsed = monotonicSeconds() - started
            terminal.drain(wait: 0.002)
            return (elapsed, terminal.output.count - before)
        }
        /// Lets background work (counts) settle so a measure starts from a quiet program.
        func settle() { terminal.readUntilQuiet(quiet: 0.05, limit: 2) }
        /// An unmeasured step that may leave the screen as it was (no frame to wait for).
        func go(_ text: String) {
            terminal.send(text)
            keys += text.utf8.count
            settle()
        }

        var measured: [(String, Samples)] = []
        func measure(_ name: String, _ count: Int, before: () throws -> Void = {}, key: String,
                     after: () throws -> Void = {}) throws {
            var samples = Samples()
            for _ in 0..<count {
                try before()
                settle()
                samples.add(try press(key).seconds)
                try after()
            }
            measured.append((name, samples))
        }

        // Row down and page down, with the bytes each writes to the terminal.
        settle()
        var rowBytes = 0, pageBytes = 0
        var rowSamples = Samples(), pageSamples = Samples()
        for _ in 0..<presses {
            let (seconds, bytes) = try press("j")
            rowSamples.add(seconds)
            rowBytes += bytes
        }
        for _ in 0..<max(20, presses / 4) {
            let (seconds, bytes) = try press("\u{06}")
            pageSamples.add(seconds)
            pageBytes += bytes
        }
        measured.append(("row down", rowSamples))
        measured.append(("page down", pageSamples))
        results["bytes.rowDown"] = Double(rowBytes) / Double(presses)
        results["bytes.page"] = Double(pageBytes) / Double(max(20, presses / 4))

        let few = max(10, presses / 5)
        try measure("G (oldest)", few, key: "G", after: { go("g") })
        try measure("g (newest)", few, before: { go("G") }, key: "g")
        try measure("tab switch", presses / 2, key: "\t")
        go("2")
        try measure("open customer from picker", few, key: "\r", after: { go("h"); go("j") })
        go("1")
        go("g")
        for _ in 0..<targets.changeIndex { go("j") }
        try measure("expand field change", few, key: "\r", after: { go("\r") })
        try measure("state then (t)", few, key: "t", after: { go("h") })
        try measure("histogram (i)", few, key: "i", after: { go("h") })
        go("i")
        try measure("histogram finer (+)", few, key: "+", after: { go("-") })
        try measure("histogram: Enter, log at the bucket", few, key: "\r", after: { go("h") })
        go("h")
        go("g")
        for _ in 0..<targets.adminIndex { go("j") }
        try measure("pivot to admin", few, key: "a", after: { go("h") })
        func filter(_ name: String, _ text: [String]) throws {
            var samples = Samples()
            for index in 0..<few {
                go("/")
                go(text[index % text.count])
                samples.add(try press("\r").seconds)
                go("x")
            }
            measured.append((name, samples))
        }
        try filter("filter by customer", ["customer:\(targets.customer)"])
        try filter("date range", ["since:\(targets.since) until:\(targets.until)"])
        try filter("text search, first page", targets.words)
        for (name, samples) in measured {
            results["key.\(name).p50"] = samples.percentile(50)
            results["key.\(name).p99"] = samples.percentile(99)
            print("key \(name): p50 " + String(format: "%.2f", samples.percentile(50)) + " ms, p99 "
                + String(format: "%.2f", samples.percentile(99)) + " ms (\(samples.values.count) presses)")
        }
        if let peak = terminal.peakResidentKiB { results["memory.peakKiB"] = Double(peak) }
        print("bytes: row down " + String(format: "%.0f", results["bytes.rowDown"] ?? 0) + ", page "
            + String(format: "%.0f", results["bytes.page"] ?? 0) + "; peak RSS \(terminal.peakResidentKiB ?? 0) KiB")
    }
}
