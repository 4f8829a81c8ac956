import AuditStore

// Formatting for people, shared by the browser, the commands and the report: the store answers in
// timestamps, buckets and matches, and these say them as a person reads them.

extension Clock {
    /// A date with its time of day, never without it (a log is read by the minute, unlike `ls -l`):
    /// twelve columns without the year, `Feb  1 08:01`; sixteen with it, `2025-02-01 08:01`. The caller
    /// picks one for a whole screen (`isThisYear`), so a column keeps one width.
    public func shortText(_ time: Timestamp, withYear: Bool) -> String {
        let text = localText(time, seconds: false) // 2025-02-01 08:01
        if withYear { return text }
        let date = text.prefix(while: { $0 != " " }).split(separator: "-")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard date.count >= 3, let month = Int(date[date.count - 2]), let day = Int(date[date.count - 1]),
              months.indices.contains(month - 1) else { return text }
        return months[month - 1] + " " + (day < 10 ? " " : "") + String(day) + " " + String(text.suffix(5))
    }

    /// How a bucket is labelled: `2025-03-01 10:00`, `2025-03-01`, `2025-03-01 (week)`, `2025-03`.
    public func bucketLabel(_ start: Timestamp, _ size: BucketSize) -> String {
        let text = localText(start, seconds: false)
        switch size {
        case .hour: return text
        case .day: return String(text.prefix(10))
        case .week: return String(text.prefix(10)) + " (week)"
        case .month: return String(text.prefix(7))
        }
    }
}

extension EntityMatch {
    /// One line for a person: `no customer matches "x" (closest: a, b)` or `"ops" matches 3 billing
    /// admins: …`. Nil for a single match.
    public func problem(_ kind: EntityKind, _ text: String) -> String? {
        func name(_ entity: Entity) -> String {
            let label = entity.label
            return label == entity.id ? entity.id : "\(label) (\(entity.id))"
        }
        switch self {
        case .one:
            return nil
        case .none(let closest):
            let near = closest.isEmpty ? "" : " (closest: " + closest.map { $0.label }.joined(separator: ", ") + ")"
            return "no \(kind.noun) matches \"\(text)\"" + near
        case .several(let entities):
            let shown = entities.prefix(10).map(name).joined(separator: ", ")
            let count = entities.count > 10 ? "more than 10" : String(entities.count)
            return "\"\(text)\" matches \(count) \(kind.pluralNoun): \(shown); name one by its email or id"
        case .tooShort(let entities):
            let shown = entities.prefix(10).map(name).joined(separator: ", ")
            let which = entities.count == 1 ? "one \(kind.noun)'s id starts with it: "
                : (entities.count > 10 ? "more than 10" : String(entities.count)) + " \(kind.pluralNoun)' ids start with it: "
            return "\"\(text)\" is too short for an id prefix (\(AuditStore.shortestIDPrefix) characters or more); "
                + which + shown
        }
    }
}
