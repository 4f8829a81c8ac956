import AuditStore

/// The filter flags every command takes, read into one `RecordQuery` by the same parser as the
/// browser's filter prompt.
enum FilterOptions {
    /// The filters every command takes: one option per word of the filter language (`--customer` is
    /// `customer:`), described where the language is (`QueryText.Filter`).
    static let byFilter: [(filter: QueryText.Filter, option: OptionSpec)] = QueryText.Filter.allCases.map { filter in
        (filter, OptionSpec("--" + filter.rawValue, value: filter.value, filter.meaning))
    }

    static let queryText = OptionSpec("--query", value: "'TEXT'",
                                      "the same as one text, as the browser's / prompt takes it:\n"
                                          + wrapped(QueryText.summary, width: 72)
                                          + "\n(e.g. \"" + QueryText.examples[1] + "\")")

    /// Words joined into lines of at most `width` characters.
    static func wrapped(_ text: String, width: Int) -> String {
        var lines: [String] = []
        for word in text.split(separator: " ") {
            if let last = lines.last, last.count + 1 + word.count <= width {
                lines[lines.count - 1] += " " + word
            } else {
                lines.append(String(word))
            }
        }
        return lines.joined(separator: "\n")
    }

    static let options: [OptionSpec] = byFilter.map(\.option) + [queryText]

    static let group: (heading: String?, options: [OptionSpec]) = ("Filters:", options)

    static func query(from arguments: Arguments, clock: Clock) throws -> RecordQuery {
        var query = RecordQuery()
        do {
            if let text = arguments.value(queryText) { query = try QueryText.parse(text, clock: clock) }
            for (filter, option) in byFilter {
                for value in arguments.values(option) {
                    try QueryText.apply(filter, value: value, to: &query, clock: clock)
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
