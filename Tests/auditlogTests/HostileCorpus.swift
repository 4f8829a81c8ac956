import Foundation

/// Text customers and attackers could have typed, each followed by a marker (`Q01`…) so a test can
/// find where it was shown. Every item goes into every field a screen or an export shows.
enum HostileCorpus {
    static let items: [(name: String, text: String)] = [
        ("CSI colour", "\u{1B}[38;5;196mQ01"),
        ("CSI cursor move", "\u{1B}[5;5HQ02"),
        ("CSI erase", "\u{1B}[2JQ03"),
        ("OSC 0 title", "\u{1B}]0;pwnedQ04\u{07}"),
        ("OSC 2 title", "\u{1B}]2;pwnedQ05\u{1B}\\"),
        ("OSC 8 link", "\u{1B}]8;;http://evil.example/\u{1B}\\Q06\u{1B}]8;;\u{1B}\\"),
        ("OSC 52 clipboard", "\u{1B}]52;c;cm0gLXJmIH4=\u{07}Q07"),
        ("DCS", "\u{1B}P1$r0mQ08\u{1B}\\"),
        ("C0, BEL, CR, BS", "a\u{07}\u{08}\r\u{00}\u{1F}Q09"),
        ("DEL and TAB", "\u{7F}\tQ10"),
        ("C1 CSI, OSC, ST", "\u{9B}31mQ11\u{9D}0;t\u{9C}"),
        ("bidi overrides", "\u{202E}Q12\u{202A}\u{202B}\u{202C}\u{202D}"),
        ("bidi isolates", "\u{2066}\u{2067}\u{2068}Q13\u{2069}"),
        ("zero width", "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}Q14"),
        ("combining marks", "e\u{0301}\u{0302}\u{0303}\u{0304}Q15"),
        ("device status report", "\u{1B}[6nQ16"),
        ("title report", "\u{1B}[21tQ17"),
        ("line break", "one\ntwo\r\nQ18"),
    ]

    static func marker(_ index: Int) -> String { String(format: "Q%02d", index + 1) }

    /// The byte sequences that must never reach a terminal raw: each item's control sequence with its
    /// marker (ncurses never writes those), plus the introducers of OSC, DCS, APC, PM and SOS.
    static var forbidden: [[UInt8]] {
        var list = items.map { item -> [UInt8] in
            let text = item.text
            guard let range = text.range(of: "Q") else { return Array(text.utf8) }
            return Array(text[..<range.upperBound].utf8)
        }.filter { $0.contains { $0 < 0x20 || $0 == 0x7F } }
        list += ["\u{1B}]", "\u{1B}P", "\u{1B}_", "\u{1B}^", "\u{1B}X", "\u{07}"].map { Array($0.utf8) }
        return list
    }

    static func json(_ value: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    /// Monolog JSON lines: for each item a plain record (message, context key and value, customer id)
    /// and a field change (old and new value) by an admin whose id holds it; then a 1 MB value and a
    /// 1 000-level nested context.
    static func monologJSONLines() -> String {
        var lines: [String] = []
        var second = 0
        func line(message: String, context: Any, extra: Any, level: Int = 200) -> String {
            second += 1
            let time = String(format: "2025-02-01T08:%02d:%02d.000000+00:00", second / 60, second % 60)
            return "{\"message\":\(json(message)),\"context\":\(json(context)),\"level\":\(level),"
                + "\"level_name\":\"\(level >= 400 ? "ERROR" : "INFO")\",\"channel\":\"audit\","
                + "\"datetime\":\"\(time)\",\"extra\":\(json(extra))}"
        }
        for (index, item) in items.enumerated() {
            lines.append(line(message: "M \(item.text)",
                              context: ["customer_id": "cus-\(index)-" + item.text, "note " + item.text: item.text],
                              extra: ["uid": "req\(index)", "billing_admin_id": "adm-\(index)"], level: index % 2 == 0 ? 200 : 400))
            lines.append(line(message: "A field on the Customer entity has been updated",
                              context: ["customer_id": "cus-\(index)-" + item.text, "field": "name " + item.text,
                                        "old_value": "'old " + item.text + "'", "new_value": "'new " + item.text + "'"],
                              extra: ["uid": "req\(index)", "billing_admin_id": "adm-\(index)"]))
        }
        lines.append(line(message: "Huge value", context: ["customer_id": "cus-huge",
                                                            "blob": String(repeating: "\u{1B}[31mX", count: 180_000)],
                          extra: [:]))
        var nested = "{\"deep\":\"bottom \\u001b[2J\"}"
        for _ in 0..<1_000 { nested = "{\"deep\":" + nested + "}" }
        second += 1
        lines.append("{\"message\":\"Deep context\",\"context\":\(nested),\"level\":200,\"level_name\":\"INFO\","
            + "\"channel\":\"audit\",\"datetime\":\"2025-02-01T09:00:00.000000+00:00\",\"extra\":{}}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A database holding the corpus: imported through the real path, then admin and customer names
    /// and one message of invalid UTF-8 written straight into it.
    static func database() throws -> String {
        let dir = Binary.temporaryDirectory()
        let source = dir + "/hostile.ndjson"
        try monologJSONLines().write(toFile: source, atomically: true, encoding: .utf8)
        let db = dir + "/hostile.db"
        let run = try Binary.run(["import", "--db", db, source])
        precondition(run.status == 0, run.stderr)
        var sql = ""
        for (index, item) in items.enumerated() {
            let quoted = "CAST(X'" + item.text.utf8.map { String(format: "%02X", $0) }.joined() + "' AS TEXT)"
            sql += "UPDATE admins SET email = \(quoted), name = \(quoted) WHERE id = 'adm-\(index)';"
            sql += "UPDATE customers SET name = \(quoted) WHERE id LIKE 'cus-\(index)-%';"
        }
        sql += "UPDATE records SET message = CAST(X'48FFFE80C0AFF4908080EDA0805131390A' AS TEXT) WHERE message = 'Huge value';"
        try Binary.sql(db, sql)
        return db
    }
}
