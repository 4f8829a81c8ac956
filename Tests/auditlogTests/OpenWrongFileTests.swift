import Foundation
import TestTools
import Testing

/// `auditlog FILE` when the file is not what the user thought: missing, typed in the log folder as a bare name,
/// or not a log at all. Each is one line naming the file, before any terminal is taken or store made.
extension ProcessTests {
@Suite struct OpenWrongFileTests {
    /// The binary run in `directory` (a user in the log folder typing `auditlog prod.log`).
    static func run(_ arguments: [String], in directory: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A first word with a dot, a slash or a glob character is a file: missing, it is "no such file" (exit 1),
    /// as `./missing.log` is; a word like a mistyped command stays an unknown command (exit 2), naming the
    /// command it most likely meant.
    @Test func aBareFileNameIsAFileAndAMistypedCommandSaysWhichItMeant() throws {
        let dir = Binary.temporaryDirectory()
        for (word, reason) in [("missing.log", "no such file or directory"), ("./missing.log", "no such file or directory"),
                               ("prod.log.1", "no such file or directory"), ("logs/prod.log", "no such file or directory"),
                               ("prod*.log", "no file matches")] {
            let run = try Self.run([word, "--db", "a.db"], in: dir)
            #expect(run.status == 1 && run.stderr == "auditlog: \(word): \(reason)\n", "\(word): \(run.status) \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/a.db"), "\(word) made a store")
        }
        for (word, meant) in [("imprt", "import"), ("exprot", "export"), ("veryfy", "verify"), ("frobnicate", nil)] {
            let run = try Self.run([word, "--db", "a.db"], in: dir)
            #expect(run.status == 2 && run.stderr.hasPrefix("auditlog: unknown command \"\(word)\""), "\(word): \(run.stderr)")
            let guess = meant.map { "; did you mean \"\($0)\"?" }
            #expect(guess.map { run.stderr.contains($0) } ?? !run.stderr.contains("did you mean"), "\(word): \(run.stderr)")
        }
    }
}
}
