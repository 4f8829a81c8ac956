import AuditBrowser
import AuditStore

enum BrowseCommand {
    static let help = """
        Usage: auditlog [browse] [--db PATH] [--utc] [--mouse] [FILTERS]

        Opens the full-screen browser: Overall, Customers, Subscriptions and Billing Admins. The database
        is opened read-only. --customer, --subscription and --admin open straight into that log. When
        standard output is not a terminal, prints the selected records as text lines instead.

        \(FilterOptions.help)
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, valued: FilterOptions.valued.union(["--db"]),
                                      switches: ["--utc", "--mouse"], command: "browse")
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(extra)\" (see `auditlog browse --help`)")
        }
        let clock = Clock.system(utc: arguments.has("--utc"))
        let query = try FilterOptions.query(from: arguments, clock: clock)
        let store = try AuditStore(path: Environment.databasePath(arguments.value("--db")), mode: .readOnly)
        let output = try Output(path: nil)
        try ExportCommand.write(store: store, query: query, format: .text, oldestFirst: false, clock: clock, to: output)
        try output.close()
    }
}
