import AuditBrowser
import AuditStore

enum StateFormat: String, CaseIterable {
    case text, json, csv
}

/// `auditlog state --customer X [--at TIME]`: the entity's fields as of a moment, each with when it was set
/// and by whom (`AuditStore.state`).
enum StateCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "state", operands: nil,
        summary: """
            Prints a customer's or subscription's fields as of a moment (default: now), from the field changes
            the logs hold: for each field any change mentions, the value in force, when it was set and by whom.
            A field first changed after the moment shows the value that change replaced ("as before the change
            of …"); a field no change mentions is not known and not shown; an enum BillaBear logs by its class
            reads "value not recorded". A customer's state includes the subscriptions linked to it then.
            """,
        groups: [(nil, [
            Option.customer, Option.subscription, Option.at, Option.format, Common.output, Common.utc, Common.db,
        ])],
        notes: "Exit status 1 when the name matches no entity (or several).")

    enum Option {
        static let customer = OptionSpec("--customer", value: "NAME", complete: .names("customer"), "the customer: email (current or earlier), name, id or id prefix (4+ characters)")
        static let subscription = OptionSpec("--subscription", value: "ID", complete: .names("subscription"), "the subscription: id or a unique id prefix (4+ characters)")
        static let at = OptionSpec("--at", value: "TIME", "the moment: 2025-03-01T10:30, 2025-03-01 (the end of that day), 7d, now")
        static let format = OptionSpec("--format", value: "F", choices: StateFormat.allCases.map(\.rawValue), "text (default), json or csv")
    }

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (see `auditlog state --help`)")
        }
        let customer = arguments.value(Option.customer), subscription = arguments.value(Option.subscription)
        guard (customer == nil) != (subscription == nil) else {
            throw CommandError.usage("state needs one of --customer NAME or --subscription ID")
        }
        let kind: EntityKind = customer != nil ? .customer : .subscription
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var at = clock.now
        if let text = arguments.value(Option.at) {
            do {
                // A day (`2025-03-03`, `yesterday`) means all of it: the state at its last microsecond.
                let start = try QueryText.moment(text, key: Option.at.name, clock: clock, endOfDay: false)
                let end = try QueryText.moment(text, key: Option.at.name, clock: clock, endOfDay: true)
                at = end == start ? end : Timestamp(microseconds: end.microseconds - 1)
            } catch let error as QueryText.Error {
                throw CommandError.usage(error.description)
            }
        }
        let format = StateFormat(rawValue: arguments.value(Option.format) ?? "text") ?? .text
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        let name = customer ?? subscription ?? ""
        let match = try store.match(kind, name)
        guard case .one(let entity) = match else { throw CommandError.failure(match.problem(kind, name) ?? "") }
        let state = try store.state(of: kind, entity.id, at: at)
        var labels = [entity.id: entity.label]
        for linked in state.subscriptions {
            if let known = try store.entity(.subscription, linked.id) { labels[linked.id] = known.label }
        }
        try Looks.record(AccessEvent(action: .state, scope: kind == .customer ? .customer(entity.id) : .subscription(entity.id),
                                     filters: "at:" + at.rfc3339, file: arguments.value(Common.output)))
        let output = try Output(path: arguments.value(Common.output))
        switch format {
        case .text: output.write(text(state, labels: labels, clock: clock))
        case .json: output.write(json(state, clock: clock) + "\n")
        case .csv: output.write(csv(state, clock: clock))
        }
        try output.close()
    }

    static func entityName(_ kind: EntityKind) -> String { kind == .customer ? "Customer" : "Subscription" }

    /// One block per entity: a heading, then `field  value  set TIME by ADMIN` lines; a value of several lines
    /// (an array) continues under its first line.
    static func text(_ state: EntityState, labels: [String: String], clock: Clock) -> String {
        var out = "\(entityName(state.kind)) \(Sanitizer.line(labels[state.id] ?? state.id)) as of \(clock.localText(state.at)) "
            + "\(clock.zoneName(state.at))\n"
        func block(_ entity: EntityState) {
            if entity.fields.isEmpty { out += "  (no field changes recorded by then)\n" }
            // Field, value (its first line) and where it came from in columns; a long value keeps its room
            // and pushes the origin along rather than being cut.
            let width = min(28, entity.fields.map { TextWidth.of(Sanitizer.line($0.field)) }.max() ?? 0)
            let valueWidth = min(32, entity.fields.map { TextWidth.of(Sanitizer.line($0.valueLines.first ?? "")) }.max() ?? 0)
            func padded(_ text: String, _ to: Int) -> String {
                text + String(repeating: " ", count: max(0, to - TextWidth.of(text)))
            }
            for field in entity.fields {
                let lines = field.valueLines.map { Sanitizer.line($0) }
                out += "  \(padded(Sanitizer.line(field.field), width))  \(padded(lines.first ?? "", valueWidth))  "
                    + "\(origin(field, clock: clock))\n"
                for more in lines.dropFirst() { out += "  " + String(repeating: " ", count: width) + "  " + more + "\n" }
            }
        }
        block(state)
        for subscription in state.subscriptions {
            let plan = labels[subscription.id].map { $0 == subscription.id ? "" : " (\(Sanitizer.line($0)))" } ?? ""
            out += "\nSubscription \(Sanitizer.line(subscription.id))\(plan)\n"
            block(subscription)
        }
        return out
    }

    static func origin(_ field: FieldState, clock: Clock) -> String {
        switch field.origin {
        case .set(_, let time, let admin, let name):
            return "set \(clock.localText(time)) by " + Sanitizer.line(name ?? admin ?? "no billing admin")
        case .before(_, let time):
            return "as before the change of \(clock.localText(time))"
        }
    }

    static func fieldJSON(_ field: FieldState, clock: Clock) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("entity", .string(field.entity)), ("entity_id", .string(field.entityID)), ("field", .string(field.field)),
            ("value", field.value.map { .string($0) } ?? .null),
            ("value_lines", .array(field.valueLines.map { .string($0) })),
        ]
        switch field.origin {
        case .set(let id, let time, let admin, let name):
            members += [("set_at", .string(time.rfc3339)), ("record_id", .number(String(id))),
                        ("admin_id", admin.map { .string($0) } ?? .null), ("admin", name.map { .string($0) } ?? .null)]
        case .before(let id, let time):
            members += [("before_change_at", .string(time.rfc3339)), ("record_id", .number(String(id)))]
        }
        return .object(members)
    }

    static func json(_ state: EntityState, clock: Clock) -> String {
        func value(_ entity: EntityState) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("kind", .string(entity.kind.rawValue)), ("id", .string(entity.id)), ("at", .string(entity.at.rfc3339)),
                ("fields", .array(entity.fields.map { fieldJSON($0, clock: clock) })),
            ]
            if entity.kind == .customer { members.append(("subscriptions", .array(entity.subscriptions.map(value)))) }
            return .object(members)
        }
        return value(state).compactText
    }

    static func csv(_ state: EntityState, clock: Clock) -> String {
        func row(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") + "\n" }
        var out = row(["entity", "entity_id", "field", "value", "since", "by", "note"])
        for entity in [state] + state.subscriptions {
            for field in entity.fields {
                let since: String, by: String, note: String
                switch field.origin {
                case .set(_, let time, let admin, let name):
                    (since, by, note) = (time.rfc3339, name ?? admin ?? "", "")
                case .before(_, let time):
                    (since, by, note) = ("", "", "as before the change of \(time.rfc3339)")
                }
                out += row([field.entity, field.entityID, field.field, field.value ?? "", since, by,
                                field.value == nil ? "value not recorded" : note])
            }
        }
        return out
    }
}
