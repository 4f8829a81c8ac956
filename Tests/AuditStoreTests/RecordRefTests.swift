import Foundation
import Testing
@testable import AuditStore

/// A record's reference (`RecordRef`): the same wherever the same logs are stored, found again by its whole
/// text or a unique prefix, however it is typed.
@Suite struct RecordRefTests {
    let utc = Clock.fixed(now: Timestamp(seconds: 1_751_241_600))

    static func refs(of store: AuditStore) throws -> [String: String] {
        // Keyed by what the record says (its time, message and context), which every form keeps.
        var refs: [String: String] = [:]
        for record in try store.allPages(RecordQuery(), size: 500) {
            let key = "\(record.time.microseconds) \(record.message) \(record.contextJSON)"
            #expect(refs[key] == nil || refs[key] == record.ref.text)
            refs[key] = record.ref.text
        }
        return refs
    }

    @Test func looksLikeFourGroupsOfFourWithoutLookAlikes() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let records = try store.allPages(RecordQuery(), size: 500)
        #expect(records.count == 99)
        for record in records {
            let text = record.ref.text
            #expect(text.count == 19 && text.split(separator: "-").map(\.count) == [4, 4, 4, 4], "\(text)")
            #expect(!text.contains { "ilou".contains($0) || $0.isUppercase }, "\(text)")
        }
        #expect(Set(records.map(\.ref)).count == 99, "every record its own reference")
    }

    @Test func theSameInEachStockFormOfTheRecords() throws {
        var byForm: [[String: String]] = []
        for file in ["prod.log", "audit.ndjson", "es-dump.ndjson"] {
            let store = try temporaryStore()
            try store.importSource(path: fixture(file))
            byForm.append(try Self.refs(of: store))
        }
        #expect(byForm[0].count == 99)
        #expect(byForm[1] == byForm[0])
        #expect(byForm[2] == byForm[0])
    }

    /// Two files, one holding a record twice (two occurrences: two references), imported in either order.
    @Test func theSameWhateverOrderTheLogsAreImportedIn() throws {
        let lines = try String(contentsOfFile: fixture("prod.log"), encoding: .utf8).split(separator: "\n").map(String.init)
        let first = writeFile((lines[0..<60] + [lines[10]]).joined(separator: "\n") + "\n", name: "a.log")
        let second = writeFile((lines[40...] + [lines[50]]).joined(separator: "\n") + "\n", name: "b.log")
        let forwards = try temporaryStore(), backwards = try temporaryStore()
        for path in [first, second] { try forwards.importSource(path: path) }
        for path in [second, first] { try backwards.importSource(path: path) }
        let there = try forwards.allPages(RecordQuery(), size: 500).map(\.ref)
        let back = try backwards.allPages(RecordQuery(), size: 500).map(\.ref)
        #expect(there.count == 101, "99 records, two of them twice in one file")
        #expect(Set(there) == Set(back))
        #expect(Set(there).count == 101, "an identical record's second occurrence has a reference of its own")
    }

    @Test func foundByTheWholeReferenceHoweverTyped() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        for record in try store.allPages(RecordQuery(), size: 500) {
            let text = record.ref.text
            for typed in [text, record.ref.compact, text.uppercased(), " " + text.replacingOccurrences(of: "-", with: " ")] {
                #expect(try store.lookup(ref: typed) == .one(record), "\(typed)")
            }
        }
    }

    @Test func foundByAUniquePrefixOfSixCharactersOrMore() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let records = try store.allPages(RecordQuery(), size: 500)
        // Both halves of the fingerprints (stored signed) are among them.
        #expect(records.contains { $0.ref.fingerprint >> 63 == 1 } && records.contains { $0.ref.fingerprint >> 63 == 0 })
        for record in records {
            for length in [6, 9, 12, 13, 15] {
                let prefix = String(record.ref.compact.prefix(length))
                #expect(try store.lookup(ref: prefix) == .one(record), "\(prefix)")
            }
        }
        let five = String(records[0].ref.compact.prefix(5))
        #expect(try store.lookup(ref: five) == .tooShort(five))
        #expect(try store.lookup(ref: five).problem == "reference \"\(five)\" is too short: give at least 6 of its characters")
    }

    @Test func unknownAndAmbiguousAreOneLineProblems() throws {
        let store = try temporaryStore()
        let line = monologLine("2025-06-30T23:16:00+00:00", "same")
        try store.importText([line, line, monologLine("2025-06-30T23:17:00+00:00", "other")].joined(separator: "\n"))
        let twins = try store.page(of: RecordQuery(words: ["same"]), from: .newest, limit: 5)
        #expect(twins.count == 2 && twins[0].ref != twins[1].ref)
        // Identical records differ only in their occurrence: the first 12 characters are the fingerprint's.
        let shared = String(twins[0].ref.compact.prefix(12))
        #expect(twins[1].ref.compact.hasPrefix(shared))
        let lookup = try store.lookup(ref: shared)
        guard case .several(_, let found) = lookup else { Issue.record("\(lookup)"); return }
        #expect(Set(found.map(\.ref)) == Set(twins.map(\.ref)))
        let problem = try #require(lookup.problem)
        #expect(!problem.contains("\n") && problem.contains(twins[0].ref.text) && problem.contains(twins[1].ref.text))
        for twin in twins { #expect(try store.lookup(ref: twin.ref.text) == .one(twin)) }

        let unknown = try #require(RefPrefix("zzzz-zzzz-zzzz-zzzz"))
        #expect(try store.lookup(ref: "zzzz-zzzz-zzzz-zzzz") == .none(unknown))
        #expect(try store.lookup(ref: "zzzz-zzzz-zzzz-zzzz").problem == "no record has the reference zzzz-zzzz-zzzz-zzzz")
        #expect(try store.lookup(ref: "zzzzzz").problem == "no record's reference starts with zzzz-zz")
        #expect(try store.lookup(ref: "r7kq-2m9u") == .notAReference("r7kq-2m9u"))
        #expect(try store.lookup(ref: String(repeating: "a", count: 17)) == .notAReference(String(repeating: "a", count: 17)))
    }

    @Test func crockfordLookAlikesReadAsDigits() throws {
        #expect(RefPrefix("O1L-I0")?.compact == "01110")
        #expect(RefPrefix("--")  == nil)
        #expect(RefPrefix("r7kq_2m") == nil)
    }

    @Test func refFilterWordReadsTheIndexAndCombines() throws {
        let store = try temporaryStore()
        try store.importSource(path: fixture("prod.log"))
        let record = try #require(try store.page(of: RecordQuery(channel: "audit"), from: .newest, limit: 1).first)
        let query = try QueryText.parse("ref:\(record.ref.text.uppercased())", clock: utc)
        #expect(try store.page(of: query, from: .newest, limit: 5) == [record])
        #expect(try store.queryPlan(of: query).joined().contains("records_by_fingerprint"))
        #expect(QueryText.format(query, clock: utc) == "ref:\(record.ref.text)")
        #expect(try store.page(of: query.merging(RecordQuery(channel: "controller")), from: .newest, limit: 5) == [])
        #expect(try store.count(of: query) == 1)
        #expect(throws: QueryText.Error.self) { try QueryText.parse("ref:sub_1", clock: utc) }
    }

    @Test func aBulkLoadBuildsTheReferenceIndexAgain() throws {
        let store = try temporaryStore()
        let lines = (0..<200).map { monologLine("2025-06-30T23:16:00+00:00", "bulk \($0)") }
        var options = ImportOptions()
        options.bulkLoad = .always
        try store.importText(lines.joined(separator: "\n"), options: options)
        let record = try #require(try store.page(of: RecordQuery(), from: .newest, limit: 1).first)
        #expect(try store.queryPlan(of: RecordQuery(ref: RefPrefix(record.ref.text))).joined().contains("records_by_fingerprint"))
        #expect(try store.lookup(ref: record.ref.text) == .one(record))
    }
}

/// A store of schema 8 (before references had their index) gets it from its first writer and finds its
/// records by reference, as a store made afresh does.
@Suite struct RecordRefUpgradeTests {
    @Test func aSchema8StoreGetsTheReferenceIndexFromItsFirstWriter() throws {
        let dir = temporaryDirectory()
        let path = dir + "/audit.db"
        do {
            let store = try AuditStore(path: path, mode: .readWrite)
            try store.importSource(path: fixture("prod.log"))
            try store.write { db in try db.execute("DROP INDEX \(RecordIndex.byFingerprint.name); PRAGMA user_version = 8") }
        }
        #expect(throws: (any Error).self, "a reader does not upgrade") { _ = try AuditStore(path: path, mode: .readOnly).recordCount() }
        let upgraded = try AuditStore(path: path, mode: .readWrite)
        #expect(try upgraded.write { db in try db.scalarInt("PRAGMA user_version") } == Schema.currentVersion)
        let fresh = try temporaryStore()
        try fresh.importSource(path: fixture("prod.log"))
        let records = try upgraded.allPages(RecordQuery(), size: 500)
        #expect(records.map(\.ref) == (try fresh.allPages(RecordQuery(), size: 500).map(\.ref)))
        let record = records[42]
        #expect(try upgraded.lookup(ref: String(record.ref.compact.prefix(7))) == .one(record))
        #expect(try upgraded.queryPlan(of: RecordQuery(ref: RefPrefix(record.ref.text))).joined().contains("records_by_fingerprint"))
    }
}
