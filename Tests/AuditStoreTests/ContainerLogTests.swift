import Foundation
import Testing
@testable import AuditStore

/// Logs kept by Docker, Kubernetes (CRI), journald and syslog import exactly as the Monolog lines inside them
/// (Fixtures/containers/make.sh: Monolog writes plain.log, wrap.py wraps it): a stack trace over many
/// entries, a line over 16 and 48 KiB split into partial entries, a CR LF inside a message.
@Suite struct ContainerLogTests {
    static func path(_ name: String) -> String { fixture("containers/" + name) }

    /// Every record as `export --format ndjson` writes it, without the store's id, oldest first.
    static func exported(_ store: AuditStore) throws -> [String] {
        try store.allPages(RecordQuery(), size: 100).reversed().map { record in
            RecordEncoding.json(record).replacing(/^\{"id":\d+,/, with: "{")
        }
    }

    static func imported(_ names: [String]) throws -> (AuditStore, [ImportSummary], [String]) {
        let store = try temporaryStore()
        var problems: [String] = []
        let summaries = try names.map { try store.importSource(path: path($0), problem: { problems.append($0) }) }
        return (store, summaries, problems)
    }

    static let plain: [String] = {
        let (store, _, _) = try! imported(["plain.log"])
        return try! exported(store)
    }()

    @Test func thePlainFileHoldsWhatTheWrappersMustKeep() throws {
        #expect(Self.plain.count == 7)
        #expect(Self.plain.contains { $0.contains("#3 ") && $0.contains("[stacktrace]") }, "a stack trace over several lines")
        #expect(Self.plain.contains { $0.utf8.count > 48 * 1024 }, "a value longer than 48 KiB")
    }

    @Test(arguments: [("docker.log", "docker json-file"), ("cri.log", "CRI"), ("journal.json", "journald JSON"),
                      ("syslog.log", "syslog"), ("syslog-classic.log", "syslog")])
    func eachWrapperImportsThePlainFilesRecords(name: String, container: String) throws {
        let (store, summaries, problems) = try Self.imported([name])
        #expect(problems.isEmpty, "\(problems)")
        #expect(summaries[0].imported == 7 && summaries[0].strayLines == 0 && summaries[0].skipped == 0, "\(summaries[0])")
        #expect(summaries[0].format == .monologLine)
        #expect(summaries[0].container == container)
        let got = try Self.exported(store)
        #expect(got.count == Self.plain.count)
        for (a, b) in zip(got, Self.plain) { #expect(a == b) }
        // The same records unwrapped are the same records: nothing new.
        let again = try store.importSource(path: Self.path("plain.log"))
        #expect(again.imported == 0 && again.alreadyStored == 7, "\(again)")
    }

    @Test func aCarriageReturnInsideAValueIsKept() throws {
        #expect(Self.plain.contains { $0.contains(#""message":"Payment failed twice\r\nsecond attempt: card declined""#) })
        // Monolog 1 wrote a value's \r\n as the raw bytes: read back as \r\n, not two line feeds.
        let (store, _, problems) = try Self.imported(["monolog1-crlf.log"])
        #expect(problems.isEmpty, "\(problems)")
        let record = try #require(try store.allPages(RecordQuery(), size: 10).first)
        #expect(record.context["old_value"] == .string("'first line\r\nsecond line'"))
    }

    @Test func journaldBytesThatAreNotUTF8() throws {
        let (store, summaries, problems) = try Self.imported(["latin1.journal.json", "../shapes/latin1.log"])
        #expect(problems.isEmpty, "\(problems)")
        #expect(summaries[0].imported == 2 && summaries[1].imported == 0 && summaries[1].alreadyStored == 2)
        #expect(try store.allPages(RecordQuery(), size: 10).contains { $0.message == "Received request from José" })
    }

    /// Monolog JSON records in Docker's entries are read as JSON records; a Monolog JSON record is never taken
    /// for a wrapper, even one with a `log` field.
    @Test func monologJSONInsideDockerAndBesideIt() throws {
        let reference = try String(contentsOfFile: fixture("shapes/reference.ndjson"), encoding: .utf8)
        var docker = ""
        for line in reference.split(separator: "\n") {
            var log = ""
            JSONValue.writeString(String(line) + "\n", to: &log)
            docker += #"{"log":\#(log),"stream":"stderr","time":"2025-03-01T09:00:00.000000001Z"}"# + "\n"
        }
        let store = try temporaryStore()
        let (wrapped, problems) = try store.importText(docker)
        #expect(problems.isEmpty, "\(problems)")
        #expect(wrapped.imported == 10 && wrapped.format == .monologJSON && wrapped.container == "docker json-file")
        let plain = try store.importSource(path: fixture("shapes/reference.ndjson"))
        #expect(plain.imported == 0 && plain.alreadyStored == 10)
        let other = try temporaryStore()
        let (record, none) = try other.importText(#"{"log":{"level":"info"},"@timestamp":"2025-03-01T09:00:00+00:00","message":"Shipped"}"#)
        #expect(none.isEmpty && record.imported == 1 && record.container == nil, "\(none) \(record)")
    }

    @Test func whatCannotBeUnwrappedIsNamed() throws {
        let store = try temporaryStore()
        let (summary, problems) = try store.importText([
            #"{"log":"[2025-02-01T08:00:01+00:00] app.INFO: Cut"#,
            #"{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1738396801000000","_PID":"812","MESSAGE":null}"#,
            #"{"__CURSOR":"s=2","__REALTIME_TIMESTAMP":"1738396802000000","_PID":"812","MESSAGE":"[2025-02-01T08:00:02+00:00] app.INFO: Fine [] []"}"#,
        ].joined(separator: "\n"))
        #expect(summary.imported == 1 && summary.skipped == 2, "\(summary)")
        #expect(problems.count == 2)
        #expect(problems.first?.hasSuffix(":1: a Docker log entry that is not whole JSON") == true, "\(problems)")
        #expect(problems.last?.hasSuffix(":2: journalctl left this MESSAGE out (over 4096 bytes): run it with --all") == true,
                "\(problems)")
    }

    /// `import --follow` on a container's log: a partial entry at the end waits for its rest, even past a
    /// quiet second; the records are those of the plain file.
    @Test(arguments: ["docker.log", "cri.log", "journal.json", "plain.log"])
    func theFollowerWaitsForAPartialEntrysRest(name: String) throws {
        let lines = try String(contentsOfFile: Self.path(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let partial = try #require(lines.firstIndex { $0.contains("feature-0000") })
        let store = try temporaryStore()
        let file = writeFile("", name: name)
        let follower = LogFollower(store: store, paths: [file])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        handle.write(Data((lines[...partial].joined(separator: "\n") + "\n").utf8))
        _ = try follower.poll(now: 0)
        _ = try follower.poll(now: 5_000_000)
        #expect(try Self.exported(store).count == (name == "plain.log" ? 4 : 3), "a partial entry waits for its rest")
        handle.write(Data(lines[(partial + 1)...].joined(separator: "\n").utf8))
        try handle.close()
        _ = try follower.poll(now: 6_000_000)
        _ = try follower.poll(now: 8_000_000)
        #expect(try Self.exported(store) == Self.plain)
    }
}
