import AuditStore

/// The filter flags every command takes, read into one `RecordQuery` by the same parser as the
/// browser's filter prompt.
enum FilterOptions {
    /// The filters every command takes: one option per word of the filter language (`--customer` is
    /// `customer:`), described where the language is (`QueryText.Filter`).
    static let byFilter: [(filter: QueryText.Filter, option: OptionSpec)] = QueryText.Filter.allCases.map { filter in
        (filter, OptionSpec("--" + filter.rawValue, value: filter.value, complete: completion(filter), filter.meaning))
    }

    /// What a shell offers for a filter's value: names and values from the store, the levels, a few times.
    static func completion(_ filter: QueryText.Filter) -> ValueCompletion {
        switch filter {
        case .customer, .subscription, .admin, .channel, .field: .names(filter.rawValue)
        case .level: .words(Level.allCases.map { $0.name.lowercased() })
        case .since, .until: .words(["today", "yesterday", "1h", "24h", "7d", "2w"])
        case .request, .ref, .search, .note: .none
        case .has: .words(["note"])
        }
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
            try QueryText.check(query, clock: clock)
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

    /// Replaces a channel or field with the one the records spell that way in any case (`billingemail` is
    /// `billingEmail` when no other field differs from it only in case). One no record has is an error with
    /// the closest known, as an unknown name is; a store with no channels or no changes yet checks nothing.
    static func resolveValues(_ query: inout RecordQuery, in store: AuditStore) throws {
        func known(_ text: String, among names: [String], _ noun: String) throws -> String {
            if names.isEmpty || names.contains(text) { return text }
            let sameLetters = names.filter { $0.lowercased() == text.lowercased() }
            if sameLetters.count == 1 { return sameLetters[0] }
            if sameLetters.count > 1 {
                throw CommandError.failure("\"\(text)\" matches \(sameLetters.count) \(noun)s that differ only in case: "
                    + sameLetters.joined(separator: ", ") + "; give one exactly")
            }
            let near = nearestNames(to: text, in: names)
            let shown = near.isEmpty ? "known: " + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
                : "closest: " + near.joined(separator: ", ")
            throw CommandError.failure("no \(noun) matches \"\(text)\" (\(shown))")
        }
        if let channel = query.channel { query.channel = try known(channel, among: try store.channels(), "channel") }
        if let field = query.field {
            // `Customer.billingEmail`: the field after the entity's name.
            let entity = field.split(separator: ".", maxSplits: 1).count == 2 ? field.prefix { $0 != "." } + "." : ""
            query.field = entity + (try known(String(field.dropFirst(entity.count)), among: try store.fieldNames(), "field"))
        }
    }
}
