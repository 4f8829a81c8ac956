/// A customer's e-mails as its `billingEmail` changes tell them, kept at import beside the record counts:
/// BillaBear's logs carry no directory, so without this a customer is an id in the picker. `customers.log_email`
/// is the newest (the change latest in time, whatever order the logs came in: equal times take the greater
/// address), and `customer_emails` holds every address a change named, old or new, for the picker's filter.
/// The directory's `email` (`import --customers`) stays as loaded; pickers and labels show the logs' newest first.
struct CustomerEmails {
    /// The newest address per customer seen since the last flush.
    private var newest: [String: (time: Int64, email: String)] = [:]
    /// Every (customer, address) seen since the last flush.
    private var seen: Set<[String]> = []

    /// The address a stored change value holds: `'a@b.example'` (PHP-quoted) → `a@b.example`.
    static func address(_ value: String?) -> String? {
        guard let value, case .string(let text) = PHPValue.parse(value) else { return nil }
        let trimmed = text.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Notes a stored record: a customer's `billingEmail` change.
    mutating func note(customer: String?, change: FieldChange?, time: Int64) {
        guard let customer, let change, change.field == "billingEmail" else { return }
        for value in [change.old, change.new] {
            if let address = Self.address(value) { seen.insert([customer, address]) }
        }
        guard let address = Self.address(change.new) else { return }
        if let known = newest[customer], (known.time, known.email) >= (time, address) { return }
        newest[customer] = (time, address)
    }

    /// Writes what was noted; call before every commit.
    mutating func flush(_ db: Connection) throws {
        for pair in seen {
            try db.prepared("INSERT OR IGNORE INTO customer_emails(customer_id, email) VALUES (?1, ?2)")
                .run([.text(pair[0]), .text(pair[1])])
        }
        for (customer, latest) in newest {
            try Self.offer(db, customer: customer, email: latest.email, time: latest.time)
        }
        discard()
    }

    /// Forgets what was noted since the last flush (after a rollback).
    mutating func discard() {
        newest.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
    }

    /// The customer's newest address becomes `email` unless a change as late or later named another.
    private static func offer(_ db: Connection, customer: String, email: String, time: Int64) throws {
        try db.prepared("""
            INSERT INTO customers(id, log_email, log_email_us) VALUES (?1, ?2, ?3)
            ON CONFLICT(id) DO UPDATE SET log_email = ?2, log_email_us = ?3
            WHERE log_email_us IS NULL OR (log_email_us, log_email) < (?3, ?2)
            """).run([.text(customer), .text(email), .int(time)])
    }

    /// The upgrade to the schema that keeps them: the columns, then every `billingEmail` change stored so far.
    static func backfill(_ db: Connection) throws {
        for (column, type) in [("log_email", "TEXT"), ("log_email_us", "INTEGER")]
        where try db.scalarInt("SELECT count(*) FROM pragma_table_info('customers') WHERE name = ?1", [.text(column)]) == 0 {
            try db.execute("ALTER TABLE customers ADD COLUMN \(column) \(type)")
        }
        var emails = CustomerEmails()
        let statement = try db.prepared("""
            SELECT customer_id, old_value, new_value, time_us FROM records
            WHERE field = 'billingEmail' AND customer_id IS NOT NULL
            """)
        while try statement.step() {
            emails.note(customer: statement.text("customer_id"),
                        change: FieldChange(field: "billingEmail", old: statement.textOrNil("old_value"),
                                            new: statement.textOrNil("new_value")),
                        time: statement.int64("time_us"))
        }
        try emails.flush(db)
    }
}
