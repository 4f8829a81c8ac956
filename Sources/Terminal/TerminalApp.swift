import AuditBrowser
import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// The browser's main loop on a real terminal.
public enum TerminalApp {
    public static func run(_ session: BrowserSession, mouse: Bool, now: @escaping () -> Timestamp) {
        let screen = TerminalScreen(mouse: mouse, glyphs: session.state.glyphs)
        defer {
            screen.stop()
            session.shutdown()
        }
        var size = screen.size
        session.send(.resize(width: size.width, height: size.height))
        var grid = Grid(width: size.width, height: size.height)
        let reporter = FrameReporter()
        var keys = 0
        var drawn = (revision: -1, at: Int64(0))
        while screen.stopSignal == 0, !session.state.quit {
            // Drawn when the state changed, and once a second for the clock; not at every poll (every 5 ms
            // while a background count runs).
            let time = now().microseconds
            if session.revision != drawn.revision || time - drawn.at >= 1_000_000 {
                session.render(into: &grid)
                if screen.draw(grid) { reporter.sent(keys: keys, loading: session.state.isLoading) }
                drawn = (session.revision, time)
            }
            let key: Key?
            // While a search or count is under way, look for its answer every 5 ms instead of every 100.
            do { key = try screen.readKey(timeout: session.isWaiting ? 5 : 100) } catch { return }
            session.collectAnswers()
            guard let key else {
                session.tick(now: now())
                continue
            }
            keys += 1
            if key == .resize {
                size = screen.size
                session.send(.resize(width: size.width, height: size.height))
            } else {
                session.press(key, now: now())
                // What `y`/`Y` copied: the effect's one writer of the escape sequence.
                for text in session.takeClipboard() { TerminalClipboard.send(text) }
            }
        }
    }
}

/// For benchmarks: with `AUDITLOG_FRAME_FD=N`, one line per frame sent goes to descriptor N: how many
/// keys were read before it, and "0" when the screen is complete or "1" while the view still loads.
/// A benchmark can so time a key to its answer on screen without guessing from the terminal bytes.
struct FrameReporter {
    private let descriptor: Int32? = getenv("AUDITLOG_FRAME_FD").flatMap { Int32(String(cString: $0)) }

    func sent(keys: Int, loading: Bool) {
        guard let descriptor else { return }
        var line = Array("\(keys) \(loading ? 1 : 0)\n".utf8)
        _ = write(descriptor, &line, line.count)
    }
}
