import Foundation
import Testing
@testable import AuditStore

/// A seeded mutation fuzzer over the real sample files: flipped, inserted, deleted and duplicated bytes,
/// JSON and PHP tokens in odd places, truncation, absurd numbers and dates. Every case is imported;
/// none may crash or hang, every problem is one `FILE:LINE: reason` line, and the database stays whole.
/// `.ci/fuzz [CASES] [SEED]` runs more (it sets `AUDITLOG_FUZZ_CASES` and `AUDITLOG_FUZZ_SEED`).
@Suite struct FuzzTests {
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "\\", "\\u", "\\ud800", ":", ",", "\n", "\r\n", "null", "true", "-",
        "99999999999999999999999", "1e999", "-0", "0000-00-00T25:61:61+99:99", "9999-12-31T23:59:59+14:00",
        "'", "\\'", "array (", "=>", "NULL", "[]", "{}", "\"customer_id\":", "\"context\":", "\"datetime\":",
        "\u{1B}[31m", "\u{202E}", "\u{0}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

    static func mutate(_ input: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(6)) {
            let at = random.below(bytes.count + 1)
            switch random.below(7) {
            case 0 where !bytes.isEmpty: // flip a byte
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random.below(8))
            case 1: // insert a token
                bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: at)
            case 2: // delete a range
                let end = min(bytes.count, at + random.below(40))
                bytes.removeSubrange(at..<end)
            case 3: // duplicate a range
                let end = min(bytes.count, at + random.below(200))
                bytes.insert(contentsOf: bytes[at..<end], at: min(bytes.count, end + random.below(50)))
            case 4: // truncate
                bytes.removeSubrange(at...)
            case 5: // random bytes
                bytes.insert(contentsOf: (0..<random.below(16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
            default: // replace a digit (dates, levels, numbers)
                if let digit = bytes[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                    bytes[digit] = UInt8(0x30 + random.below(10))
                }
            }
        }
        return bytes
    }

    static let samples: [[UInt8]] = ["prod.log", "audit.ndjson", "es-dump.ndjson"].map {
        Array(FileManager.default.contents(atPath: fixture($0))!)
    }

    /// A few consecutive lines of one sample, so each case is small and thousands run in seconds.
    static func excerpt(_ random: inout SeededRandom) -> [UInt8] {
        let sample = samples[random.below(samples.count)]
        let lines = sample.split(separator: 0x0A, omittingEmptySubsequences: false)
        let start = random.below(lines.count)
        let slice = lines[start..<min(lines.count, start + 1 + random.below(6))]
        return Array(slice.joined(separator: [0x0A]))
    }

    @Test func mutatedSamplesNeverCrashAndEveryProblemIsOneLine() throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = environment["AUDITLOG_FUZZ_CASES"].flatMap(Int.init) ?? 3_000
        var random = SeededRandom(seed: environment["AUDITLOG_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_128)
        let dir = temporaryDirectory()
        var store = try AuditStore(path: dir + "/fuzz-0.db", mode: .readWrite)
        var stored = 0
        var problems = 0
        for index in 0..<cases {
            if index > 0, index % 1_000 == 0 {
                try checkWhole(store, stored: stored)
                store = try AuditStore(path: dir + "/fuzz-\(index).db", mode: .readWrite)
                stored = 0
            }
            let path = dir + "/case.log"
            FileManager.default.createFile(atPath: path, contents: Data(Self.mutate(Self.excerpt(&random), &random)))
            var messages: [String] = []
            let summary = try store.importSource(path: path, options: ImportOptions(strict: index % 10 == 0),
                                                 problem: { messages.append($0) })
            stored += summary.imported
            problems += messages.count
            #expect(messages.count == summary.problems, "case \(index)")
            for message in messages {
                #expect(message.hasPrefix(path + ":") && !message.contains("\n"), "case \(index): \(message)")
                let rest = message.dropFirst(path.count + 1)
                #expect(Int(rest.prefix { $0.isNumber }) != nil, "case \(index): \(message)")
            }
        }
        try checkWhole(store, stored: stored)
        #expect(problems > cases / 10) // the mutations do produce bad lines
    }

    /// Integrity holds and every stored record reads back.
    func checkWhole(_ store: AuditStore, stored: Int) throws {
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.allPages(RecordQuery(), size: 500).count == stored)
    }
}

extension SeededRandom {
    /// 0..<n, and 0 when n is 0.
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : int(0..<n) }
}
