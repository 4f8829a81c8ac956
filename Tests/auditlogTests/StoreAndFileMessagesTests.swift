import Foundation
import TestTools
import Testing

/// What a user is told about the files a command writes: the database an import wrote, why a store cannot
/// be written (and nothing left behind), the zone of a text export's times, an extension that names no
/// format, and admin names loaded on their own.
extension ProcessTests {
@Suite struct StoreAndFileMessagesTests {
    @Test func anImportNamesTheDatabaseItWrote() throws {
        let dir = Binary.temporaryDirectory()
        let run = try Binary.run(["import", "--db", dir + "/a.db", Binary.samples + "/prod.log"])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\ndatabase: \(dir)/a.db\n"), "\(run.stdout)")
    }

    /// As root, permissions stop no write: the import then runs as nobody.
    static let otherUser: [Tool] = getuid() == 0 ? [.setpriv] : []

    static func runAsOtherUser(_ arguments: [String]) throws -> Run {
        guard getuid() == 0 else { return try Binary.run(arguments) }
        let process = Process()
        process.executableURL = try Tool.setpriv.url()
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.path] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: "", stderr: said)
    }

    static func files(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    @Test(.requires(Self.otherUser)) func aReadOnlyStoreSaysWhichFileAndWhyAndLeavesNothing() throws {
        let log = Binary.temporaryDirectory() + "/more.ndjson"
        try FileManager.default.copyItem(atPath: Binary.samples + "/audit.ndjson", toPath: log)
        chmod(log, 0o644)
        // A read-only file in a directory anyone may write.
        let open = Binary.temporaryDirectory()
        #expect(try Binary.run(["import", "--db", open + "/s.db", Binary.samples + "/prod.log"]).status == 0)
        chmod(open, 0o777)
        chmod(open + "/s.db", 0o444)
        let openBefore = try Self.files(open)
        let file = try Self.runAsOtherUser(["import", "--db", open + "/s.db", log])
        #expect(file.status == 1)
        #expect(file.stderr.hasPrefix("auditlog: cannot write \(open)/s.db: the file is not writable by you (owner "),
                "\(file.stderr)")
        #expect(file.stderr.split(separator: "\n").count == 1, "\(file.stderr)")
        #expect(try Self.files(open) == openBefore, "no -wal or -shm left behind")

        // A writable file in a directory no one but its owner may write.
        let closed = Binary.temporaryDirectory()
        #expect(try Binary.run(["import", "--db", closed + "/s.db", Binary.samples + "/prod.log"]).status == 0)
        chmod(closed + "/s.db", 0o666)
        chmod(closed, 0o555)
        defer { chmod(closed, 0o755) }
        let closedBefore = try Self.files(closed)
        let directory = try Self.runAsOtherUser(["import", "--db", closed + "/s.db", log])
        #expect(directory.status == 1)
        #expect(directory.stderr == "auditlog: cannot write \(closed)/s.db: its directory \(closed) is not writable by you, "
            + "and SQLite keeps its -wal and -shm files beside the database\n", "\(directory.stderr)")
        #expect(try Self.files(closed) == closedBefore)
    }

    @Test func textExportsNameTheZoneOfEveryTime() throws {
        let db = try Binary.sampleDatabase()
        let utc = try Binary.run(["export", "--db", db, "--format", "text"]).stdout.split(separator: "\n")
        #expect(!utc.isEmpty && utc.allSatisfy { $0.dropFirst(19).hasPrefix(" UTC ") }, "\(utc.prefix(2))")
        let berlin = try Binary.run(["export", "--db", db, "--format", "text"], environment: ["TZ": "Europe/Berlin"])
        let first = try #require(berlin.stdout.split(separator: "\n").first)
        #expect(first.dropFirst(19).hasPrefix(" CET "), "\(first)")
    }

    @Test func anUnknownExtensionIsAnErrorListingTheFormats() throws {
        let db = try Binary.sampleDatabase()
        let dir = Binary.temporaryDirectory()
        let export = try Binary.run(["export", "--db", db, "-o", dir + "/x.pdf"])
        #expect(export.status == 2)
        #expect(export.stderr == "auditlog: \(dir)/x.pdf: unknown extension .pdf (.txt .csv .json .ndjson), "
            + "or name the format with --format\n", "\(export.stderr)")
        let report = try Binary.run(["report", "--db", db, "-o", dir + "/r.pdf"])
        #expect(report.status == 2 && report.stderr.contains("unknown extension .pdf (.txt .csv .json .html)"), "\(report.stderr)")
        #expect(try Self.files(dir).isEmpty, "nothing written")
        // Named, any extension goes; .txt and no extension are text.
        #expect(try Binary.run(["export", "--db", db, "-o", dir + "/x.pdf", "--format", "csv"]).status == 0)
        #expect(try Binary.run(["export", "--db", db, "-o", dir + "/x.txt"]).status == 0)
        #expect(try Binary.run(["report", "--db", db, "-o", dir + "/r.txt"]).status == 0)
        #expect(try String(contentsOfFile: dir + "/x.txt", encoding: .utf8).hasPrefix("2025-"))
    }

    @Test func adminNamesLoadOnTheirOwnAfterTheLogs() throws {
        let dir = Binary.temporaryDirectory()
        #expect(try Binary.run(["import", "--db", dir + "/a.db", Binary.samples + "/prod.log"]).status == 0)
        let users = try Binary.run(["import", "--db", dir + "/a.db", "--users", Binary.samples + "/users.csv"])
        #expect(users.status == 0, "\(users.stderr)")
        #expect(try Binary.run(["export", "--db", dir + "/a.db", "--admin", "ops@acme.example"]).stdout.contains("ops@acme.example"))
        // The usage says the logs are optional.
        let help = try Binary.run(["import", "--help"]).stdout
        #expect(help.contains("[FILE|DIR|GLOB...]") && help.contains("--users alone"), "\(help.prefix(300))")
    }
}
}
