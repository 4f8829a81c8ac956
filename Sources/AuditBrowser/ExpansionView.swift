import AuditStore

/// What an expanded record shows under its row: the context, who did it, the request it was part of,
/// and for a data change a diff of the old and new values.
enum ExpansionView {
    static let indent = "    "
    /// A value longer than this many lines is cut, with a note: the export has it whole.
    static let maximumValueLines = 200

    static func lines(for record: AuditRecord, width: Int, raw: Bool, request: [AuditRecord]?, clock: Clock)
        -> [StyledLine] {
        let inner = max(10, width - indent.count)
        var out: [StyledLine] = []
        func section(_ title: String, _ rest: String = "", _ style: Style = .plain) {
            out.append(StyledLine(indent + title, Theme.label).adding(rest.isEmpty ? "" : "  " + rest, style))
        }

        let when = clock.localText(record.time) + " " + clock.zoneName(record.time)
        section("When", when + " · " + record.time.rfc3339 + " · " + Sanitizer.line(record.levelName) + " · "
            + Sanitizer.line(record.channel))

        // Context
        let context = record.context
        let skipped: Set<String> = record.change == nil ? [] : ["field", "old_value", "new_value"]
        var contextLines: [StyledLine] = []
        if case .object(let members) = context {
            let keyWidth = min(24, members.map { TextWidth.of(Sanitizer.line($0.0)) }.max() ?? 0)
            for (key, value) in members where !skipped.contains(key) {
                contextLines += valueLines(key: key, value: value, keyWidth: keyWidth, depth: 0, width: inner - 2)
            }
        } else {
            contextLines += valueLines(key: "", value: context, keyWidth: 0, depth: 0, width: inner - 2)
        }
        section("Context", contextLines.isEmpty ? "(empty)" : "", Theme.dim)
        out += contextLines.map { StyledLine(indent + "  ").adding($0) }

        // Billing admin
        if let admin = record.adminID {
            let name = record.adminName.map { Sanitizer.line($0) + "  " } ?? ""
            section("Billing admin", name + "(" + Sanitizer.line(admin) + ")")
        } else {
            section("Billing admin", "Not done by a billing admin", Theme.dim)
        }

        // Request
        if let uid = record.requestUID {
            let others = request ?? []
            let summary = request == nil ? "loading…" : "\(others.count) record\(others.count == 1 ? "" : "s") in this request"
            section("Request", Sanitizer.line(uid) + " · " + summary)
            for sibling in others.prefix(12) {
                let mark = sibling.id == record.id ? "▸ " : "  "
                var line = StyledLine(indent + "  " + mark + String(clock.localText(sibling.time).suffix(8)) + " ",
                                      Theme.dim)
                line.add(String(RecordLine.marker(level: sibling.level)) + " ", Theme.level(sibling.level))
                line.add(Sanitizer.line(sibling.message) + (sibling.change.map { " · " + Sanitizer.line($0.field) } ?? ""))
                out.append(line)
            }
            if others.count > 12 { out.append(StyledLine(indent + "    … \(others.count - 12) more", Theme.dim)) }
        }

        // Change
        if let change = record.change {
            out += changeLines(change, raw: raw, width: inner, clock: clock)
        }
        return out.flatMap { $0.wrapped(width: width, indent: indent + "    ") }
    }

    // MARK: Context values

    private static func valueLines(key: String, value: JSONValue, keyWidth: Int, depth: Int, width: Int)
        -> [StyledLine] {
        let pad = String(repeating: "  ", count: depth)
        let keyText = key.isEmpty ? "" : TextWidth.pad(Sanitizer.line(key), to: max(keyWidth, 1)) + "  "
        if depth >= 12 {
            return [StyledLine(pad + keyText, Theme.key).adding("… (nested deeper)", Theme.dim)]
        }
        switch value {
        case .object(let members) where !members.isEmpty:
            let inner = min(24, members.map { TextWidth.of(Sanitizer.line($0.0)) }.max() ?? 0)
            var lines = [StyledLine(pad + Sanitizer.line(key), Theme.key)]
            for (childKey, child) in members.prefix(200) {
                lines += valueLines(key: childKey, value: child, keyWidth: inner, depth: depth + 1, width: width)
            }
            if members.count > 200 { lines.append(StyledLine(pad + "  … \(members.count - 200) more keys", Theme.dim)) }
            return lines
        case .array(let items) where !items.isEmpty:
            var lines = [StyledLine(pad + Sanitizer.line(key), Theme.key)]
            for (index, item) in items.prefix(200).enumerated() {
                lines += valueLines(key: String(index), value: item, keyWidth: 2, depth: depth + 1, width: width)
            }
            if items.count > 200 { lines.append(StyledLine(pad + "  … \(items.count - 200) more items", Theme.dim)) }
            return lines
        default:
            let text: String
            switch value {
            case .object: text = "{}"
            case .array: text = "[]"
            case .null: text = "null"
            default: text = value.scalarText ?? ""
            }
            let valueLines = Sanitizer.lines(text)
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
                lines.append(StyledLine(continuation + "… (value cut; `auditlog export` has it whole)", Theme.dim))
            }
            return lines
        }
    }

    // MARK: The change

    static func changeLines(_ change: FieldChange, raw: Bool, width: Int, clock: Clock) -> [StyledLine] {
        let old = PHPValue.parse(change.old ?? "NULL")
        let new = PHPValue.parse(change.new ?? "NULL")
        let kind = old.kindName == new.kindName || old == .null ? new.kindName : old.kindName
        var out = [StyledLine(indent + "Change", Theme.label)
            .adding("  " + Sanitizer.line(change.field), Theme.header)
            .adding(raw ? "  (raw stored text)" : "  (\(kind))", Theme.dim)]
        let pad = indent + "  "
        func line(_ sign: String, _ text: String, _ style: Style) -> StyledLine {
            StyledLine(pad + sign + " ", style).adding(text, style)
        }
        if raw {
            out += Sanitizer.lines(change.old ?? "NULL").map { line("-", $0, Theme.removed) }
            out += Sanitizer.lines(change.new ?? "NULL").map { line("+", $0, Theme.added) }
            return out
        }
        if (change.old ?? "NULL") == (change.new ?? "NULL") {
            out.append(StyledLine(pad + "= ").adding(Sanitizer.line(old.lines.joined(separator: " ")))
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
                ? "\(whole >= 0 ? "+" : "−")\(abs(whole)) day\(abs(whole) == 1 ? "" : "s")"
                : "\(b > a ? "+" : "−")\(abs(b.seconds - a.seconds) / 3600) hours"
            out.append(StyledLine(pad + "  (" + delta + ")", Theme.dim))
        case (.number(let a), .number(let b)):
            out.append(line("-", a, Theme.removed))
            out.append(line("+", b, Theme.added))
            if let x = Double(a), let y = Double(b) {
                let difference = y - x
                let text = difference == difference.rounded() && abs(difference) < 1e15
                    ? String(Int(difference.magnitude)) : String(difference.magnitude)
                out.append(StyledLine(pad + "  (" + (difference >= 0 ? "+" : "−") + text + ")", Theme.dim))
            }
        default:
            let oldLines = old.lines.flatMap { Sanitizer.lines($0) }
            let newLines = new.lines.flatMap { Sanitizer.lines($0) }
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
