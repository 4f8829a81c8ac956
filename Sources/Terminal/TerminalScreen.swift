import AuditBrowser
import AuditStore
import CNcursesw
import CStopSignals
#if canImport(Glibc)
import Glibc
#endif

/// The ncurses side: start and restore the terminal, read keys, and copy a grid to the screen,
/// sending only the rows that changed.
public final class TerminalScreen {
    private var previous: Grid?
    private let useColor: Bool
    private let ascii: Bool
    private var pairs: [Int: Int16] = [:]
    private var quickErrors = 0

    /// How to choose between Unicode and ASCII: by the locale, or as the user said.
    public enum Characters: Sendable {
        case byLocale
        /// "My terminal does UTF-8 anyway" (`--utf8`, `AUDITLOG_UTF8=1`): the locale's character type
        /// becomes UTF-8 (C.UTF-8) whatever the environment says, as `tmux -u` does.
        case utf8
        /// ASCII whatever the locale (`--ascii`).
        case ascii
    }

    public struct NoUTF8Locale: Error {}

    /// Sets the locale from the environment and says what the screen can be drawn with. Call before
    /// anything is drawn or measured. Throws only for `.utf8` on a system with no UTF-8 locale at all.
    public static func prepareLocale(_ choice: Characters) throws -> Glyphs {
        setlocale(LC_ALL, "")
        switch choice {
        case .ascii:
            return .ascii
        case .byLocale:
            return localeIsUTF8 ? .unicode : .ascii
        case .utf8:
            if localeIsUTF8 { return .unicode }
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
                if localeIsUTF8 { return .unicode }
            }
            throw NoUTF8Locale()
        }
    }

    /// Whether the environment's locale (`LC_ALL`, `LC_CTYPE`, `LANG`) encodes UTF-8; sets the character type from it.
    /// The commands draw their own decorations by it as the browser draws its frame.
    public static var environmentLocaleIsUTF8: Bool {
        setlocale(LC_CTYPE, "")
        return localeIsUTF8
    }

    static var localeIsUTF8: Bool {
        guard let codeset = audit_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// What `$TERM` allows, checked without touching the terminal (initscr would print ncurses' own
    /// "Error opening terminal" and exit).
    public enum TerminalKind: Sendable { case usable, noCursorMovement, unknown }

    public static var terminalKind: TerminalKind {
        switch audit_terminal_usable() {
        case 1: .usable
        case 0: .noCursorMovement
        default: .unknown
        }
    }

    /// `glyphs` must be what `prepareLocale` answered: in ASCII a cell that still holds anything else
    /// is sent as `?` (never as bytes the locale cannot encode, which ncurses would drop).
    public init(mouse: Bool, glyphs: Glyphs) {
        ascii = glyphs.ascii
        // A short Escape delay, unless the user chose one.
        if getenv("ESCDELAY") == nil { set_escdelay(50) }
        TerminalScreen.prepareSignals()
        initscr()
        cbreak()
        noecho()
        nonl()
        intrflush(audit_stdscr(), false)
        keypad(audit_stdscr(), true)
        // Lets ncurses scroll the terminal (insert/delete line) when rows move, instead of repainting them.
        idlok(audit_stdscr(), true)
        curs_set(0)
        useColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        if useColor, has_colors() {
            start_color()
            use_default_colors()
        }
        if mouse { mousemask(audit_mouse_mask(), nil) }
    }

    /// Installs the stop-signal handlers and unblocks those signals. Call before any thread starts, so
    /// every thread inherits the unblocked mask (a parent may have left them blocked).
    public static func prepareSignals() {
        audit_install_stop_signals()
    }

    /// Restores the terminal to its normal mode.
    public func stop() {
        endwin()
    }

    public var size: (width: Int, height: Int) { (Int(getmaxx(audit_stdscr())), Int(getmaxy(audit_stdscr()))) }

    /// Set when SIGTERM, SIGHUP or SIGINT arrived.
    public var stopSignal: Int32 { audit_stop_signal_received() }

    /// Waits up to `timeout` milliseconds for a key. `.resize` after the terminal changed size.
    /// Returns nil on timeout; throws when the terminal is gone (reads fail at once, again and again).
    public func readKey(timeout: Int32) throws -> Key? {
        wtimeout(audit_stdscr(), timeout)
        var character: wint_t = 0
        let started = SystemClock.monotonicMicroseconds() / 1_000
        let result = wget_wch(audit_stdscr(), &character)
        if result == ERR {
            if SystemClock.monotonicMicroseconds() / 1_000 - started < max(1, Int64(timeout) / 4) {
                quickErrors += 1
                if quickErrors > 50 { throw TerminalGone() }
            } else {
                quickErrors = 0
            }
            return nil
        }
        quickErrors = 0
        if result == KEY_CODE_YES { return functionKey(Int32(character)) }
        if character == 27, skipUnknownSequence() { return nil }
        return characterKey(UInt32(character))
    }

    /// After an Escape: ncurses has already waited ESCDELAY for a sequence it knows. If more bytes are
    /// there at once, this is a sequence it does not know (Ctrl-arrow on some terminals, F13, Alt-x):
    /// read it to its end and ignore it, so its bytes never run as commands or become prompt text.
    private func skipUnknownSequence() -> Bool {
        wtimeout(audit_stdscr(), 0)
        var next: wint_t = 0
        guard wget_wch(audit_stdscr(), &next) != ERR else { return false } // a lone Escape: the Escape key
        if next == 0x5B || next == 0x4F { // CSI "[" or SS3 "O": parameters, then a final byte
            for _ in 0..<32 {
                var byte: wint_t = 0
                guard wget_wch(audit_stdscr(), &byte) != ERR else { break }
                if (0x40...0x7E).contains(byte) { break }
            }
        }
        return true
    }

    struct TerminalGone: Error {}

    private func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if audit_is_wheel_up(event.bstate) != 0 { return .wheelUp }
            if audit_is_wheel_down(event.bstate) != 0 { return .wheelDown }
            if audit_is_click(event.bstate) != 0 { return .click(x: Int(event.x), y: Int(event.y)) }
            return nil
        default:
            if code >= KEY_F0 + 1, code <= KEY_F0 + 12 { return .function(Int(code - KEY_F0)) }
            return nil
        }
    }

    /// Copies the grid out: changed rows only, one `doupdate` a frame, never a full clear. Nothing at
    /// all when the grid is unchanged. Returns whether a frame was sent.
    @discardableResult
    public func draw(_ grid: Grid) -> Bool {
        if previous == grid { return false }
        let sameSize = previous.map { $0.width == grid.width && $0.height == grid.height } ?? false
        if !sameSize { wclear(audit_stdscr()) }
        for y in 0..<grid.height {
            if sameSize, previous!.row(y) == grid.row(y) { continue }
            var cells: [cchar_t] = []
            cells.reserveCapacity(grid.width)
            for cell in grid.row(y) where !cell.isContinuation {
                cells.append(makeCell(cell))
            }
            cells.withUnsafeBufferPointer { buffer in
                _ = mvwadd_wchnstr(audit_stdscr(), Int32(y), 0, buffer.baseAddress, Int32(buffer.count))
            }
        }
        previous = grid
        wnoutrefresh(audit_stdscr())
        doupdate()
        return true
    }

    private func makeCell(_ cell: Cell) -> cchar_t {
        var attributes = audit_A_NORMAL()
        if cell.style.bold { attributes |= audit_A_BOLD() }
        if cell.style.reverse { attributes |= audit_A_REVERSE() }
        if cell.style.underline { attributes |= audit_A_UNDERLINE() }
        if cell.style.dim { attributes |= audit_A_DIM() }
        var result = cchar_t()
        var text = Array(cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) })
        if ascii, text.contains(where: { $0 < 0x20 || $0 > 0x7E }) { text = [wchar_t(63)] } // "?"
        if text.isEmpty { text = [wchar_t(32)] }
        text.append(0)
        text.withUnsafeBufferPointer { buffer in
            _ = setcchar(&result, buffer.baseAddress, attributes, colorPair(cell.style), nil)
        }
        return result
    }

    private func colorPair(_ style: Style) -> Int16 {
        guard useColor, has_colors(), style.foreground != nil || style.background != nil else { return 0 }
        let fg = style.foreground.map { Int16($0.rawValue) } ?? -1
        let bg = style.background.map { Int16($0.rawValue) } ?? -1
        let key = Int(fg + 1) * 9 + Int(bg + 1)
        if let pair = pairs[key] { return pair }
        let pair = Int16(pairs.count + 1)
        guard Int32(pair) < audit_color_pairs() else { return 0 }
        init_pair(pair, fg, bg)
        pairs[key] = pair
        return pair
    }
}
