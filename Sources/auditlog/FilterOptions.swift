import AuditStore

/// The filter flags every command takes, read into one `RecordQuery` by the same parser as the
/// browser's filter prompt.
enum FilterOptions {
    static let valued: Set<String> = ["--customer", "--subscription", "--admin", "--since", "--until", "--search",
                                      "--level", "--channel", "--query", "--request"]

    static let help = """
        Filters (all commands):
          --customer NAME         a customer's records, with its subscriptions' changes: its email (current
                                  or earlier), name, id or a unique id prefix, any case
          --subscription ID       a subscription's records (id or a unique id prefix)
          --admin NAME            what one billing admin did: email, short name (before @) or id
                                  (a name that matches nothing, or several, is an error: exit 1)
          --request UID           the records of one request
          --since T, --until T    2025-03-01, 2025-03-01T10:30, 90m, 24h, 7d, 2w, today, yesterday
                                  (local time; --until DATE includes that whole day)
          --search TEXT           text in the message or a context value (repeatable: all must match)
          --level NAME            this level and above: debug info notice warning error critical
          --channel NAME          controller or audit
          --query 'TEXT'          the same as one text: "customer:ID since:7d level:warning refund"
        """

    static func query(from arguments: Arguments, clock: Clock) throws -> RecordQuery {
        var query = RecordQuery()
        do {
            if let text = arguments.value("--query") { query = try QueryText.parse(text, clock: clock) }
            for option in valued where option != "--query" {
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
