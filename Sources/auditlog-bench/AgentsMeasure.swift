import AuditStore
import Foundation
import PseudoTerminal

/// A shared host: 20 agents browse one database while `auditlog import --follow` appends 500 records a
/// second to it. Keys go to the browsers in turn, at about one key per browser per second for `seconds`
/// (each key timed to its complete answer, as in `BrowsingMeasures`); every browser's output is read
/// meanwhile so none waits on its terminal. Reports the p50/p99 over all keys, the worst browser's p99,
/// and how many browsers showed an error.
struct AgentsMeasure {
    let workload: Workload
    let binary: String
    let browsers: Int
    let seconds: Double
    static let appendRate = 500

    /// The key kinds of `cycle`, by what they do.
    static let keyNames = ["j": "row down", "k": "row up", "\u{06}": "page down", "G": "G (oldest)", "g": "g (newest)",
                           "\t": "tab", "\u{1B}[Z": "shift-tab", "\r": "Enter (open/close)"]

    /// The machine's load average over the last minute (/proc/loadavg), recorded beside every figure.
    static func loadAverage() -> Double {
        Double(((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").first ?? "") ?? .nan
    }

    func measure(into results: inout Results) throws {
        let live = workload.dir + "/agents-live.log"
        try? FileManager.default.removeItem(atPath: live)
        _ = FileManager.default.createFile(atPath: live, contents: nil)
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: binary)
        importer.arguments = ["import", "--follow", "--db", workload.databasePath, live]
        importer.standardOutput = FileHandle.nullDevice
        importer.standardError = FileHandle.nullDevice
        try importer.run()
        defer {
            importer.terminate()
            importer.waitUntilExit()
        }

        // The writer: 50 records every 100 ms, newer than anything stored, from a fresh seed each run.
        let stop = Locked(false)
        let appended = Locked(0)
        let writer = Thread {
            var generator = DemoGenerator(options: .init(requests: 200_000, seed: UInt64.random(in: 1...UInt64.max),
                                                         end: Timestamp(seconds: Int64(Date().timeIntervalSince1970)), days: 1))
            guard let handle = FileHandle(forWritingAtPath: live) else { return }
            var pending: [String] = []
            while !stop.withLock({ $0 }) {
                let started = Date()
                while pending.count < Self.appendRate / 10, let request = generator.nextRequest() {
                    pending += request.map(\.monologLine)
                }
                let batch = pending.prefix(Self.appendRate / 10)
                pending.removeFirst(batch.count)
                handle.seekToEndOfFile()
                handle.write(Data((batch.joined(separator: "\n") + "\n").utf8))
                appended.withLock { $0 += batch.count }
                Thread.sleep(forTimeInterval: max(0, 0.1 - Date().timeIntervalSince(started)))
            }
            try? handle.close()
        }
        writer.start()
        defer { stop.withLock { $0 = true } }

        var terminals: [PseudoTerminal] = []
        for _ in 0..<browsers {
            let terminal = try PseudoTerminal(executable: binary, arguments: ["--db", workload.databasePath],
                                              environment: BrowsingMeasures.environment, width: 80, height: 24,
                                              frameReports: true)
            guard terminal.waitForCompleteFrame(afterKeys: 0, limit: 60) != nil else {
                throw BenchError("a browser showed no first screen within 60 s")
            }
            terminals.append(terminal)
        }
        defer { for terminal in terminals { terminal.send("Q"); terminal.waitForExit() } }
        // Each browser first counts the 10 M records (on its background connection): twenty at once keep
        // both cores busy for a while. The measure is of agents at work: it starts once the counts are done
        // (the browsers' processor time stops growing fast).
        func busyTicks() -> Int {
            terminals.reduce(0) { total, terminal in
                let fields = ((try? String(contentsOfFile: "/proc/\(terminal.pid)/stat", encoding: .utf8)) ?? "")
                    .split(separator: ")").last?.split(separator: " ") ?? []
                return total + (fields.count > 13 ? (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0) : 0)
            }
        }
        let waitStarted = Date()
        var last = busyTicks()
        while Date().timeIntervalSince(waitStarted) < 120 {
            for terminal in terminals { terminal.drain(wait: 0.05) }
            let now = busyTicks()
            defer { last = now }
            if now - last < 20 { break } // under 20 % of one core for all of them during ~1 s
        }
        print("agents: settled after " + String(format: "%.1f", Date().timeIntervalSince(waitStarted)) + " s")

        // What agents do: scroll, page, jump to the oldest and back, switch tabs and come back, open a record
        // and close it. Each key changes the screen from where the one before left it (a key that changes
        // nothing draws no frame to time), starting from the newest record.
        let cycle = ["j", "j", "\u{06}", "k", "G", "g", "\t", "\u{1B}[Z", "\r", "\r"]
        // The follower's commits, seen as changes of the database's data_version by a reader polling every
        // 10 ms (each commit has every browser's connections drop their page cache).
        let commits = Locked(0)
        let watcher = Thread {
            guard let store = try? AuditStore(path: workload.databasePath, mode: .readOnly) else { return }
            var last = try? store.changeToken()
            while !stop.withLock({ $0 }) {
                let token = try? store.changeToken()
                if token != last { commits.withLock { $0 += 1 }; last = token }
                usleep(10_000)
            }
        }
        watcher.start()
        let loadBefore = Self.loadAverage()
        var keys = Array(repeating: 0, count: browsers)
        var all = Samples()
        var perBrowser = Array(repeating: Samples(), count: browsers)
        var perKey: [String: Samples] = [:]
        let started = Date()
        let appendedBefore = appended.withLock { $0 }
        var round = 0
        while Date().timeIntervalSince(started) < seconds {
            round += 1
            for index in terminals.indices {
                // One key per browser per second, spread over the second.
                let due = started.addingTimeInterval(Double(round - 1) + Double(index) / Double(browsers))
                while Date() < due { for terminal in terminals { terminal.drain(wait: 0.002) } }
                for other in terminals { other.drain(wait: 0) }
                let key = cycle[keys[index] % cycle.count]
                let terminal = terminals[index]
                let before = Date()
                terminal.send(key)
                keys[index] += 1
                guard terminal.waitForCompleteFrame(afterKeys: keys[index], limit: 30) != nil else {
                    throw BenchError("browser \(index + 1) gave no answer to \(key.debugDescription) within 30 s")
                }
                let elapsed = Date().timeIntervalSince(before)
                all.add(elapsed)
                perBrowser[index].add(elapsed)
                perKey[key, default: Samples()].add(elapsed)
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        let appendedMeanwhile = appended.withLock { $0 } - appendedBefore
        let committed = commits.withLock { $0 }
        for terminal in terminals { terminal.drain(wait: 0.05) }
        // What a failed question shows in the status bar (SQLite's words); record text cannot say these.
        let failures = ["database is locked", "no such index", "no such table", "disk image", "unable to open", "SQLITE"]
        let errors = terminals.filter { terminal in
            let text = String(decoding: terminal.output, as: UTF8.self)
            return failures.contains { text.contains($0) }
        }.count
        let worst = perBrowser.map { $0.percentile(99) }.max() ?? 0
        let rate = Double(appendedMeanwhile) / max(0.001, elapsed)
        results["agents.p50"] = all.percentile(50)
        results["agents.p99"] = all.percentile(99)
        results["agents.worstP99"] = worst
        results["agents.errors"] = Double(errors)
        results["agents.appendRate"] = rate
        results["agents.commitsPerSecond"] = Double(committed) / max(0.001, elapsed)
        results["agents.load.before"] = loadBefore
        results["agents.load.after"] = Self.loadAverage()
        for (index, samples) in perBrowser.enumerated() { results["agents.browser.\(index + 1).p99"] = samples.percentile(99) }
        for (key, samples) in perKey.sorted(by: { $0.key < $1.key }) {
            let name = Self.keyNames[key] ?? key.debugDescription
            results["agents.key.\(name).p99"] = samples.percentile(99)
            print("  key \(name): p50 " + String(format: "%.2f", samples.percentile(50)) + " ms, p99 "
                + String(format: "%.2f", samples.percentile(99)) + " ms, max " + String(format: "%.2f", samples.percentile(100)) + " ms")
        }
        print("  each browser's p99 (ms): " + perBrowser.map { String(format: "%.1f", $0.percentile(99)) }.joined(separator: " "))
        print("  follower commits: " + String(format: "%.1f", Double(committed) / max(0.001, elapsed)) + "/s; load average "
            + String(format: "%.2f", loadBefore) + " before, " + String(format: "%.2f", Self.loadAverage()) + " after")
        print("agents: \(browsers) browsers, \(all.values.count) keys in " + String(format: "%.0f", elapsed)
            + " s while appending " + String(format: "%.0f", rate) + " records/s: p50 "
            + String(format: "%.2f", all.percentile(50)) + " ms, p99 " + String(format: "%.2f", all.percentile(99))
            + " ms, worst browser p99 " + String(format: "%.2f", worst) + " ms; browsers showing an error: \(errors)")
    }
}
