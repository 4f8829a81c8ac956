import Foundation

/// Writes the table of every run in the directory (one column per record count) as Markdown.
struct Report {
    let runs: [Results]

    struct Row {
        let measure: String
        let target: String
        let value: (Results) -> String
    }

    static func number(_ value: Double?, _ digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    static func thousands(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(" ") }
            out.append(character)
        }
        return String(out.reversed())
    }

    static let keys = ["row down", "page down", "G (oldest)", "g (newest)", "tab switch", "open customer from picker",
                       "expand field change", "state then (t)", "histogram (i)", "histogram finer (+)",
                       "histogram: Enter, log at the bucket", "pivot to admin", "filter by customer", "date range",
                       "text search, first page"]

    var rows: [Row] {
        var rows: [Row] = [
            Row(measure: "first screen, auditlog (ms, median)", target: "< 80") { Self.number($0["open.ms"]) },
            Row(measure: "first screen, lnav (ms, median)", target: "") { Self.thousands($0["lnav.open.ms"]) },
            Row(measure: "lnav ÷ auditlog, first screen", target: "≥ 10×") { r in
                guard let ours = r["open.ms"], let lnav = r["lnav.open.ms"] else { return "–" }
                return Self.number(lnav / ours, 0) + "×"
            },
            Row(measure: "`auditlog prod.log` into an empty database: newest screen (ms, median)", target: "< 400") {
                Self.number($0["openFile.ms"])
            },
            Row(measure: "lnav ÷ auditlog, opening prod.log", target: "≥ 2.5×") { r in
                guard let ours = r["openFile.ms"], let lnav = r["lnav.open.ms"] else { return "–" }
                return Self.number(lnav / ours, 1) + "×"
            },
        ]
        for key in Self.keys {
            rows.append(Row(measure: "key: \(key) (ms, p50 / p99)", target: key.hasPrefix("text") ? "p99 < 150" : "p99 < 16") {
                guard $0["key.\(key).p50"] != nil else { return "–" }
                return Self.number($0["key.\(key).p50"], 2) + " / " + Self.number($0["key.\(key).p99"], 2)
            })
        }
        rows += [
            Row(measure: "histogram of Overall at 80×24: buckets on screen counted, then their warnings (ms)",
                target: "behind the screen") {
                guard $0["histogram.fill.counts.ms"] != nil else { return "–" }
                return Self.thousands($0["histogram.fill.counts.ms"]) + ", " + Self.thousands($0["histogram.fill.warnings.ms"])
            },
            Row(measure: "peak RSS browsing, auditlog (MiB)", target: "< 40, flat") {
                Self.number($0["memory.peakKiB"].map { $0 / 1024 })
            },
            Row(measure: "peak RSS at first screen, lnav (MiB)", target: "") {
                Self.number($0["lnav.memory.peakKiB"].map { $0 / 1024 }, 0)
            },
            Row(measure: "bytes per row down, auditlog / less", target: "≤ 150") {
                Self.number($0["bytes.rowDown"], 0) + " / " + Self.number($0["less.bytes.rowDown"], 0)
            },
            Row(measure: "bytes per page down, auditlog / less", target: "") {
                Self.number($0["bytes.page"], 0) + " / " + Self.number($0["less.bytes.page"], 0)
            },
            Row(measure: "import of prod.log into an empty database, browsable (records/s)", target: "≥ 100 000") {
                Self.thousands($0["import.rate"])
            },
            Row(measure: "… whole file browsable (s)", target: "< 12 at 1 M") { Self.number($0["import.browsable.s"]) },
            Row(measure: "… searchable by index (s)", target: "≤ 20 at 1 M, ≤ 200 at 10 M") {
                Self.number($0["import.searchable.s"])
            },
            Row(measure: "… peak RSS during import (MiB); when browsable", target: "≤ 150 at any size") {
                Self.number($0["import.peakKiB"].map { $0 / 1024 }, 0) + "; "
                    + Self.number($0["import.browsablePeakKiB"].map { $0 / 1024 }, 0)
            },
            Row(measure: "… CPU time of the import, user + system (s)", target: "") {
                guard $0["import.userCPU.s"] != nil else { return "–" }
                return Self.number($0["import.userCPU.s"]) + " + " + Self.number($0["import.systemCPU.s"])
            },
            Row(measure: "… load average (1 min) when the import started / ended", target: "") {
                Self.number($0["import.load"], 2) + " / " + Self.number($0["import.loadAfter"], 2)
            },
            Row(measure: "append ≤ 1 M newer records, browsable (records/s)", target: "≥ 60 000 at 10 M") {
                Self.thousands($0["append.rate"])
            },
            Row(measure: "… searchable after (s); load average at its start / end", target: "") {
                Self.number($0["append.searchable.s"]) + "; " + Self.number($0["append.load"], 2) + " / "
                    + Self.number($0["append.loadAfter"], 2)
            },
            Row(measure: "… CPU time of the append, user + system (s)", target: "") {
                guard $0["append.userCPU.s"] != nil else { return "–" }
                return Self.number($0["append.userCPU.s"]) + " + " + Self.number($0["append.systemCPU.s"])
            },
            Row(measure: "20 browsers while appending 500 records/s: keys p50 / p99 (ms)", target: "p99 < 16") {
                guard $0["agents.p50"] != nil else { return "–" }
                return Self.number($0["agents.p50"], 2) + " / " + Self.number($0["agents.p99"], 2)
            },
            Row(measure: "… worst browser's p99 (ms); browsers showing an error", target: "< 16; 0") {
                guard $0["agents.worstP99"] != nil else { return "–" }
                return Self.number($0["agents.worstP99"], 2) + "; " + Self.number($0["agents.errors"], 0)
            },
            Row(measure: "… worst key kind (p99 ms)", target: "< 16") { r in
                let kinds = r.figures.filter { $0.key.hasPrefix("agents.key.") && $0.key.hasSuffix(".p99") }
                guard let worst = kinds.max(by: { $0.value < $1.value }) else { return "–" }
                return String(worst.key.dropFirst(11).dropLast(4)) + " " + Self.number(worst.value, 1)
            },
            Row(measure: "… each browser's p99 (ms)", target: "< 16") { r in
                let each = (1...100).compactMap { r["agents.browser.\($0).p99"] }
                return each.isEmpty ? "–" : each.map { Self.number($0, 0) }.joined(separator: " ")
            },
            Row(measure: "… follower commits/s; load average before / after", target: "") {
                guard $0["agents.commitsPerSecond"] != nil else { return "–" }
                return Self.number($0["agents.commitsPerSecond"], 1) + "; " + Self.number($0["agents.load.before"], 2)
                    + " / " + Self.number($0["agents.load.after"], 2)
            },
            Row(measure: "`auditlog review`: a week against 4 weeks (s, best of runs); peak RSS (MiB)",
                target: "< 2 at 1 M, < 10 at 10 M; < 100") {
                guard $0["review.s"] != nil else { return "–" }
                return Self.number($0["review.s"], 2) + "; " + Self.number($0["review.peakKiB"].map { $0 / 1024 }, 0)
            },
            Row(measure: "… its user CPU time (s); load average before", target: "") {
                guard $0["review.user.s"] != nil else { return "–" }
                return Self.number($0["review.user.s"], 2) + "; " + Self.number($0["review.load"], 2)
            },
            Row(measure: "… every record of the store as the baseline (s); peak RSS (MiB)", target: "") {
                guard $0["review.all.s"] != nil else { return "–" }
                return Self.number($0["review.all.s"], 2) + "; " + Self.number($0["review.all.peakKiB"].map { $0 / 1024 }, 0)
            },
            Row(measure: "insert, sqlite3 tool (rows/s)", target: "") { Self.thousands($0["sqlite3.rate"]) },
            Row(measure: "auditlog ÷ sqlite3 tool", target: "≥ 50%") { r in
                guard let ours = r["import.rate"], let tool = r["sqlite3.rate"] else { return "–" }
                return Self.number(ours / tool * 100, 0) + "%"
            },
            Row(measure: "floor, sqlite3 tool: the rows; then their filter indexes; then the trigram index (s)", target: "") {
                guard $0["floor.rows.s"] != nil else { return "–" }
                return Self.number($0["floor.rows.s"], 1) + "; " + Self.number($0["floor.indexes.s"], 1) + "; "
                    + Self.number($0["floor.text.s"], 1)
            },
            Row(measure: "floor, sqlite3 tool: append ≤ 1 M rows with every index (rows/s); their trigram index (s)",
                target: "") {
                guard $0["floor.append.rate"] != nil else { return "–" }
                return Self.thousands($0["floor.append.rate"]) + "; " + Self.number($0["floor.append.text.s"], 1)
            },
            Row(measure: "database bytes per record (prod.log bytes per line)", target: "") { r in
                Self.thousands(r["database.bytesPerRecord"]) + " ("
                    + Self.thousands(r["source.bytes"].map { $0 / Double(r.records) }) + ")"
            },
        ]
        return rows
    }

    /// The hand-written part of an existing report (from `## Notes` on), kept when the table is made again.
    static func notes(in path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let range = text.range(of: "\n## Notes") else { return "" }
        return String(text[range.lowerBound...])
    }

    func markdown(machine: String) -> String {
        var lines = ["| measure | target | " + runs.map { countLabel($0.records) + " records" }.joined(separator: " | ") + " |",
                     "|---|---|" + runs.map { _ in "---:|" }.joined()]
        for row in rows {
            lines.append("| \(row.measure) | \(row.target) | " + runs.map(row.value).joined(separator: " | ") + " |")
        }
        let dates = runs.map { "\(countLabel($0.records)): \($0.date)" }.joined(separator: ", ")
        return """
            # Benchmarks

            Made by `swift build -c release && swift run -c release auditlog-bench --records 10k,1M,10M` (see
            `--help`). Each run generates the records with the demo generator, imports them through the real
            `import` path, and drives the real `auditlog` binary in an 80×24 pseudo-terminal; lnav and less read
            the same records as a Monolog `prod.log`. Keys are timed from the byte written to the frame the
            binary reports as complete (`AUDITLOG_FRAME_FD`); lnav's first screen is the first log line it writes.

            Machine: \(machine)
            Runs: \(dates)

            \(lines.joined(separator: "\n"))

            """
    }

    static func machine() -> String {
        let cpu = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let memory = ((try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? "")
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) } ?? 0
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory / 1_048_576) GiB, "
            + "Linux \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}
