import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running in a pseudo-terminal of a given size, for benchmarks and end-to-end tests: keys go
/// in, and every byte the program writes to its terminal is kept, so a test can inspect the raw bytes.
///
/// With `frameReports`, the program gets `AUDITLOG_FRAME_FD=3`: auditlog then writes one line per frame
/// it sends ("0" complete, "1" still loading), so a benchmark knows when a key's answer is on screen.
public final class PseudoTerminal {
    public let pid: pid_t
    private let master: Int32
    private let frames: Int32
    /// Every byte the program wrote to the terminal so far.
    public private(set) var output: [UInt8] = []
    private var frameBuffer: [UInt8] = []
    private var exitStatus: Int32?
    private var closed = false
    private var framesOpen = true

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The terminal modes a program must leave as it found them.
    public struct Modes: Equatable, CustomStringConvertible {
        public let input: UInt32, output: UInt32, local: UInt32
        public var description: String { "iflag=\(input) oflag=\(output) lflag=\(local)" }
    }

    /// The modes before the program started: what it must leave (read once it runs, they may be its own).
    public let modesAtStart: Modes

    public init(executable: String, arguments: [String], environment: [String: String], width: Int = 80,
                height: Int = 24, frameReports: Bool = false) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "cannot open /dev/ptmx") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        _ = ioctl(master, UInt(0x4004_5431), &unlock) // TIOCSPTLCK
        guard ioctl(master, UInt(0x8004_5430), &number) == 0 else { // TIOCGPTN
            throw Failure(description: "cannot name the pseudo-terminal")
        }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var settings = termios()
        tcgetattr(master, &settings)
        modesAtStart = Modes(input: settings.c_iflag, output: settings.c_oflag, local: settings.c_lflag)
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "pipe failed") }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        frames = pipeEnds[0]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid the first terminal the child opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/pts/\(number)", O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        if frameReports { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 3) }
        var variables = environment
        if frameReports { variables["AUDITLOG_FRAME_FD"] = "3" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let spawned = Self.withCleanSignals(newSession: true) { attributes in
            posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        }
        close(pipeEnds[1])
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        pid = child
    }

    /// Spawn attributes for a child started as a login shell would start it — every signal at its default
    /// and none blocked, whatever this process (a test runner) ignores or blocks — and, with `newSession`,
    /// in a session of its own (the first terminal it opens becomes its controlling terminal).
    public static func withCleanSignals<T>(newSession: Bool, _ body: (inout posix_spawnattr_t) throws -> T) rethrows -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        let setsid: Int32 = newSession ? 0x80 : 0 // POSIX_SPAWN_SETSID (not imported)
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        return try body(&attributes)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
        close(frames)
    }

    /// The slave side's modes as the program left them (read through the master).
    public var modes: Modes {
        var settings = termios()
        tcgetattr(master, &settings)
        return Modes(input: settings.c_iflag, output: settings.c_oflag, local: settings.c_lflag)
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written <= 0 { if errno == EINTR || errno == EAGAIN { drain(wait: 0.001); continue }; return }
            offset += written
        }
    }

    /// Changes the terminal size; the kernel sends the program SIGWINCH.
    public func resize(width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Reads whatever arrives within `wait` seconds; returns the number of terminal bytes read.
    @discardableResult
    public func drain(wait: Double) -> Int {
        let before = output.count
        _ = poll(wait: wait)
        return output.count - before
    }

    /// Reads until no byte arrives for `quiet` seconds (or `limit` passes). Returns the time of the
    /// last byte, in seconds after the call.
    @discardableResult
    public func readUntilQuiet(quiet: Double, limit: Double = 30) -> Double {
        let start = now()
        var last = start
        while now() - start < limit, now() - last < quiet {
            let (terminal, _) = poll(wait: quiet - (now() - last))
            if terminal > 0 { last = now() } else if closed { break }
        }
        return last - start
    }

    /// Reads until the output from `from` on holds `text`; returns the seconds waited, nil on timeout.
    public func readUntil(contains text: String, from: Int = 0, limit: Double = 30) -> Double? {
        let start = now()
        let needle = Array(text.utf8)
        var searchFrom = from
        while now() - start < limit {
            if let _ = find(needle, from: searchFrom) { return now() - start }
            searchFrom = max(from, output.count - needle.count)
            let (terminal, _) = poll(wait: 0.05)
            if terminal == 0, exitStatus != nil || closed { return nil }
        }
        return find(needle, from: searchFrom) != nil ? now() - start : nil
    }

    /// Waits for a frame report of a complete screen drawn after the program had read `keys` keys; the
    /// seconds waited, nil on timeout. (Reports of frames before that key — a count landing — are skipped.)
    public func waitForCompleteFrame(afterKeys keys: Int, limit: Double = 30) -> Double? {
        let start = now()
        while now() - start < limit {
            while let newline = frameBuffer.firstIndex(of: 0x0A) {
                let fields = String(decoding: frameBuffer[..<newline], as: UTF8.self).split(separator: " ")
                frameBuffer.removeSubrange(...newline)
                if fields.count == 2, let read = Int(fields[0]), read >= keys, fields[1] == "0" { return now() - start }
            }
            let (_, reports) = poll(wait: 0.5)
            if reports == 0, closed { return nil }
        }
        return nil
    }

    /// Peak resident memory of the program (VmHWM), in KiB.
    public var peakResidentKiB: Int? { Self.peakResidentKiB(of: pid) }

    /// Peak resident memory of a running process (VmHWM in /proc), in KiB; nil once it has ended.
    public static func peakResidentKiB(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the program to end (reading its output meanwhile); its exit status, nil on timeout.
    @discardableResult
    public func waitForExit(limit: Double = 10) -> Int32? {
        let start = now()
        while now() - start < limit {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status
                drain(wait: 0.01)
                return status
            }
            _ = poll(wait: 0.01)
        }
        return nil
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, output.count >= needle.count else { return nil }
        var index = max(0, from)
        while index + needle.count <= output.count {
            if output[index] == needle[0], Array(output[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// One poll over the terminal and the frame pipe (until it closes); returns the bytes read from each.
    private func poll(wait: Double) -> (Int, Int) {
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: framesOpen ? frames : -1, events: Int16(POLLIN), revents: 0)]
        guard Glibc.poll(&fds, 2, Int32(wait * 1000)) > 0 else { return (0, 0) }
        var counts = (0, 0)
        var buffer = [UInt8](repeating: 0, count: 65536)
        if fds[0].revents != 0 {
            let n = read(master, &buffer, buffer.count)
            if n > 0 { output.append(contentsOf: buffer[0..<n]); counts.0 = n } else { closed = true }
        }
        if fds[1].revents != 0 {
            let n = read(frames, &buffer, buffer.count)
            if n > 0 { frameBuffer.append(contentsOf: buffer[0..<n]); counts.1 = n } else { framesOpen = false }
        }
        if closed, counts.0 == 0 { usleep(UInt32(min(wait, 0.01) * 1_000_000)) } // a closed terminal polls at once
        return counts
    }

    private func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
