/// A key press as the adapter reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, backspace, escape, tab, backTab, delete
    case function(Int)
    case resize
    case wheelUp, wheelDown
    case click(x: Int, y: Int)

    /// How the help screen and hints name it; arrows as words where the screen is ASCII.
    public func name(_ glyphs: Glyphs) -> String {
        guard glyphs.ascii else { return name }
        switch self {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        default: return name
        }
    }

    public var name: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .backspace: "Backspace"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .delete: "Del"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        case .wheelUp: "wheel up"
        case .wheelDown: "wheel down"
        case .click: "click"
        }
    }
}
