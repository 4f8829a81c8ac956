import AuditStore

/// The filter flags every command takes, read into one `RecordQuery` by the same parser as the
/// browser's filter prompt.
enum FilterOptions {
    static let valued: Set<String> = ["--customer", "--subscription", "--admin", "--since", "--until", "--search",
                                      "--level", "--channel", "--query", "--request"]

    static let help = """
        Filters (all commands):
          --customer ID|EMAIL     a customer's records, with its subscriptions' changes
          --subscription ID       a subscription's records
          --admin ID|EMAIL        what one billing admin did
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
}
