import Foundation
import PseudoTerminal

/// lnav and less on the same records (`prod.log`), in the same 80×24 pseudo-terminal.
struct OtherTools {
    let workload: Workload
    let runs: Int
    let presses: Int

    static func installed(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir + "/" + tool
        }
        return nil
    }

    /// lnav indexes the whole file before it shows the newest lines; its first screen is when a log
    /// line (`…+00:00] channel.LEVEL:`) reaches the terminal.
    func measureLnav(into results: inout Results) throws {
        guard let lnav = Self.installed("lnav") else {
            print("lnav: not installed (apt-get install lnav); skipped")
            return
        }
        let home = workload.dir + "/lnav-home"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var environment = BrowsingMeasures.environment
        environment["HOME"] = home
        var samples = Samples()
        var peak = 0
        for _ in 0..<runs {
            let started = monotonicSeconds()
            let terminal = try PseudoTerminal(executable: lnav, arguments: [workload.linePath],
                                              environment: environment, width: 80, height: 24)
            guard terminal.readUntil(contains: "+00:00] ", limit: 600) != nil else {
                throw BenchError("lnav showed no log line within 600 s")
            }
            samples.add(monotonicSeconds() - started)
            terminal.readUntilQuiet(quiet: 0.3, limit: 5)
            peak = max(peak, terminal.peakResidentKiB ?? 0)
            terminal.send("q")
            if terminal.waitForExit(limit: 5) == nil { terminal.signal(SIGKILL) }
        }
        results["lnav.open.ms"] = samples.median
        results["lnav.memory.peakKiB"] = Double(peak)
        print("lnav: first screen, median of \(runs): " + String(format: "%.0f", samples.median) + " ms; peak RSS \(peak) KiB")
    }

    /// Bytes less writes per line down (`j`) and per page (space) at 80×24.
    func measureLess(into results: inout Results) throws {
        guard let less = Self.installed("less") else {
            print("less: not installed; skipped")
            return
        }
        var environment = BrowsingMeasures.environment
        environment["LESS"] = ""
        environment["LESSHISTFILE"] = "-"
        let terminal = try PseudoTerminal(executable: less, arguments: [workload.linePath], environment: environment,
                                          width: 80, height: 24)
        defer { terminal.send("q"); if terminal.waitForExit(limit: 5) == nil { terminal.signal(SIGKILL) } }
        terminal.readUntilQuiet(quiet: 0.5, limit: 30)
        func bytes(_ key: String, _ count: Int) -> Double {
            let before = terminal.output.count
            for _ in 0..<count {
                terminal.send(key)
                terminal.readUntilQuiet(quiet: 0.03, limit: 5)
            }
            return Double(terminal.output.count - before) / Double(count)
        }
        results["less.bytes.rowDown"] = bytes("j", presses)
        results["less.bytes.page"] = bytes(" ", max(20, presses / 4))
        print("less: row down " + String(format: "%.0f", results["less.bytes.rowDown"]!) + " bytes, page "
            + String(format: "%.0f", results["less.bytes.page"]!) + " bytes")
    }
}
