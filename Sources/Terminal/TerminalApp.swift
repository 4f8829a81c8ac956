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
            do { key = try screen.readKey(timeout: 100) } catch { return }
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
