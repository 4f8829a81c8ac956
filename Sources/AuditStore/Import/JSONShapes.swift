/// What one JSON value of a source holds, decided per value (a file may hold several shapes):
/// - a Monolog record (JsonFormatter: `datetime`, `channel`, `level`, `level_name`, `message`, `context`, `extra`);
/// - an Elasticsearch hit (`_source` holds the record), a `_search` response or scroll page (`hits.hits`),
///   a `_bulk` action (`{"index":{…}}`: the value after it is the record) or update (`{"doc":{record}}`);
/// - a shipper's document: Monolog's LogstashFormatter (`@timestamp`, `level` by name, `monolog_level`,
///   `channel`, and Monolog 1's `ctxt_`-prefixed context keys, also under `@fields`) or the Elastic Common
///   Schema (`@timestamp`, `log.level`, `log.logger`, `message`). IMPORTING.md lists the mapping.
/// - a JSON array of any of these.
enum JSONShapes {
    enum Content {
        case records([AuditRecord], SourceFormat)
        /// A `_bulk` action line: the next value is its document.
        case bulkAction
    }

    /// The form a record document is in: Monolog's own (`datetime`) or a shipper's (`@timestamp`).
    static func form(of document: JSONValue) -> SourceFormat {
        document["datetime"] == nil && document["@timestamp"] != nil ? .shipper : .monologJSON
    }

    /// Parsing state a source keeps across values: the zone for times without one, and how often it was used.
    struct Reading {
        var zone: ImportZone?
        var zoneAssumed = 0
    }

    static func content(of value: JSONValue, _ reading: inout Reading) throws -> Content {
        switch value {
        case .array(let items):
            var records: [AuditRecord] = []
            var form = SourceFormat.monologJSON
            for (index, item) in items.enumerated() {
                do {
                    if case .records(let found, let itemForm) = try content(of: item, &reading) {
                        records += found
                        if index == 0 { form = itemForm }
                    }
                } catch let error as LineError {
                    throw LineError("item \(index + 1): \(error.reason)")
                }
            }
            return .records(records, form)
        case .object(let members):
            if let hits = value["hits"]?["hits"] {
                guard case .array(let items) = hits else { throw LineError("\"hits.hits\" is not an array") }
                return .records(try items.enumerated().map { index, hit in
                    do { return try record(fromHit: hit, &reading) } catch let error as LineError {
                        throw LineError("hit \(index + 1): \(error.reason)")
                    }
                }, .elasticsearch)
            }
            if value["_source"] != nil { return .records([try record(fromHit: value, &reading)], .elasticsearch) }
            if members.count == 1, ["index", "create", "update", "delete"].contains(members[0].0),
               case .object = members[0].1 {
                return .bulkAction
            }
            if members.count == 1, members[0].0 == "doc", case .object = members[0].1 {
                return .records([try record(from: members[0].1, &reading)], .elasticsearch) // a `_bulk` update
            }
            return .records([try record(from: value, &reading)], form(of: value))
        default:
            throw LineError("a record must be a JSON object")
        }
    }

    static func record(fromHit hit: JSONValue, _ reading: inout Reading) throws -> AuditRecord {
        guard let source = hit["_source"] else { throw LineError("hit has no \"_source\"") }
        return try record(from: source, &reading)
    }

    /// A record from a Monolog, Logstash or ECS document.
    static func record(from value: JSONValue, _ reading: inout Reading) throws -> AuditRecord {
        guard case .object(let members) = value else { throw LineError("a record must be a JSON object") }
        guard case .string(let message)? = value["message"] else { throw LineError("record has no \"message\"") }
        let timeText = value["datetime"]?.stringValue ?? value["@timestamp"]?.stringValue ?? value["timestamp"]?.stringValue
        guard let timeText else { throw LineError("record has no \"datetime\" (nor \"@timestamp\")") }
        guard let (time, assumed) = Timestamp.parseISO(Substring(timeText), zone: reading.zone) else {
            throw LineError("unreadable datetime \(LineError.quote(timeText))")
        }
        if assumed { reading.zoneAssumed += 1 }
        let channel = value["channel"]?.stringValue ?? value["log.logger"]?.stringValue
            ?? value["log"]?["logger"]?.stringValue ?? "app"
        guard !channel.isEmpty else { throw LineError("record has no \"channel\"") }
        var levelName = value["level_name"]?.stringValue
        var level: Int? = nil
        if case .number(let text)? = value["level"], let number = Int(text) { level = number }
        if level == nil, case .number(let text)? = value["monolog_level"], let number = Int(text) { level = number }
        let named = value["level"]?.stringValue ?? value["log.level"]?.stringValue ?? value["log"]?["level"]?.stringValue
            ?? levelName
        if let named, let known = Level(name: named) {
            level = level ?? known.rawValue
            levelName = levelName ?? named.uppercased()
        }
        guard let level else { throw LineError("record has no \"level\"") }
        let context = value["context"] ?? prefixed(members, "ctxt_") ?? value["@fields"].flatMap { fields in
            if case .object(let inner) = fields { return prefixed(inner, "ctxt_") } else { return nil }
        } ?? .object([])
        var extra = value["extra"] ?? .object([])
        if value["extra"] == nil {
            // Monolog 1's Logstash shape puts extra keys at the top without a prefix: BillaBear's two.
            let known = members.filter { $0.0 == "uid" || $0.0 == "billing_admin_id" }
            if !known.isEmpty { extra = .object(known) }
        }
        for (name, part) in [("context", context), ("extra", extra)] {
            switch part {
            case .object, .array: break
            default: throw LineError("\(LineError.quote(name)) must be an object")
            }
        }
        return AuditRecord(time: time, channel: channel, level: level, levelName: levelName, message: message,
                           context: context, extra: extra)
    }

    /// `{"ctxt_customer_id": "c-1", …}` → `{"customer_id": "c-1"}`; nil when no key has the prefix.
    private static func prefixed(_ members: [(String, JSONValue)], _ prefix: String) -> JSONValue? {
        let found = members.filter { $0.0.hasPrefix(prefix) }.map { (String($0.0.dropFirst(prefix.count)), $0.1) }
        return found.isEmpty ? nil : .object(found)
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
