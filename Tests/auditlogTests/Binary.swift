@testable import AuditStore
import Foundation
import TestTools

/// Runs the built `auditlog` binary and captures what it writes.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `auditlog` built beside the test bundle, or the one `AUDITLOG_BINARY` names: CI runs the
    /// end-to-end suites again against the release binary, which is what ships.
    static let path: String = {
        if let chosen = ProcessInfo.processInfo.environment["AUDITLOG_BINARY"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen).standardizedFileURL.path
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("auditlog").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/auditlog").path
    }()

    static let samples = packageRoot.appendingPathComponent("Tests/AuditStoreTests/Fixtures").path

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Output goes to files, so a large output can never block the child.
        let dir = temporaryDirectory()
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        // The chain heads an import publishes go to a file of this run, never to the machine's system log
        // (and `verify` reads them there, so its output does not depend on the machine having a journal).
        env["AUDITLOG_SYSLOG_FILE"] = dir + "/syslog"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        FileManager.default.createFile(atPath: dir + "/err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/err"))
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let outData = try Data(contentsOf: URL(fileURLWithPath: dir + "/out"))
        let errData = try Data(contentsOf: URL(fileURLWithPath: dir + "/err"))
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "auditlog-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A demo database (deterministic: fixed seed and end date) made by the real `demo` command.
    static func demoDatabase(requests: Int, seed: Int, in dir: String = temporaryDirectory()) -> String {
        let db = dir + "/audit.db"
        let run = try! run(["demo", "--db", db, "--requests", String(requests), "--seed", String(seed),
                            "--end", "2025-06-30", "--no-browse"])
        precondition(run.status == 0, run.stderr)
        return db
    }

    /// A database holding the three samples and the users directory.
    static func sampleDatabase() throws -> String {
        let db = temporaryDirectory() + "/audit.db"
        let run = try Binary.run(["import", "--db", db, "--users", samples + "/users.csv", samples + "/prod.log"])
        precondition(run.status == 0, run.stderr)
        return db
    }

    /// What the sqlite3 tool prints for one query (read-only), trimmed.
    static func sqliteValue(_ db: String, _ query: String) throws -> String {
        let process = Process()
        process.executableURL = try Tool.sqlite3.url()
        process.arguments = ["-readonly", db, query]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SQL run on a database in this process, through the libsqlite3 the build links anyway: a test's
    /// set-up (a hostile name written straight in, another program's database) needs no sqlite3 tool.
    static func sql(_ db: String, _ sql: String) throws {
        try Connection(path: db, readOnly: false).execute(sql)
    }

    /// The sqlite3 tool itself (its dot-commands; a change made the way someone at the server would).
    static func sqlite(_ db: String, _ commands: String...) throws {
        let process = Process()
        process.executableURL = try Tool.sqlite3.url()
        process.arguments = [db] + commands
        try process.run()
        process.waitUntilExit()
    }
}
