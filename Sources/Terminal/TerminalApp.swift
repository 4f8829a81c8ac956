import AuditBrowser
import AuditStore

/// The browser's main loop on a real terminal.
public enum TerminalApp {
    public static func run(_ session: BrowserSession, mouse: Bool, now: @escaping () -> Timestamp) {
        let screen = TerminalScreen(mouse: mouse)
        defer { screen.stop() }
        var size = screen.size
        session.send(.resize(width: size.width, height: size.height))
        var grid = Grid(width: size.width, height: size.height)
        while screen.stopSignal == 0, !session.state.quit {
            session.render(into: &grid)
            screen.draw(grid)
            let key: Key?
            // While a search or count is under way, look for its answer every 5 ms instead of every 100.
            do { key = try screen.readKey(timeout: session.isWaiting ? 5 : 100) } catch { return }
            session.collectAnswers()
            guard let key else {
                session.tick(now: now())
                continue
            }
            if key == .resize {
                size = screen.size
                session.send(.resize(width: size.width, height: size.height))
            } else {
                session.press(key, now: now())
            }
        }
    }
}
