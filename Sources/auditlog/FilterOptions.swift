import AuditStore

/// The filter flags every command takes, read into one `RecordQuery` by the same parser as the
/// browser's filter prompt.
enum FilterOptions {
    /// The filters every command takes (the same words as the browser's prompt).
    static let options: [OptionSpec] = [
        OptionSpec("--customer", value: "NAME", "a customer's records, with its subscriptions' changes: its email (current\n"
            + "or earlier), name, id or a unique id prefix, any case"),
        OptionSpec("--subscription", value: "ID", "a subscription's records (id or a unique id prefix)"),
        OptionSpec("--admin", value: "NAME", "what one billing admin did: email, short name (before @) or id\n"
            + "(a name that matches nothing, or several, is an error: exit 1)"),
        OptionSpec("--request", value: "UID", "the records of one request"),
        OptionSpec("--since", value: "T", "from T: 2025-03-01, 2025-03-01T10:30, 90m, 24h, 7d (7 x 24 hours), 2w,\n"
            + "today, yesterday (local time)"),
        OptionSpec("--until", value: "T", "up to T (--until DATE includes that whole day)"),
        OptionSpec("--search", value: "TEXT", "text in the message or a context value (repeatable: all must match)"),
        OptionSpec("--level", value: "NAME", "this level and above: debug info notice warning error critical"),
        OptionSpec("--channel", value: "NAME", "controller or audit"),
        OptionSpec("--field", value: "NAME", "one field's changes, its history: billingEmail, or with its entity\n"
            + "Customer.billingEmail, Subscription.plan"),
        OptionSpec("--query", value: "'TEXT'", "the same as one text: \"customer:ID since:7d level:warning refund\""),
    ]

    static let group: (heading: String?, options: [OptionSpec]) = ("Filters:", options)

    static func query(from arguments: Arguments, clock: Clock) throws -> RecordQuery {
        var query = RecordQuery()
        do {
            if let text = arguments.value("--query") { query = try QueryText.parse(text, clock: clock) }
            for option in options.map(\.name) where option != "--query" {
                for value in arguments.values[option] ?? [] {
                    try QueryText.apply(key: String(option.dropFirst(2)), value: value, to: &query, clock: clock)
                }
            }
        } catch let error as QueryText.Error {
            throw CommandError.usage(error.description)
        }
        return query
    }

    /// Replaces each entity name with the id of the one entity it means. A name that means none (or
    /// several) is an error naming it, before anything is written.
    static func resolveNames(_ query: inout RecordQuery, in store: AuditStore) throws {
        func resolve(_ kind: EntityKind, _ text: String?) throws -> String? {
            guard let text else { return nil }
            let match = try store.match(kind, text)
            if case .one(let entity) = match { return entity.id }
            throw CommandError.failure(match.problem(kind, text) ?? "")
        }
        query.customer = try resolve(.customer, query.customer)
        query.subscription = try resolve(.subscription, query.subscription)
        query.admin = try resolve(.admin, query.admin)
    }
}
