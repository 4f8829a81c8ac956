import AuditStore
import Foundation
import PseudoTerminal

/// A shared host: 20 agents browse one database while `auditlog import --follow` appends 500 records a
/// second to it. Keys go to the browsers in turn (one at a time, each timed to its complete answer, as
/// in `BrowsingMeasures`); every browser's output is read meanwhile so none waits on its terminal.
/// Reports the p50/p99 over all keys, the worst browser's p99, and any error shown.
struct AgentsMeasure {
    let workload: Workload
    let binary: String
    let browsers: Int
    let rounds: Int
    static let appendRate = 500

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

        // What agents do: scroll, page, jump to the oldest and back, switch tabs and come back, open a record.
        let cycle = ["j", "j", "\u{06}", "j", "G", "g", "\t", "\u{1B}[Z", "\r", "\r", "k", "\u{02}"]
        var keys = Array(repeating: 0, count: browsers)
        var all = Samples()
        var perBrowser = Array(repeating: Samples(), count: browsers)
        let started = Date()
        for round in 0..<rounds {
            for index in terminals.indices {
                for other in terminals { other.drain(wait: 0) }
                let key = cycle[(round + index) % cycle.count]
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
            }
        }
        let seconds = Date().timeIntervalSince(started)
        for terminal in terminals { terminal.drain(wait: 0.05) }
        let errors = terminals.filter { terminal in
            let text = String(decoding: terminal.output, as: UTF8.self)
            return text.contains("locked") || text.contains("error") || text.contains("failed")
        }.count
        let worst = perBrowser.map { $0.percentile(99) }.max() ?? 0
        let rate = Double(appended.withLock { $0 }) / max(0.001, seconds)
        results["agents.p50"] = all.percentile(50)
        results["agents.p99"] = all.percentile(99)
        results["agents.worstP99"] = worst
        results["agents.errors"] = Double(errors)
        results["agents.appendRate"] = rate
        print("agents: \(browsers) browsers, \(all.values.count) keys in " + String(format: "%.0f", seconds)
            + " s while appending " + String(format: "%.0f", rate) + " records/s: p50 "
            + String(format: "%.2f", all.percentile(50)) + " ms, p99 " + String(format: "%.2f", all.percentile(99))
            + " ms, worst browser p99 " + String(format: "%.2f", worst) + " ms; browsers showing an error: \(errors)")
    }
}
