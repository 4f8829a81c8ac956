/// A look as a drop file holds it (`{"kind":"access",…}`: the drop directory's envelope) and as `auditlog
/// access` writes it (JSON and CSV). The drop file never names a user: its owner does.
public enum AccessEncoding {
    /// The drop file's JSON object.
    public static func dropFile(_ event: AccessEvent) -> String {
        "{\"kind\":\"access\"," + body(event) + "}"
    }

    /// `"action":…` to `"reason":…`, every key, in one order.
    static func body(_ event: AccessEvent) -> String {
        var out = "\"action\":\"\(event.action.rawValue)\",\"time_us\":\(event.time.microseconds),\"scope\":\"\(event.scope.kind)\",\"scope_id\":"
        string(event.scope.id, &out)
        out += ",\"filters\":"
        JSONValue.writeString(event.filters, to: &out)
        out += ",\"words\":[" + event.words.map { word in
            var text = ""
            JSONValue.writeString(word, to: &text)
            return text
        }.joined(separator: ",") + "],\"count\":" + (event.count.map(String.init) ?? "null") + ",\"file\":"
        string(event.file, &out)
        out += ",\"record\":"
        string(event.record, &out)
        out += ",\"reason\":"
        string(event.reason, &out)
        return out
    }

    private static func string(_ value: String?, _ out: inout String) {
        if let value { JSONValue.writeString(value, to: &out) } else { out += "null" }
    }

    /// The longest text a look's field may hold (a filter, a path, a reason): longer is refused, not cut.
    public static let maximumText = 4_096

    /// A drop file's object read back, or why it is refused (the ingester counts and logs it).
    public static func event(from value: JSONValue) throws -> AccessEvent {
        func text(_ key: String, optional: Bool) throws -> String? {
            switch value[key] {
            case .string(let text)?:
                guard text.utf8.count <= maximumText else { throw StoreError("access record: \(key) longer than \(maximumText) bytes") }
                return text
            case .null?, nil:
                guard optional else { throw StoreError("access record: no \(key)") }
                return nil
            default: throw StoreError("access record: \(key) is not a string")
            }
        }
        guard value["kind"]?.scalarText == "access" else { throw StoreError("not an access record (kind is not \"access\")") }
        guard let actionText = try text("action", optional: false), let action = AccessAction(rawValue: actionText) else {
            throw StoreError("access record: unknown action")
        }
        guard case .number(let timeText)? = value["time_us"], let time = Int64(timeText) else {
            throw StoreError("access record: time_us is not a whole number")
        }
        guard let scope = AccessScope(kind: try text("scope", optional: false) ?? "", id: try text("scope_id", optional: true)) else {
            throw StoreError("access record: unknown scope, or an entity's scope without its id")
        }
        var words: [String] = []
        switch value["words"] {
        case .array(let items)?:
            for item in items {
                guard case .string(let word) = item, word.utf8.count <= maximumText else { throw StoreError("access record: a word is not text") }
                words.append(word)
            }
        case nil, .null?: break
        default: throw StoreError("access record: words is not a list")
        }
        var count: Int?
        switch value["count"] {
        case .number(let number)?:
            guard let parsed = Int(number), parsed >= 0 else { throw StoreError("access record: count is not a count") }
            count = parsed
        case nil, .null?: break
        default: throw StoreError("access record: count is not a number")
        }
        return AccessEvent(action: action, time: Timestamp(microseconds: time), scope: scope,
                           filters: try text("filters", optional: true) ?? "", words: words, count: count,
                           file: try text("file", optional: true), record: try text("record", optional: true),
                           reason: try text("reason", optional: true))
    }

    /// A stored look for scripts: `{"id":…,"user":…,"time":"RFC 3339",…}`.
    public static func json(_ record: AccessRecord) -> String {
        var out = "{\"id\":\(record.id),\"user\":"
        JSONValue.writeString(record.user, to: &out)
        out += ",\"time\":\"\(record.event.time.rfc3339)\"," + body(record.event) + "}"
        return out
    }

    public static let csvHeader = "id,time,user,action,scope,scope_id,filters,words,count,file,record,reason"

    public static func csv(_ record: AccessRecord) -> String {
        let event = record.event
        return [String(record.id), event.time.rfc3339, CSV.field(record.user), event.action.rawValue, event.scope.kind,
                CSV.field(event.scope.id ?? ""), CSV.field(event.filters), CSV.field(event.words.joined(separator: " ")),
                event.count.map(String.init) ?? "", CSV.field(event.file ?? ""), CSV.field(event.record ?? ""),
                CSV.field(event.reason ?? "")].joined(separator: ",")
    }
}
