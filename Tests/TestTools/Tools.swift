import Foundation
import Testing

/// An external program some tests run, and the Debian package that installs it. On a machine with only the
/// README's set-up (Swift and the two libraries) such a test is skipped, saying which package to install;
/// under `AUDITLOG_REQUIRE_TOOLS=1` (what `.ci/run` sets, after installing them all) it runs and a missing
/// tool fails it, so CI never passes on a skip.
public struct Tool: Sendable, CustomStringConvertible {
    public let name: String
    public let package: String

    public init(_ name: String, package: String) {
        self.name = name
        self.package = package
    }

    public static let tmux = Tool("tmux", package: "tmux")
    public static let sqlite3 = Tool("sqlite3", package: "sqlite3")
    public static let gzip = Tool("gzip", package: "gzip")
    public static let xz = Tool("xz", package: "xz-utils")
    public static let bzip2 = Tool("bzip2", package: "bzip2")
    public static let zstd = Tool("zstd", package: "zstd")
    public static let bash = Tool("bash", package: "bash")
    public static let man = Tool("man", package: "man-db")
    public static let groff = Tool("groff", package: "groff-base")
    public static let zsh = Tool("zsh", package: "zsh")
    public static let fish = Tool("fish", package: "fish")
    public static let chromium = Tool("chromium", package: "chromium")
    public static let pdftotext = Tool("pdftotext", package: "poppler-utils")
    /// Runs a command as another user: as root, permissions stop no write, so tests of them run as nobody.
    public static let setpriv = Tool("setpriv", package: "util-linux")

    public var description: String { name }

    /// Where `PATH` finds it, if anywhere.
    public var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public var isAvailable: Bool { path != nil }

    /// Whether a missing tool fails the tests that need it instead of skipping them.
    public static var required: Bool { ProcessInfo.processInfo.environment["AUDITLOG_REQUIRE_TOOLS"] == "1" }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Its location, for running it; a missing tool is an error that says which package installs it.
    public func url() throws -> URL {
        guard let path else {
            throw Missing(description: "\(name) is not installed (apt-get install \(package))")
        }
        return URL(fileURLWithPath: path)
    }

    /// "requires tmux, sqlite3 (apt-get install tmux sqlite3)" for the tools of `tools` that are missing.
    public static func reason(_ tools: [Tool]) -> String {
        let missing = tools.filter { !$0.isAvailable }
        return "requires \(missing.map(\.name).joined(separator: ", ")) "
            + "(apt-get install \(missing.map(\.package).joined(separator: " ")))"
    }
}

extension Trait where Self == ConditionTrait {
    /// The test runs only where every one of `tools` is found on `PATH`; otherwise `swift test` prints
    /// `Test x() skipped: "requires tmux (apt-get install tmux)"`. Under `AUDITLOG_REQUIRE_TOOLS=1` it
    /// always runs, so a missing tool is a failure.
    public static func requires(_ tools: Tool..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        requires(tools, sourceLocation: sourceLocation)
    }

    public static func requires(_ tools: [Tool], sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(if: Tool.required || tools.allSatisfy(\.isAvailable), Comment(rawValue: Tool.reason(tools)),
                 sourceLocation: sourceLocation)
    }
}
