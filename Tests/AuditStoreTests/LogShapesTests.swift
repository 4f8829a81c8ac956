import Foundation
import TestTools
import Testing
@testable import AuditStore

/// Every log an operator really has, written by the real Monolog library (Fixtures/shapes/make.sh), imports
/// as the same records as the plain JsonFormatter reference: every field intact, counted in records.
@Suite struct LogShapesTests {
    static let berlin = ImportZone("Europe/Berlin")!

    /// What a record says, with the differences a shape makes by design taken out: a line form without
    /// inline line breaks writes a message's newline as a space, and a line form writes an exception as
    /// its text where JSON writes an object.
    struct Said: Equatable, CustomStringConvertible {
        let time: Timestamp, channel: String, level: Int, levelName: String, message: String
        let context: String, extra: String

        init(_ record: AuditRecord, flatMessage: Bool) {
            time = record.time
            channel = record.channel
            level = record.level
            levelName = record.levelName
            message = flatMessage ? record.message.replacingOccurrences(of: "\n", with: " ") : record.message
            let exception = record.context["exception"]
            if let exception {
                var text = ""
                exception.forEachLeaf { text += $0 + " " }
                context = text.contains("Stripe API timeout after 30s") ? "exception: Stripe API timeout" : "exception?"
            } else {
                context = record.contextJSON
            }
            extra = record.extraJSON
        }

        var description: String { "\(time) \(channel).\(levelName)(\(level)) \(message.debugDescription) \(context) \(extra)" }
    }

    static func imported(_ paths: [String], zone: ImportZone? = berlin) throws -> (AuditStore, ImportSummary) {
        let store = try temporaryStore()
        var total = ImportSummary()
        var problems: [String] = []
        for path in paths {
            var options = ImportOptions()
            options.zone = zone
            let summary = try store.importSource(path: path, options: options, problem: { problems.append($0) })
            total.imported += summary.imported
            total.alreadyStored += summary.alreadyStored
            total.skipped += summary.skipped
            total.strayLines += summary.strayLines
            total.zoneAssumed += summary.zoneAssumed
            total.format = total.format ?? summary.format
        }
        #expect(problems.isEmpty, "\(paths.map { URL(fileURLWithPath: $0).lastPathComponent }): \(problems)")
        return (store, total)
    }

    static func shape(_ name: String) -> String { fixture("shapes/" + name) }

    static let reference: [AuditRecord] = {
        let (store, _) = try! imported([shape("reference.ndjson")])
        return try! store.allPages(RecordQuery(), size: 100).reversed()
    }()

    /// Imports a shape and compares every record with the reference, oldest first.
    func expectSame(_ names: [String], flatMessage: Bool = false, format: SourceFormat, zoneAssumed: Int = 0,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (store, summary) = try Self.imported(names.map(Self.shape))
        let records = try store.allPages(RecordQuery(), size: 100).reversed()
        #expect(summary.imported == 10 && summary.skipped == 0 && summary.strayLines == 0, "\(names): \(summary)",
                sourceLocation: sourceLocation)
        #expect(summary.format == format, "\(names)", sourceLocation: sourceLocation)
        #expect(summary.zoneAssumed == zoneAssumed, "\(names)", sourceLocation: sourceLocation)
        let got = records.map { Said($0, flatMessage: flatMessage) }
        let want = Self.reference.map { Said($0, flatMessage: flatMessage) }
        #expect(got.count == want.count, "\(names)", sourceLocation: sourceLocation)
        for (a, b) in zip(got, want) { #expect(a == b, "\(names)", sourceLocation: sourceLocation) }
    }

    @Test func theReferenceHoldsTenRecords() {
        #expect(Self.reference.count == 10)
        #expect(Self.reference.contains { $0.message.contains("\n") }, "a multi-line message")
        #expect(Self.reference.contains { $0.change?.old?.contains("\n") == true }, "a var_export value")
    }

    @Test(.requires(.gzip)) func aRotatedAndCompressedSetInOrder() throws {
        let dir = Self.shape("rotated")
        let (files, problems) = SourceSet.expand([dir])
        #expect(problems.isEmpty)
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["prod.log.3.gz", "prod.log.2.gz", "prod.log.1", "prod.log"])
        let glob = SourceSet.expand([dir + "/prod.log*"]).files
        #expect(glob == files)
        try expectSame(files.map { "rotated/" + URL(fileURLWithPath: $0).lastPathComponent }, flatMessage: true, format: .monologLine)
    }

    @Test(.requires(.gzip, .xz, .bzip2, .zstd)) func everyCompressionTheSystemHasATool() throws {
        for name in ["compressed.gz", "compressed.xz", "compressed.bz2", "compressed.zst"] {
            let (store, summary) = try Self.imported([Self.shape(name)])
            #expect(summary.imported == 3, "\(name)")
            // The same records as the plain log they were made from: nothing new.
            let plain = try store.importSource(path: Self.shape("rotated/prod.log.3.gz"))
            #expect(plain.imported == 0 && plain.alreadyStored == 3, "\(name)")
        }
    }

    @Test func multiLineRecordsAndStackTraces() throws {
        try expectSame(["multiline.log"], format: .monologLine)
    }

    @Test func datesWithoutAZoneReadInTheGivenZone() throws {
        try expectSame(["zoneless.log"], flatMessage: true, format: .monologLine, zoneAssumed: 10)
        try expectSame(["zoneless.ndjson"], format: .monologJSON, zoneAssumed: 10)
        // Without a zone to assume, such a time is refused, saying why.
        let store = try temporaryStore()
        var options = ImportOptions()
        options.zone = nil
        var problems: [String] = []
        let summary = try store.importSource(path: Self.shape("zoneless.log"), options: options, problem: { problems.append($0) })
        #expect(summary.imported == 0 && summary.skipped == 10)
        #expect(problems.first?.contains("unreadable date \"2025-03-01 10:01:01\"") == true, "\(problems)")
    }

    @Test func linesWithoutEmptyContextAndExtra() throws {
        try expectSame(["ignore-empty.log"], flatMessage: true, format: .monologLine)
    }

    @Test func aByteOrderMarkAndARawLatin1Byte() throws {
        try expectSame(["bom.log"], flatMessage: true, format: .monologLine)
        let (store, summary) = try Self.imported([Self.shape("latin1.log")])
        #expect(summary.imported == 2)
        let records = try store.allPages(RecordQuery(), size: 10)
        #expect(records.contains { $0.message == "Received request from José" })
    }

    @Test func jsonFormatterBatches() throws {
        try expectSame(["batch.json"], format: .monologJSON)
        try expectSame(["batches-appended.json"], format: .monologJSON)
    }

    @Test func everydayElasticsearchExports() throws {
        for name in ["jq-hits-stream.json", "jq-hits-array.json", "scroll-pages.json", "bulk.ndjson"] {
            try expectSame([name], format: .elasticsearch)
        }
    }

    @Test func logstashAndECSDocuments() throws {
        try expectSame(["logstash.ndjson"], format: .shipper)
        try expectSame(["ecs.ndjson"], format: .shipper)
    }
}
