import Foundation

/// The figures of one run at one record count, kept as JSON beside the data so runs at different
/// counts (10 k, 1 M, 10 M) can be made separately and reported together.
struct Results: Codable {
    var records: Int
    var date = ""
    var figures: [String: Double] = [:]

    subscript(_ name: String) -> Double? {
        get { figures[name] }
        set { figures[name] = newValue }
    }

    static func path(dir: String, records: Int) -> String { dir + "/results-\(records).json" }

    static func load(dir: String, records: Int) -> Results {
        guard let data = FileManager.default.contents(atPath: path(dir: dir, records: records)),
              let results = try? JSONDecoder().decode(Results.self, from: data) else { return Results(records: records) }
        return results
    }

    func save(dir: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(dir: dir, records: records)))
    }

    /// Every results file in the directory, smallest count first.
    static func all(dir: String) -> [Results] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { name -> Results? in
            guard name.hasPrefix("results-"), name.hasSuffix(".json"),
                  let records = Int(name.dropFirst(8).dropLast(5)) else { return nil }
            return load(dir: dir, records: records)
        }.sorted { $0.records < $1.records }
    }
}

/// Latency samples in seconds → p50 and p99 in milliseconds.
struct Samples {
    var values: [Double] = []

    mutating func add(_ seconds: Double) { values.append(seconds) }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))] * 1000
    }

    var median: Double { percentile(50) }
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// "10k", "1M", "10M", "250000" → a count.
func parseCount(_ text: String) -> Int? {
    let cleaned = text.replacingOccurrences(of: "_", with: "").lowercased()
    if cleaned.hasSuffix("k") { return Int(cleaned.dropLast()).map { $0 * 1_000 } }
    if cleaned.hasSuffix("m") { return Int(cleaned.dropLast()).map { $0 * 1_000_000 } }
    return Int(cleaned)
}

func countLabel(_ n: Int) -> String {
    if n >= 1_000_000, n % 1_000_000 == 0 { return "\(n / 1_000_000) M" }
    if n >= 1_000, n % 1_000 == 0 { return "\(n / 1_000) k" }
    return String(n)
}
