import AuditBrowser
import AuditStore

enum AccessFormat: String, CaseIterable {
    case text, csv, json
}

/// `auditlog access [--customer X | --subscription X | --admin X | --user LOGIN] [--since T] [--until T]`: who
/// looked at what (the shared server's access records), newest first. Reviewers only.
enum AccessCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "access", operands: "",
        summary: """
            Lists who looked at the audit trail on the shared server, newest first: every view opened (with its
            filters and search words), record expanded, state, show, export, report, review, reveal and notes
            list an agent or reviewer made, as the ingester stored it. Each says who (the login of the file's
            owner, set by the kernel), when, what (the scope: overall, or a customer, subscription or billing
            admin; the filters as typed; the records shown or written, where known; the file written; the
            record; the reason given). --customer X lists the looks at that customer: its log, its records
            expanded or revealed, its state, its exports. Reviewers only.
              text  a look a line: time, user, action, scope, then what else it says; none: nothing, and
                    "No recorded looks" on stderr
              csv   id, time, user, action, scope, scope_id, filters, words, count, file, record, reason
                    (the header alone when there are none)
              json  an array of looks ([] when there are none)
            """,
        groups: [(nil, [Option.customer, Option.subscription, Option.admin, Option.user, Option.since, Option.until,
                        Option.format, Common.output, Common.utc, Common.db])],
        notes: "Exit status 1 when the store cannot be read or the name matches no entity, 2 for a usage error "
            + "(and for an agent: the access records are for reviewers).")

    enum Option {
        static let customer = OptionSpec("--customer", value: "X", "the looks at this customer (id, e-mail or name)")
        static let subscription = OptionSpec("--subscription", value: "X", "the looks at this subscription")
        static let admin = OptionSpec("--admin", value: "X", "the looks at this billing admin's records")
        static let user = OptionSpec("--user", value: "LOGIN", "the looks this person made")
        static let since = OptionSpec("--since", value: "TIME", "looks from this time (a date, 2025-06-01T10:00, 7d, today)")
        static let until = OptionSpec("--until", value: "TIME", "looks before this time")
        static let format = OptionSpec("--format", value: "F", choices: AccessFormat.allCases.map(\.rawValue), "the output format")
    }

    static func run(_ words: [String]) throws {
        try run(words, role: Role.ofThisProcess)
    }

    /// The command as a person of this role runs it: an agent is refused before the store is read.
    static func run(_ words: [String], role: Role) throws {
        let arguments = try Arguments(words, spec: spec)
        if let extra = arguments.positional.first {
            throw CommandError.usage("unexpected argument \"\(Sanitizer.line(extra))\" (see `auditlog access --help`)")
        }
        guard role == .reviewer else {
            throw CommandError.usage("access records are for reviewers: your role is \(role.rawValue)")
        }
        let clock = Clock.system(utc: arguments.has(Common.utc))
        var format = AccessFormat.text
        if let name = arguments.value(Option.format) {
            guard let chosen = AccessFormat(rawValue: name) else { throw CommandError.usage("--format takes text, csv or json, not \"\(name)\"") }
            format = chosen
        } else if let chosen = arguments.value(Common.output).flatMap(ViewExportFormat.fileExtension).flatMap(AccessFormat.init(rawValue:)) {
            format = chosen
        }
        let named = [(Option.customer, EntityKind.customer), (Option.subscription, .subscription), (Option.admin, .admin)]
            .compactMap { option, kind in arguments.value(option).map { (option, kind, $0) } }
        guard named.count <= 1 else {
            throw CommandError.usage(named.map(\.0.name).joined(separator: " and ") + ": one scope at a time")
        }
        var filter = AccessFilter()
        filter.user = arguments.value(Option.user)
        filter.since = try time(arguments.value(Option.since), .since, clock: clock)
        filter.until = try time(arguments.value(Option.until), .until, clock: clock)
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        if let (_, kind, text) = named.first {
            // By id: a look is recorded with the entity's id however it was named; a name no longer known is
            // taken as the id itself (the looks outlive the directory).
            var id = text
            if case .one(let entity)? = try? store.match(kind, text) { id = entity.id }
            filter.scope = AccessScope(kind: kind.rawValue, id: id)
        }
        let looks = try store.accessRecords(filter)
        let output = try Output(path: arguments.value(Common.output))
        switch format {
        case .text:
            for look in looks { output.line(line(look, clock: clock)) }
            // Said beside the output, not in it: a script reading the lines still gets none.
            if looks.isEmpty { Console.note("No recorded looks (they are recorded on the shared server)") }
        case .csv:
            output.line(AccessEncoding.csvHeader)
            for look in looks { output.line(AccessEncoding.csv(look)) }
        case .json:
            output.line("[" + looks.map { "\n" + AccessEncoding.json($0) }.joined(separator: ",") + (looks.isEmpty ? "]" : "\n]"))
        }
        try output.close()
    }

    /// `since`/`until` as the filter language reads them (`--since 7d`, a date, a moment); a time it cannot read is
    /// the one line the other commands' filters give (`since: cannot read "x" as a time (use …)`).
    static func time(_ text: String?, _ filter: QueryText.Filter, clock: Clock) throws -> Timestamp? {
        guard let text else { return nil }
        var query = RecordQuery()
        do {
            try QueryText.apply(filter, value: text, to: &query, clock: clock)
        } catch let error as QueryText.Error {
            throw CommandError.usage(error.description)
        }
        return filter == .since ? query.since : query.until
    }

    /// `2025-06-30 10:12:03  ana  view  customer cus_1  filters "level:warning"  12 records  → /home/ana/x.csv`.
    static func line(_ look: AccessRecord, clock: Clock) -> String {
        let event = look.event
        var parts = [clock.localText(event.time), Sanitizer.line(look.user), event.action.rawValue,
                     Sanitizer.line(event.scope.description)]
        if !event.filters.isEmpty { parts.append("filters " + Sanitizer.line(event.filters)) }
        if let count = event.count { parts.append("\(NumberText.grouped(count)) record\(count == 1 ? "" : "s")") }
        if let record = event.record { parts.append("record " + Sanitizer.line(record)) }
        if let file = event.file { parts.append("file " + Sanitizer.line(file)) }
        if let reason = event.reason { parts.append("reason: " + Sanitizer.line(reason)) }
        return parts.joined(separator: "  ")
    }
}
