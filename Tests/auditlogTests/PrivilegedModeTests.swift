@testable import auditlog
import AuditStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The decisions a setgid auditlog (the shared server's /usr/bin/auditlog, SECURITY.md "Only through auditlog")
/// takes, as pure functions of the ids, the words and the environment: what `.ci/package-test` then proves with real
/// users on the installed package.
@Suite struct PrivilegedModeTests {
    static let agent: uid_t = 1001, agentGroup: gid_t = 1001, auditlogGroup: gid_t = 111

    @Test func privilegedOnlyWhenTheSetgidTookEffectForSomeoneButRoot() {
        #expect(PrivilegedMode(realUser: Self.agent, realGroup: Self.agentGroup, effectiveGroup: Self.auditlogGroup).isPrivileged)
        // A single user running their own (not setgid) binary, and the ingester (its group is auditlog).
        #expect(!PrivilegedMode(realUser: Self.agent, realGroup: Self.agentGroup, effectiveGroup: Self.agentGroup).isPrivileged)
        #expect(!PrivilegedMode(realUser: 103, realGroup: Self.auditlogGroup, effectiveGroup: Self.auditlogGroup).isPrivileged)
        // Root can read the store anyway: it gives the group up and works as a single user.
        let root = PrivilegedMode(realUser: 0, realGroup: 0, effectiveGroup: Self.auditlogGroup)
        #expect(!root.isPrivileged && root.givesUpGroup)
        #expect(!PrivilegedMode(realUser: Self.agent, realGroup: Self.agentGroup, effectiveGroup: Self.auditlogGroup).givesUpGroup)
    }

    @Test func dbAndItsVariableMayOnlyNameTheSharedStore() {
        func refusal(_ words: [String], _ variable: String? = nil, cwd: String = "/home/alice", sameFile: Bool = false) -> String? {
            PrivilegedMode.databaseRefusal(words: words, environment: variable) { path in
                PrivilegedMode.namesStore(path, cwd: cwd) { _, _ in sameFile }
            }
        }
        #expect(refusal(["export"]) == nil)
        #expect(refusal(["export", "--db", "/var/lib/auditlog/audit.db"]) == nil)
        #expect(refusal(["export", "--db=/var/lib/auditlog//./audit.db"]) == nil)
        #expect(refusal(["export", "--db", "audit.db"], cwd: "/var/lib/auditlog") == nil)
        #expect(refusal(["export", "--db", "/home/alice/link-to-the-store.db"], sameFile: true) == nil)
        #expect(refusal([], "/var/lib/auditlog/audit.db") == nil)
        let elsewhere = refusal(["export", "--db", "/home/alice/mine.db"])
        #expect(elsewhere == "--db /home/alice/mine.db: auditlog here reads only the shared store /var/lib/auditlog/audit.db "
            + "(it runs with group auditlog's rights)")
        #expect(refusal(["export", "--db", "audit.db"]) != nil) // /home/alice/audit.db
        #expect(refusal(["export", "--db"]) != nil)
        #expect(refusal(["--db", "/var/lib/auditlog/audit.db", "export", "--db", "/tmp/x.db"])?.hasPrefix("--db /tmp/x.db:") == true)
        #expect(refusal(["export"], "/tmp/other.db")?.hasPrefix("AUDITLOG_DB=/tmp/other.db:") == true)
    }

    @Test func writeCommandsAreRefusedAndReadingOnesRun() {
        for command in ["import", "demo"] {
            #expect(PrivilegedMode.commandRefusal(command)?.contains("the ingester (auditlog-ingest.service) writes it") == true)
        }
        // Opening log files imports them; comparing logs would read them with the group's rights.
        #expect(PrivilegedMode.commandRefusal("browse", files: ["prod.log.gz"])?.hasPrefix("prod.log.gz: opening log files imports them") == true)
        #expect(PrivilegedMode.commandRefusal("verify", files: ["prod.log"])?.hasPrefix("verify prod.log: comparing logs is not allowed") == true)
        for command in ["browse", "export", "query", "show", "report", "review", "state", "verify", "note"] {
            #expect(PrivilegedMode.commandRefusal(command) == nil, "\(command)")
        }
    }

    @Test func theEnvironmentLosesWhatCouldLoadCodeOrTerminalDescriptionsOrRedirectFiles() {
        let environment = [
            "LD_PRELOAD=/home/alice/evil.so", "LD_LIBRARY_PATH=/home/alice", "SWIFT_BACKTRACE=enable=yes,swift-backtrace=/x",
            "SWIFT_ROOT=/home/alice", "TERMINFO=/home/alice/ti", "TERMINFO_DIRS=/home/alice/ti", "TERMCAP=x:co#80:",
            "SQLITE_TMPDIR=/home/alice/tmp", "TMPDIR=/home/alice/tmp", "TZDIR=/home/alice/zones", "GCONV_PATH=/x",
            "AUDITLOG_DB=/home/alice/mine.db", "AUDITLOG_SYSLOG_FILE=/var/lib/auditlog/audit.db", "XDG_DATA_HOME=/x",
            "TERM=xterm-256color", "HOME=/home/alice", "LANG=C.UTF-8", "TZ=Europe/Berlin", "PATH=/home/alice/bin:/usr/bin",
            "AUDITLOG_CLIPBOARD=0", "NO_COLOR=1", "LD=not-a-prefix-match=", "TERMINFOX=1",
        ]
        #expect(PrivilegedMode.scrubbed(environment) == [
            "LD_PRELOAD", "LD_LIBRARY_PATH", "SWIFT_BACKTRACE", "SWIFT_ROOT", "TERMINFO", "TERMINFO_DIRS", "TERMCAP",
            "SQLITE_TMPDIR", "TMPDIR", "TZDIR", "GCONV_PATH", "AUDITLOG_DB", "AUDITLOG_SYSLOG_FILE", "XDG_DATA_HOME",
        ])
    }

    @Test func aPrivilegedProcessRunsDecompressorsByAbsolutePathOnly() {
        let inUsrBin: (String) -> Bool = { $0.hasPrefix("/usr/bin/") }
        let inBin: (String) -> Bool = { $0.hasPrefix("/bin/") }
        // A single user's PATH finds the tool, as zgrep and less do.
        #expect(UserRights.command(for: "gzip", privileged: false, isExecutable: { _ in false }) == "gzip")
        #expect(UserRights.command(for: "gzip", privileged: true, isExecutable: inUsrBin) == "/usr/bin/gzip")
        #expect(UserRights.command(for: "zstd", privileged: true, isExecutable: inBin) == "/bin/zstd")
        // Missing from both: refused (the error names the package), never looked for through PATH.
        #expect(UserRights.command(for: "xz", privileged: true, isExecutable: { _ in false }) == nil)
        #expect(UserRights.command(for: "../gzip", privileged: true, isExecutable: { _ in true }) == nil)
        for compression in Compression.allCases {
            #expect(UserRights.command(for: compression.rawValue, privileged: true) { $0 == "/usr/bin/" + compression.rawValue }
                == "/usr/bin/" + compression.rawValue)
        }
    }

    @Test func thePackageShipsTheDefaultRolesFile() throws {
        let shipped = try String(contentsOfFile: Binary.packageRoot.appendingPathComponent(".ci/package/roles").path, encoding: .utf8)
        #expect(shipped == RolesFile.packageDefault)
        #expect(try RolesFile(parsing: shipped).role(forGroups: ["auditlog-agents"]) == .agent)
        #expect(try RolesFile(parsing: shipped).role(forGroups: ["auditlog-agents", "auditlog-reviewers"]) == .reviewer)
        #expect(try RolesFile(parsing: shipped).role(forGroups: ["auditlog"]) == nil)
    }
}
