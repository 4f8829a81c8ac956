import Foundation
import PseudoTerminal
import TestTools
import Testing

/// The real binary in a real terminal: a tmux server of its own, keys sent, the screen read back.
final class Tmux {
    let socket = "auditlog-test-" + UUID().uuidString.prefix(8)
    let name = "t"

    init(width: Int = 80, height: Int = 24, command: String, environment: [String: String] = [:]) throws {
        _ = try Tool.tmux.url() // "tmux is not installed (apt-get install tmux)" rather than a spawn error
        let exports = (["TERM": "screen", "TZ": "UTC", "LANG": "C.UTF-8"].merging(environment) { $1 })
            .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                  "trap '' INT; env \(exports) \(command); echo EXITED:$?; sleep 30"])
    }

    deinit { try? tmux(["kill-server"]) }

    /// Runs a tmux command with posix_spawn and waitpid. (Foundation's Process watches for exit through a
    /// descriptor the daemonised tmux server would inherit and keep open, so it would wait forever.)
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = NSTemporaryDirectory() + "tmux-out-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, arguments.contains("new-session") ? "/dev/null" : output,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = ["tmux", "-L", socket] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Signals at their defaults and none blocked, whatever the test runner ignores: the server and
        // its shells then treat Ctrl-Z, Ctrl-C and resizes as a user's terminal would.
        var pid: pid_t = 0
        let spawned = PseudoTerminal.withCleanSignals(newSession: false) { attributes in
            posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else {
            throw CocoaError(.executableNotLoadable)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// What a wait after keys waits for.
    enum Until {
        /// The screen shows this text.
        case shows(String)
        /// The screen shows all these texts at once (a view's title and its first page's position: the
        /// page has arrived, and a key acts on it rather than on a view still loading).
        case showsAll([String])
        /// The screen has text matching this regular expression.
        case matches(String)
        /// The screen no longer shows this text.
        case hides(String)
        /// The screen differs from the one before the keys.
        case changes

        var isChange: Bool { if case .changes = self { true } else { false } }
    }

    /// Sends tmux key names (Enter, Escape, BSpace, Tab, Down, C-c, or plain characters) and returns at once:
    /// the pane reads them in order, and a later wait checks what they did.
    func keys(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", name, key]) }
    }

    /// Sends the keys, then waits until `until` holds (see `wait`); past `seconds` the test fails with the
    /// last screen. Returns that screen.
    @discardableResult
    func keys(_ keys: String..., until: Until, settled: Bool = false, seconds: Double = 10,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = screen
        for key in keys { try tmux(["send-keys", "-t", name, key]) }
        return wait(until, after: before, settled: settled, seconds: seconds, sourceLocation: sourceLocation)
    }

    /// Types text literally and returns at once.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Types text literally, then waits as `keys(_:until:)` does.
    @discardableResult
    func type(_ text: String, until: Until, seconds: Double = 10,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = screen
        try tmux(["send-keys", "-t", name, "-l", text])
        return wait(until, after: before, seconds: seconds, sourceLocation: sourceLocation)
    }

    var screen: String { (try? tmux(["capture-pane", "-t", name, "-p"])) ?? "" }

    /// Waits until `until` holds, polling every 50 ms for at most `seconds`; then the test fails, showing the
    /// last screen. For `.changes`, or when `settled`, two reads in a row must also agree (the program has
    /// finished drawing: a change is seen at its first byte). Returns the screen.
    @discardableResult
    func wait(_ until: Until, after before: String = "", settled: Bool = false, seconds: Double = 10,
              sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var previous: String?
        while true {
            let current = screen
            let holds: Bool
            switch until {
            case .shows(let text): holds = current.contains(text)
            case .showsAll(let texts): holds = texts.allSatisfy { current.contains($0) }
            case .matches(let pattern): holds = current.range(of: pattern, options: .regularExpression) != nil
            case .hides(let text): holds = !current.contains(text)
            case .changes: holds = current != before
            }
            if holds, current == previous || !(settled || until.isChange) { return current }
            if Date() >= deadline {
                Issue.record("waited \(seconds) s for \(until); the screen:\n\(current)", sourceLocation: sourceLocation)
                return current
            }
            previous = holds ? current : nil
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until the screen is exactly `expected` (up to `seconds`); returns the last screen.
    func waitForScreen(_ expected: String, seconds: Double = 5) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var current = screen
        while current != expected, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            current = screen
        }
        return current
    }

    /// Waits until the screen shows `text` (up to `seconds`, then the test fails showing the last screen);
    /// returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        wait(.shows(text), seconds: seconds, sourceLocation: sourceLocation)
    }
}

extension Tmux {
    /// Runs a shell command and returns its exit status.
    static func shell(_ command: String) throws -> Int32 {
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw CocoaError(.executableNotLoadable) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xFF
    }
}
