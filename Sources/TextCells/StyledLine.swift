/// A line of text in pieces of one style each: what views produce and `Grid` draws.
public struct StyledLine: Equatable, Sendable {
    public var segments: [Segment]

    public struct Segment: Equatable, Sendable {
        public var text: String
        public var style: Style
    }

    public init(_ text: String = "", _ style: Style = .plain) {
        segments = text.isEmpty ? [] : [Segment(text: text, style: style)]
    }

    public mutating func add(_ text: String, _ style: Style = .plain) {
        guard !text.isEmpty else { return }
        segments.append(Segment(text: text, style: style))
    }

    public func adding(_ text: String, _ style: Style = .plain) -> StyledLine {
        var copy = self
        copy.add(text, style)
        return copy
    }

    public func adding(_ other: StyledLine) -> StyledLine {
        var copy = self
        copy.segments += other.segments
        return copy
    }

    public var text: String { segments.map(\.text).joined() }
    public var width: Int { TextWidth.of(text) }

    /// Draws the line at (x, y), clipped to `limit` columns.
    public func draw(into grid: inout Grid, x: Int, y: Int, limit: Int) {
        var column = x
        for segment in segments {
            let remaining = x + limit - column
            guard remaining > 0 else { return }
            column = grid.put(segment.text, x: column, y: y, style: segment.style, limit: remaining)
        }
    }

    /// Splits into lines of at most `width` columns, at a space where the line has one (a word longer
    /// than a line is cut where it must be); continuation lines start with `indent`.
    public func wrapped(width: Int, indent: String = "") -> [StyledLine] {
        guard width > 0, self.width > width else { return [self] }
        let cells = segments.flatMap { segment in segment.text.map { (character: $0, style: segment.style) } }
        let indentWidth = TextWidth.of(indent)
        var lines: [StyledLine] = []
        var start = 0
        var first = true
        while start < cells.count {
            let room = first ? width : max(1, width - indentWidth)
            // The longest run of cells from `start` that fits, and the last space in it.
            var end = start
            var used = 0
            var lastSpace: Int? = nil
            while end < cells.count {
                let w = TextWidth.of(cells[end].character)
                if used + w > room { break }
                if cells[end].character == " ", end > start { lastSpace = end }
                used += w
                end += 1
            }
            if end == start { end = start + 1 } // one character wider than the room: it goes alone
            var next = end
            if end < cells.count, cells[end].character != " ", let space = lastSpace, space > start {
                end = space // break at the space; it starts no line
                next = space + 1
            } else if end < cells.count, cells[end].character == " " {
                next = end + 1
            }
            var line = first ? StyledLine() : StyledLine(indent)
            for cell in cells[start..<end] {
                if let last = line.segments.last, last.style == cell.style {
                    line.segments[line.segments.count - 1].text.append(cell.character)
                } else {
                    line.segments.append(Segment(text: String(cell.character), style: cell.style))
                }
            }
            lines.append(line)
            start = next
            first = false
        }
        return lines
    }

    /// Search words (any case) underlined and bold where they occur, over whatever style they have:
    /// readable without colour, and distinct from the selection's reverse video.
    public func highlighting(_ words: [String]) -> StyledLine {
        let wanted = words.filter { !$0.isEmpty }.map { Array($0.lowercased()) }
        guard !wanted.isEmpty else { return self }
        let cells = segments.flatMap { segment in segment.text.map { (character: $0, style: segment.style) } }
        let lowered = cells.map { Character($0.character.lowercased().count == 1 ? $0.character.lowercased() : String($0.character)) }
        var marked = Array(repeating: false, count: cells.count)
        for word in wanted where word.count <= lowered.count {
            var start = 0
            while start + word.count <= lowered.count {
                if lowered[start] == word[0], Array(lowered[start..<(start + word.count)]) == word {
                    for index in start..<(start + word.count) { marked[index] = true }
                    start += word.count
                } else {
                    start += 1
                }
            }
        }
        guard marked.contains(true) else { return self }
        var line = StyledLine()
        for (index, cell) in cells.enumerated() {
            var style = cell.style
            if marked[index] { style.underline = true; style.bold = true }
            if let last = line.segments.last, last.style == style {
                line.segments[line.segments.count - 1].text.append(cell.character)
            } else {
                line.segments.append(Segment(text: String(cell.character), style: style))
            }
        }
        return line
    }

    /// Cut to `width` columns, ending in `ellipsis` when cut.
    public func truncated(width: Int, ellipsis: String) -> StyledLine {
        guard self.width > width else { return self }
        let room = max(0, width - TextWidth.of(ellipsis))
        var line = StyledLine()
        var used = 0
        for segment in segments {
            var text = ""
            for character in segment.text {
                let w = TextWidth.of(character)
                if used + w > room { break }
                text.append(character)
                used += w
            }
            line.add(text, segment.style)
            if used >= room || text.count < segment.text.count { break }
        }
        line.add(ellipsis, segments.last?.style ?? .plain)
        return line
    }
}

/// The look: an 8-colour design whose meaning also reads without colour (markers, signs, reverse).
public enum Theme {
    public static let tabActive = Style(bold: true, reverse: true)
    public static let tab = Style()
    public static let header = Style(bold: true)
    public static let title = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let selected = Style(reverse: true)
    public static let statusBar = Style(reverse: true)
    public static let label = Style(bold: true)
    public static let key = Style(foreground: .cyan)
    public static let removed = Style(foreground: .red)
    public static let added = Style(foreground: .green)
    public static let removedWord = Style(foreground: .red, bold: true, reverse: true)
    public static let addedWord = Style(foreground: .green, bold: true, reverse: true)
    public static let error = Style(foreground: .red, bold: true)
    public static let banner = Style(foreground: .yellow, bold: true, reverse: true)
    public static let group = Style(foreground: .blue)

    public static func level(_ level: Int) -> Style {
        switch level {
        case ..<200: Style(dim: true)
        case 200..<300: Style()
        case 300..<400: Style(foreground: .yellow, bold: true)
        default: Style(foreground: .red, bold: true)
        }
    }
}
