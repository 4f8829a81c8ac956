/// The one table of keys: key handling, the help screen and the status-bar hints all read it.
public struct Binding: Sendable {
    public enum Context: String, Sendable {
        case everywhere = "Everywhere"
        case list = "Logs and pickers"
        case record = "On a record"
        case histogram = "In the histogram (Enter: the log at that bucket)"
        case prompt = "Filter prompt"
    }

    public let keys: [Key]
    public let action: Action
    public let help: String
    /// A short word for the status bar, when the binding deserves a hint.
    public let hint: String?
    public let context: Context
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.character("j"), .down], action: .move(1), help: "next record", hint: nil, context: .list),
        Binding(keys: [.character("k"), .up], action: .move(-1), help: "previous record", hint: nil, context: .list),
        Binding(keys: [.pageDown, .control("f")], action: .page(1), help: "page down", hint: nil, context: .list),
        Binding(keys: [.pageUp, .character("b"), .control("b")], action: .page(-1), help: "page up", hint: nil,
                context: .list),
        Binding(keys: [.control("d")], action: .halfPage(1), help: "half a page down", hint: nil, context: .list),
        Binding(keys: [.control("u")], action: .halfPage(-1), help: "half a page up", hint: nil, context: .list),
        Binding(keys: [.character("g"), .home], action: .top, help: "newest (top)", hint: nil, context: .list),
        Binding(keys: [.character("G"), .end], action: .bottom, help: "oldest (bottom)", hint: nil, context: .list),
        Binding(keys: [.enter, .character("l"), .right, .character(" ")], action: .open,
                help: "expand or close the record; open the picked entry", hint: "open", context: .list),
        Binding(keys: [.character("r")], action: .toggleRaw, help: "raw stored values in the change", hint: nil,
                context: .record),
        Binding(keys: [.character("c")], action: .pivot(.customer), help: "the record's customer", hint: "customer",
                context: .record),
        Binding(keys: [.character("s")], action: .pivot(.subscription), help: "the record's subscription",
                hint: nil, context: .record),
        Binding(keys: [.character("a")], action: .pivot(.admin), help: "the record's billing admin", hint: "admin",
                context: .record),
        Binding(keys: [.character("R")], action: .openRequest, help: "the record's whole request, as a list",
                hint: nil, context: .record),
        Binding(keys: [.character("t")], action: .stateThen,
                help: "state then: the customer as it was at this record",
                hint: nil, context: .record),
        Binding(keys: [.character("i")], action: .histogram,
                help: "histogram: records per hour/day/week/month", hint: nil, context: .list),
        Binding(keys: [.character("+"), .character("=")], action: .zoom(1), help: "finer buckets (month → week → day → hour)",
                hint: "finer", context: .histogram),
        Binding(keys: [.character("-")], action: .zoom(-1), help: "coarser buckets", hint: "coarser",
                context: .histogram),
        Binding(keys: [.character("m")], action: .toggleMark, help: "mark or unmark the record (shown as *)", hint: nil,
                context: .record),
        Binding(keys: [.character("'")], action: .nextMark, help: "next mark (down)", hint: nil, context: .list),
        Binding(keys: [.character("\"")], action: .previousMark, help: "previous mark (up)", hint: nil, context: .list),
        Binding(keys: [.character("M")], action: .listMarks, help: "the marked records, as a list", hint: nil, context: .list),
        Binding(keys: [.character("e")], action: .startExport,
                help: "export the view (or the marks) to a file: .txt .csv .json .ndjson", hint: nil, context: .list),
        Binding(keys: [.character("/"), .character("f")], action: .startFilter,
                help: "filter: admin:… since:7d level:warning channel:audit words", hint: "filter", context: .list),
        Binding(keys: [.character("d")], action: .startDateFilter, help: "the last 7 days (since:7d, 7 × 24 h), to edit", hint: nil,
                context: .list),
        Binding(keys: [.character("x")], action: .clearFilters, help: "clear all filters", hint: nil, context: .list),
        Binding(keys: [.character("F")], action: .toggleFollow, help: "follow new records", hint: nil, context: .list),
        Binding(keys: [.character("1")], action: .switchTab(.overall), help: "Overall", hint: nil, context: .everywhere),
        Binding(keys: [.character("2")], action: .switchTab(.customers), help: "Customers", hint: nil,
                context: .everywhere),
        Binding(keys: [.character("3")], action: .switchTab(.subscriptions), help: "Subscriptions", hint: nil,
                context: .everywhere),
        Binding(keys: [.character("4")], action: .switchTab(.admins), help: "Billing Admins", hint: nil,
                context: .everywhere),
        Binding(keys: [.tab], action: .nextTab, help: "next tab", hint: nil, context: .everywhere),
        Binding(keys: [.backTab], action: .previousTab, help: "previous tab", hint: nil, context: .everywhere),
        Binding(keys: [.backspace, .character("h"), .left, .escape], action: .back,
                help: "back to where you were", hint: "back", context: .everywhere),
        Binding(keys: [.character("?"), .function(1)], action: .toggleHelp, help: "this help", hint: "help",
                context: .everywhere),
        Binding(keys: [.character("q")], action: .quitOrBack, help: "back; quit at the top", hint: "quit",
                context: .everywhere),
        Binding(keys: [.character("Q"), .control("c")], action: .quit, help: "quit", hint: nil, context: .everywhere),
    ]

    /// Keys the filter prompt takes itself (shown in help; typed text goes to the prompt).
    public static let promptKeys: [(keys: [Key], help: String)] = [
        ([.enter], "keep the filter"), ([.escape], "cancel, restoring the filter before"),
        ([.control("u")], "clear the line"), ([.left, .right], "move in the line"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings { for key in binding.keys where table[key] == nil { table[key] = binding.action } }
        return table
    }()

    /// The action a key means outside the prompt.
    public static func action(for key: Key) -> Action? {
        switch key {
        case .resize, .click, .wheelUp, .wheelDown: return nil
        default: return table[key]
        }
    }

    /// The status bar's hints: `Enter open`, `/ filter`, `? help`, `q quit`.
    public static func hints(for words: [String], glyphs: Glyphs = .unicode) -> [String] {
        words.compactMap { word in
            bindings.first(where: { $0.hint == word }).map { "\($0.keys[0].name(glyphs)) \(word)" }
        }
    }
}
