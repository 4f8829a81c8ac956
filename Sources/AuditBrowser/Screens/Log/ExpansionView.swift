import AuditStore

/// What an expanded record shows under its row: the context, who did it, the request it was part of,
/// and for a data change a diff of the old and new values.
enum ExpansionView {
    static let indent = "    "
    /// A value longer than this many lines is cut, with a note: the export has it whole.
    static let maximumValueLines = 200

    static func lines(for record: AuditRecord, width: Int, raw: Bool, request: [AuditRecord]?, clock: Clock,
                      glyphs g: Glyphs = .unicode) -> [StyledLine] {
        let inner = max(10, width - indent.count)
        var out: [StyledLine] = []
        func section(_ title: String, _ rest: String = "", _ style: Style = .plain) {
            out.append(StyledLine(indent + title, Theme.label).adding(rest.isEmpty ? "" : "  " + rest, style))
        }

        let when = clock.localText(record.time) + " " + clock.zoneName(record.time)
        let dot = " " + g.dot + " "
        section("When", when + dot + record.time.rfc3339 + dot + g.line(record.levelName) + dot + g.line(record.channel))
        section("Reference", record.ref.text)

        // Context
        let context = record.context
        let skipped: Set<String> = record.change == nil ? [] : ["field", "old_value", "new_value"]
        var contextLines: [StyledLine] = []
        if case .object(let members) = context {
            let keyWidth = min(24, members.map { TextWidth.of(g.line($0.0)) }.max() ?? 0)
            for (key, value) in members where !skipped.contains(key) {
                contextLines += valueLines(key: key, value: value, keyWidth: keyWidth, depth: 0, width: inner - 2, g)
            }
        } else {
            contextLines += valueLines(key: "", value: context, keyWidth: 0, depth: 0, width: inner - 2, g)
        }
        section("Context", contextLines.isEmpty ? "(empty)" : "", Theme.dim)
        out += contextLines.map { StyledLine(indent + "  ").adding($0) }

        // Billing admin
        if let admin = record.adminID {
            let name = record.adminName.map { g.line($0) + "  " } ?? ""
            section("Billing admin", name + "(" + g.line(admin) + ")")
        } else {
            section("Billing admin", "Not done by a billing admin", Theme.dim)
        }

        // Request
        if let uid = record.requestUID {
            let others = request ?? []
            let summary = request == nil ? g.frame("loading…")
                : "\(others.count) record\(others.count == 1 ? "" : "s") in this request"
            section("Request", g.line(uid) + dot + summary)
            for sibling in others.prefix(12) {
                let mark = sibling.id == record.id ? g.pointer + " " : "  "
                var line = StyledLine(indent + "  " + mark + String(clock.localText(sibling.time).suffix(8)) + " ",
                                      Theme.dim)
                line.add(String(RecordLine.marker(level: sibling.level)) + " ", Theme.level(sibling.level))
                line.add(g.line(sibling.message) + (sibling.change.map { dot + g.line($0.field) } ?? ""))
                // One line per record, like a list: cut, never wrapped.
                out.append(line.truncated(width: width, ellipsis: g.ellipsis))
            }
            if others.count > 12 { out.append(StyledLine(indent + "    " + g.ellipsis + " \(others.count - 12) more", Theme.dim)) }
        }

        // Change
        if let change = record.change {
            out += changeLines(change, raw: raw, width: inner, clock: clock, glyphs: g)
        }

        // Notes, oldest first: who wrote each and when, then its lines.
        if !record.notes.isEmpty {
            section("Notes", "\(record.notes.count)", Theme.dim)
            for note in record.notes {
                out.append(StyledLine(indent + "  " + NoteLine.heading(note, clock: clock, glyphs: g), Theme.dim))
                out += NoteLine.lines(note, glyphs: g).map { StyledLine(indent + "    " + $0) }
            }
        }
        return out.flatMap { $0.wrapped(width: width, indent: indent + "    ") }
    }

    // MARK: Context values

    private static func valueLines(key: String, value: JSONValue, keyWidth: Int, depth: Int, width: Int,
                                   _ g: Glyphs) -> [StyledLine] {
        let pad = String(repeating: "  ", count: depth)
        let keyText = key.isEmpty ? "" : TextWidth.pad(g.line(key), to: max(keyWidth, 1), ellipsis: g.ellipsis) + "  "
        if depth >= 12 {
            return [StyledLine(pad + keyText, Theme.key).adding(g.ellipsis + " (nested deeper)", Theme.dim)]
        }
        switch value {
        case .object(let members) where !members.isEmpty:
            let inner = min(24, members.map { TextWidth.of(g.line($0.0)) }.max() ?? 0)
            var lines = [StyledLine(pad + g.line(key), Theme.key)]
            for (childKey, child) in members.prefix(200) {
                lines += valueLines(key: childKey, value: child, keyWidth: inner, depth: depth + 1, width: width, g)
            }
            if members.count > 200 { lines.append(StyledLine(pad + "  " + g.ellipsis + " \(members.count - 200) more keys", Theme.dim)) }
            return lines
        case .array(let items) where !items.isEmpty:
            var lines = [StyledLine(pad + g.line(key), Theme.key)]
            for (index, item) in items.prefix(200).enumerated() {
                lines += valueLines(key: String(index), value: item, keyWidth: 2, depth: depth + 1, width: width, g)
            }
            if items.count > 200 { lines.append(StyledLine(pad + "  " + g.ellipsis + " \(items.count - 200) more items", Theme.dim)) }
            return lines
        default:
            let text: String
            switch value {
            case .object: text = "{}"
            case .array: text = "[]"
            case .null: text = "null"
            default: text = value.scalarText ?? ""
            }
            let valueLines = g.lines(text)
            let prefix = StyledLine(pad + keyText, Theme.key)
            let continuation = String(repeating: " ", count: TextWidth.of(pad + keyText))
            var lines: [StyledLine] = []
            for (index, line) in valueLines.enumerated() {
                let start = index == 0 ? prefix : StyledLine(continuation)
                lines += start.adding(line).wrapped(width: width, indent: continuation)
                if lines.count > maximumValueLines { break }
            }
            if lines.count > maximumValueLines {
                lines = Array(lines.prefix(maximumValueLines))
                lines.append(StyledLine(continuation + g.ellipsis + " (value cut; `auditlog export` has it whole)", Theme.dim))
            }
            return lines
        }
    }

    // MARK: The change

    static func changeLines(_ change: FieldChange, raw: Bool, width: Int, clock: Clock, glyphs g: Glyphs = .unicode)
        -> [StyledLine] {
        let old = PHPValue.parse(change.old ?? "NULL")
        let new = PHPValue.parse(change.new ?? "NULL")
        let kind = old.kindName == new.kindName || old == .null ? new.kindName : old.kindName
        var out = [StyledLine(indent + "Change", Theme.label)
            .adding("  " + g.line(change.field), Theme.header)
            .adding(raw ? "  (raw stored text)" : "  (\(kind))", Theme.dim)]
        let pad = indent + "  "
        func line(_ sign: String, _ text: String, _ style: Style) -> StyledLine {
            StyledLine(pad + sign + " ", style).adding(text, style)
        }
        if raw {
            out += g.lines(change.old ?? "NULL").map { line("-", $0, Theme.removed) }
            out += g.lines(change.new ?? "NULL").map { line("+", $0, Theme.added) }
            return out
        }
        if let className = change.unrecordedValueClass {
            out.append(StyledLine(pad + "  value not recorded (BillaBear logs enums by class: ")
                .adding(g.line(className)).adding(")"))
            return out
        }
        if change.masked, (change.old ?? "NULL") == (change.new ?? "NULL") {
            // Two values masked alike (`j•••@acme.example` both): the field did change, as the record says.
            out.append(line("-", g.line(old.lines.joined(separator: " ")), Theme.removed))
            out.append(line("+", g.line(new.lines.joined(separator: " ")), Theme.added))
            out.append(StyledLine(pad + "  (changed; both values masked alike)", Theme.dim))
            return out
        }
        if (change.old ?? "NULL") == (change.new ?? "NULL") {
            out.append(StyledLine(pad + "= ").adding(g.line(old.lines.joined(separator: " ")))
                .adding("  (unchanged)", Theme.dim))
            return out
        }
        switch (old, new) {
        case (.date(let a), .date(let b)):
            out.append(line("-", clock.localText(a) + " " + clock.zoneName(a), Theme.removed))
            out.append(line("+", clock.localText(b) + " " + clock.zoneName(b), Theme.added))
            let days = Double(b.seconds - a.seconds) / 86_400
            let whole = Int(days.rounded())
            let delta = abs(days - Double(whole)) < 0.001
                ? "\(whole >= 0 ? "+" : g.minus)\(abs(whole)) day\(abs(whole) == 1 ? "" : "s")"
                : "\(b > a ? "+" : g.minus)\(abs(b.seconds - a.seconds) / 3600) hours"
            out.append(StyledLine(pad + "  (" + delta + ")", Theme.dim))
        case (.number(let a), .number(let b)):
            out.append(line("-", a, Theme.removed))
            out.append(line("+", b, Theme.added))
            if let x = Double(a), let y = Double(b) {
                let difference = y - x
                let text = difference == difference.rounded() && abs(difference) < 1e15
                    ? String(Int(difference.magnitude)) : String(difference.magnitude)
                out.append(StyledLine(pad + "  (" + (difference >= 0 ? "+" : g.minus) + text + ")", Theme.dim))
            }
        default:
            let oldLines = old.lines.flatMap { g.lines($0) }
            let newLines = new.lines.flatMap { g.lines($0) }
            if oldLines.count <= 1 && newLines.count <= 1 {
                out += wordDiff(oldLines.first ?? "", newLines.first ?? "", pad: pad)
            } else {
                for part in Diff.parts(oldLines, newLines) {
                    switch part {
                    case .same(let text): out.append(StyledLine(pad + "  " + text))
                    case .removed(let text): out.append(line("-", text, Theme.removed))
                    case .added(let text): out.append(line("+", text, Theme.added))
                    }
                }
            }
        }
        return out
    }

    /// `- old` and `+ new`, with the words that changed shown in reverse (readable without colour).
    static func wordDiff(_ old: String, _ new: String, pad: String) -> [StyledLine] {
        var removed = StyledLine(pad + "- ", Theme.removed)
        var added = StyledLine(pad + "+ ", Theme.added)
        for part in Diff.parts(Diff.words(old), Diff.words(new)) {
            switch part {
            case .same(let text):
                removed.add(text, Theme.removed)
                added.add(text, Theme.added)
            case .removed(let text): removed.add(text, Theme.removedWord)
            case .added(let text): added.add(text, Theme.addedWord)
            }
        }
        return [removed, added]
    }
}
