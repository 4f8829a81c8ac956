/// The eight colours every terminal has; nil is the terminal's own.
public enum Color: Int, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = Style()
}

/// One terminal cell. A wide character fills its cell and marks the next one as its continuation.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    /// The right half of a wide character: draw nothing here.
    public var isContinuation: Bool

    public static let blank = Cell(text: " ", style: .plain, isContinuation: false)
}

/// The screen as a value: `render` draws into it, the terminal adapter copies it out, tests read it as text.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes already-sanitised text at (x, y), clipped at `limit` columns (default: the right edge).
    /// Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in text {
            let w = TextWidth.of(character)
            if w == 0 {
                // A combining mark or joiner: it belongs to the previous cell.
                if column > x, column - 1 < width { appendToPrevious(character, x: column - 1, y: y) }
                continue
            }
            if column + w > end { break }
            if column >= 0 {
                self[column, y] = Cell(text: String(character), style: style, isContinuation: false)
                if w == 2 { self[column + 1, y] = Cell(text: "", style: style, isContinuation: true) }
            }
            column += w
        }
        return column
    }

    private mutating func appendToPrevious(_ character: Character, x: Int, y: Int) {
        var position = x
        while position > 0, self[position, y].isContinuation { position -= 1 }
        self[position, y].text.append(character)
    }

    /// Paints a style over a span, keeping the text.
    public mutating func fill(x: Int, y: Int, width count: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + count) {
            self[column, y].style = style
        }
    }

    /// Each row as plain text (continuation cells dropped, trailing spaces trimmed): what tests compare.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width where !self[column, row].isContinuation { line += self[column, row].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// The cells of one row: the adapter compares rows to send only what changed.
    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }
}
