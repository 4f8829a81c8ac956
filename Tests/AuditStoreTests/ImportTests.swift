import Foundation
import Testing
@testable import AuditStore

@Suite struct ImportTests {
    @Test(arguments: [("prod.log", SourceFormat.monologLine), ("audit.ndjson", .monologJSON),
                      ("es-dump.ndjson", .elasticsearch)])
    func importsEachRealForm(file: String, format: SourceFormat) throws {
        let store = try temporaryStore()
        var problems: [String] = []
        let summary = try store.importSource(path: fixture(file), problem: { problems.append($0) })
        #expect(problems == [])
        #expect(summary.format == format)
        #expect(summary.imported == 99)
        #expect(try store.recordCount() == 99)
    }

    /// Found by the hostile corpus: text was bound as a C string, so everything after a NUL was lost.
    @Test func textHoldingNULIsStoredWhole() throws {
        let store = try temporaryStore()
        let line = #"{"message":"a\u0000b","context":{"customer_id":"c\u0000d","field":"f\u0000g","#
            + #""old_value":"x\u0000y","new_value":"z"},"level":200,"level_name":"INFO","channel":"audit","#
            + #""datetime":"2025-02-01T08:00:00+00:00","extra":{}}"#
        let (summary, problems) = try store.importText(line)
        #expect(summary.imported == 1 && problems.isEmpty)
        let record = try #require(try store.page(of: RecordQuery(), from: .newest, limit: 1).first)
        #expect(record.message == "a\u{0}b")
        #expect(record.customerID == "c\u{0}d")
        #expect(record.change == FieldChange(field: "f\u{0}g", old: "x\u{0}y", new: "z"))
        #expect(try store.page(of: RecordQuery(customer: "c\u{0}d"), from: .newest, limit: 5).count == 1)
    }

    /// Found by the fuzzer: a reason quoted the bad input raw, so a CR or an escape sequence in a date
    /// broke the one-line report (and reached the terminal).
    @Test func reasonsQuoteBadInputEscaped() throws {
        let store = try temporaryStore()
        let line = #"{"message":"m","context":{},"level":200,"level_name":"INFO","channel":"audit","#
            + #""datetime":"2025\r\n\u001b]0;x\u0007","extra":{}}"#
        let (summary, problems) = try store.importText(line)
        #expect(summary.skipped == 1 && problems.count == 1)
        #expect(problems[0].hasSuffix(#":1: unreadable datetime "2025\u000D\u000A\u001B]0;x\u0007""#), "\(problems)")
        #expect(!problems[0].unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func theThreeFormsHoldTheSameRecords() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let others = try ["audit.ndjson", "es-dump.ndjson"].map { try store.importSource(path: fixture($0)) }
        #expect(others.map(\.imported) == [0, 0])
        #expect(others.map(\.alreadyStored) == [99, 99])
    }

    /// Every sample record's message, time, level, channel, context and extra come back unchanged.
    @Test func samplesRoundTripThroughTheStore() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("audit.ndjson"))
        let stored = try store.allPages(RecordQuery(), size: 1000).sorted { $0.id < $1.id }
        let lines = try String(contentsOfFile: fixture("audit.ndjson"), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(stored.count == lines.count)
        for (record, source) in zip(stored, lines) {
            #expect(record.message == source["message"]?.scalarText)
            #expect(record.channel == source["channel"]?.scalarText)
            #expect(String(record.level) == source["level"]?.scalarText)
            #expect(record.levelName == source["level_name"]?.scalarText)
            #expect(record.time == Timestamp.parseISO(Substring(source["datetime"]!.scalarText!)))
            #expect(record.context == source["context"]!.normalizedContainer)
            #expect(record.extra == source["extra"]!.normalizedContainer)
        }
    }

    @Test func derivesLinksAndChanges() throws {
        let store = try temporaryStore()
        try store.importText(monologLine(
            "2025-02-01T08:11:31+00:00", "A field on the Subscription entity has been updated", channel: "audit",
            context: #"{"subscription_id":"sub-1","field":"seats","old_value":"20","new_value":"5"}"#,
            extra: #"{"uid":"1e3f81d","billing_admin_id":"adm-1"}"#))
        let record = try #require(try store.page(of: RecordQuery(), from: .newest, limit: 1).first)
        #expect(record.subscriptionID == "sub-1")
        #expect(record.adminID == "adm-1")
        #expect(record.requestUID == "1e3f81d")
        #expect(record.change == FieldChange(field: "seats", old: "20", new: "5", entity: "Subscription"))
    }

    @Test func messageMayHoldBracketsAndBraces() throws {
        let store = try temporaryStore()
        let message = "Weird [x] {y} message {\"a\":1} [] end"
        try store.importText(monologLine("2025-02-01T08:00:00+00:00", message, context: #"{"k":"v {} []"}"#,
                                         extra: #"{"uid":"abc1234"}"#))
        try store.importText(monologLine("2025-02-01T08:00:01+00:00", "Empty parts {}"))
        let records = try store.page(of: RecordQuery(), from: .newest, limit: 10)
        #expect(records.map(\.message) == ["Empty parts {}", message])
        #expect(records[1].contextJSON == #"{"k":"v {} []"}"#)
        #expect(records[0].contextJSON == "{}")
    }

    @Test func reimportAddsNothingAndAGrownFileAddsOnlyTheNewRecords() throws {
        let store = try temporaryStore()
        let lines = (0..<5).map { monologLine("2025-02-01T08:00:0\($0)+00:00", "Message \($0)") }
        let path = writeFile(lines[0..<3].joined(separator: "\n") + "\n")
        #expect(try store.importSource(path: path).imported == 3)
        #expect(try store.importSource(path: path).imported == 0)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let grown = try store.importSource(path: path)
        #expect(grown.imported == 2)
        #expect(grown.alreadyStored == 3)
        #expect(try store.recordCount() == 5)
    }

    @Test func identicalRecordsInOneSourceAreAllKept() throws {
        let store = try temporaryStore()
        let line = monologLine("2025-02-01T08:00:00+00:00", "Delete a payment card", extra: #"{"uid":"abc1234"}"#)
        let text = [line, line, line].joined(separator: "\n")
        #expect(try store.importText(text).0.imported == 3)
        #expect(try store.importText(text).0.imported == 0)
        #expect(try store.recordCount() == 3)
    }

    /// The writer remembers the fingerprints of the last ten minutes of record time, not of the whole file:
    /// an import's memory stays flat at any size (10 M records held 300 MiB more than 1 M), and identical
    /// records close in time are still each kept.
    @Test func theWriterRemembersTheWindowNotTheWholeFile() throws {
        let store = try temporaryStore()
        try store.write { db in
            let writer = try RecordWriter(db: db)
            writer.beginSource()
            try db.transaction {
                // 3 000 distinct records a minute apart (50 hours), then one identical to the last.
                for minute in 0..<3_000 {
                    try writer.insert(AuditRecord(time: Timestamp(seconds: 1_740_000_000 + Int64(minute) * 60), channel: "app",
                                                  level: 200, levelName: "INFO", message: "Record \(minute)",
                                                  context: .object([]), extra: .object([])))
                }
                try writer.flush()
                #expect(writer.rememberedFingerprints <= 11)
                #expect(try writer.insert(AuditRecord(time: Timestamp(seconds: 1_740_000_000 + 2_999 * 60), channel: "app",
                                                      level: 200, levelName: "INFO", message: "Record 2999",
                                                      context: .object([]), extra: .object([]))))
            }
        }
        #expect(try store.recordCount() == 3_001)
    }

    @Test func malformedLinesAreReportedWithFileAndLineAndSkipped() throws {
        let store = try temporaryStore()
        let good = monologLine("2025-02-01T08:00:00+00:00", "Good")
        let text = [good, "[2025-02-01T08:00:01+00:00] controller.INFO: truncated {\"a\":",
                    "", "garbage line", "[2025-13-45T08:00:01+00:00] controller.INFO: bad date [] []",
                    monologLine("2025-02-01T08:00:02+00:00", "Also good")].joined(separator: "\n")
        let path = writeFile(text, name: "prod.log")
        var problems: [String] = []
        let summary = try store.importSource(path: path, problem: { problems.append($0) })
        // Counted in records: the cut-short record at line 2 runs on to the next record's start (lines
        // 3 and 4 may be its inline line breaks), so it is one bad record; line 5 is another.
        #expect(summary.imported == 2)
        #expect(summary.skipped == 2)
        #expect(problems.count == 2)
        #expect(problems[0].hasPrefix(path + ":2: "), "\(problems)")
        #expect(problems[1].hasPrefix(path + ":5: unreadable date"), "\(problems)")
    }

    /// LineFormatter writes a message's bytes raw: a byte that is not UTF-8 is read as Latin-1.
    @Test func aByteThatIsNotUTF8IsReadAsLatin1() throws {
        let store = try temporaryStore()
        var bytes = Array((monologLine("2025-02-01T08:00:00+00:00", "ok") + "\n").utf8)
        bytes += Array("[2025-02-01T08:00:01+00:00] controller.INFO: bad ".utf8) + [0xFF, 0xFE] + Array(" [] []\n".utf8)
        let path = temporaryDirectory() + "/bad.log"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        var problems: [String] = []
        let summary = try store.importSource(path: path, problem: { problems.append($0) })
        #expect(summary.imported == 2)
        #expect(problems.isEmpty)
        #expect(try store.allPages(RecordQuery(), size: 10).contains { $0.message == "bad ÿþ" })
    }

    @Test func jsonRecordsMissingFieldsAreReported() throws {
        let store = try temporaryStore()
        let text = """
            {"message":"ok","context":{},"level":200,"level_name":"INFO","channel":"controller","datetime":"2025-02-01T08:00:00+00:00","extra":{}}
            {"context":{},"level":200,"channel":"controller","datetime":"2025-02-01T08:00:00+00:00","extra":{}}
            {"message":"no time","level":200,"channel":"controller","extra":{}}
            """
        let (summary, problems) = try store.importText(text)
        #expect(summary.imported == 1)
        #expect(problems.map { $0.split(separator: ":", maxSplits: 2).last!.trimmingCharacters(in: .whitespaces) }
            == ["record has no \"message\"", "record has no \"datetime\" (nor \"@timestamp\")"])
    }

    @Test func strictStoresNothingFromAFileWithABadLine() throws {
        let store = try temporaryStore()
        let text = [monologLine("2025-02-01T08:00:00+00:00", "Good"), "broken"].joined(separator: "\n")
        let (summary, problems) = try store.importText(text, options: ImportOptions(strict: true))
        #expect(summary.imported == 0)
        #expect(problems.count == 1)
        #expect(try store.recordCount() == 0)
        #expect(try store.entities(.customer).isEmpty)
    }

    @Test func wholeElasticsearchResponseIsRead() throws {
        let store = try temporaryStore()
        let hits = try String(contentsOfFile: fixture("es-dump.ndjson"), encoding: .utf8)
            .split(separator: "\n").prefix(5).joined(separator: ",\n    ")
        let response = "{\n  \"took\": 3,\n  \"hits\": {\n    \"total\": 5,\n    \"hits\": [\n    \(hits)\n  ]\n  }\n}\n"
        let (summary, problems) = try store.importText(response)
        #expect(problems == [])
        #expect(summary.imported == 5)
        #expect(summary.format == .elasticsearch)
    }

    @Test func fileLevelErrorsNameTheFile() throws {
        let store = try temporaryStore()
        let missing = temporaryDirectory() + "/missing.log"
        #expect(throws: StoreError("\(missing): no such file or directory")) {
            try store.importSource(path: missing)
        }
        let directory = temporaryDirectory()
        #expect(throws: StoreError("\(directory): is a directory")) { try store.importSource(path: directory) }
        let empty = writeFile("")
        #expect(try store.importSource(path: empty).imported == 0)
    }

    @Test func directoryCSVNamesAdmins() throws {
        let store = try temporaryStore()
        #expect(try store.loadAdmins(csvPath: fixture("users.csv")) == 6)
        try store.importSource(path: fixture("prod.log"))
        let admin = try #require(try store.entity(.admin, "ana.o'neil@acme.example"))
        #expect(admin.id == "95313903-c418-412b-ac1a-34506d7329d2")
        #expect(admin.recordCount > 0)
        let records = try store.page(of: RecordQuery(admin: "ANA.O'NEIL@acme.example"), from: .newest, limit: 500)
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0.adminName == "ana.o'neil@acme.example" })
        #expect(records.count == admin.recordCount)
    }
}

extension ImportTests {
    /// A large append is checkpointed less often while it runs (its log may grow to 1 GB: the pages of the
    /// random-keyed indexes then reach the database once, not at every batch); afterwards the store's
    /// connection checkpoints every 64 MB again, so a follower after `import --follow big.log` does not keep
    /// a 1 GB log beside the store. Every record of the append is stored.
    @Test func aLargeAppendPutsTheUsualCheckpointBack() throws {
        let store = try temporaryStore()
        let first = writeFile((0..<50).map { monologLine("2025-02-01T08:00:\(String(format: "%02d", $0))+00:00",
                                                         "Earlier \($0)") }.joined(separator: "\n") + "\n")
        #expect(try store.importSource(path: first).imported == 50)
        var options = ImportOptions()
        options.largeAppendRecords = 1 // this file is "large"
        options.bulkLoad = .never
        let newer = writeFile((0..<200).map { monologLine("2025-02-02T08:\(String(format: "%02d", $0 / 60)):"
            + String(format: "%02d", $0 % 60) + "+00:00", "Later \($0)") }.joined(separator: "\n") + "\n")
        #expect(try store.importSource(path: newer, options: options).imported == 200)
        #expect(try store.recordCount() == 250)
        #expect(try store.read { try $0.scalarInt("PRAGMA wal_autocheckpoint") } == 16_384)
        #expect(try store.read { try $0.scalarInt("PRAGMA journal_size_limit") } == 64 << 20)
    }
}
