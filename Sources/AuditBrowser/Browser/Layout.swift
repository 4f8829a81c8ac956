import AuditStore

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int

    public func contains(row: Int) -> Bool { row >= y && row < y + height }
}

/// The screen split into named areas, once, at one place (as ratatui's `Layout` hands out `Rect`s): views
/// draw in the area they are given and clicks are read against the same areas.
public struct Layout: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let tabs: Rect
    public let title: Rect
    public let body: Rect
    public let status: Rect

    /// At 110 columns and more, rows show whole dates and emails.
    public static let wideFrom = 110

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        tabs = Rect(x: 0, y: 0, width: width, height: 1)
        title = Rect(x: 0, y: 1, width: width, height: 1)
        body = Rect(x: 0, y: 2, width: width, height: max(1, height - 3))
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
    }

    public var isWide: Bool { width >= Self.wideFrom }
}

/// What a screen's update needs of the world around it: which tab it is in (for its questions' tickets) and
/// whether it is on screen, the areas, the clock, the glyphs and the requests loaded so far; and the little of
/// the browser a screen may change itself: the marks and the notice.
struct ScreenContext {
    let tab: Tab
    let layout: Layout
    let clock: Clock
    let glyphs: Glyphs
    let requests: [String: [AuditRecord]]
    /// The tab is on screen (an answer for a tab in the background asks for no more).
    var focused = true
    var marks: [Int64: AuditRecord] = [:]
    /// A one-line notice in the status bar until the next key.
    var notice: String?
    /// What the last review found, for the logs' status bar (`ReviewScreen.summary`).
    var reviewSummary: String?

    var bodyHeight: Int { layout.body.height }
    var width: Int { layout.width }
}
