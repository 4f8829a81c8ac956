import CSQLite

/// An agent's search looks only at what the agent sees (issue 22: no oracle letter by letter). A search
/// word is first narrowed by the trigram index as for anyone; the check of the word itself then runs on
/// the record as masked (`PersonalData.record`) instead of the stored text, through the SQL function
/// `auditlog_agent_sees(message, context, field, entity, word)` this file registers on an agent's
/// connections. So `jane` finds nothing where the screen shows `j•••@acme.example`, while a whole value
/// typed exactly (`jane@acme.example`, a customer's e-mail) still finds the records that hold it.
enum MaskedSearch {
    static let functionName = "auditlog_agent_sees"

    /// The condition for one word, in place of the plain `LIKE` on message and context.
    static let condition = "\(functionName)(r.message, r.context, r.field, r.entity, ?) = 1"

    /// Whether an agent's search word matches this record: inside its masked message or context (any
    /// case), or an e-mail or other personal value of it typed whole.
    static func sees(message: String, contextJSON: String, field: String?, entity: String?, word: String) -> Bool {
        let lowerWord = word.lowercased()
        guard !lowerWord.isEmpty else { return true }
        var record = AuditRecord(id: 0, time: Timestamp(microseconds: 0), channel: "", level: 0, levelName: "",
                                 message: message, contextJSON: contextJSON, extraJSON: "{}")
        if let field { record.change = FieldChange(field: field, old: nil, new: nil, entity: entity) }
        let masked = PersonalData.record(record)
        if masked.message.lowercased().contains(lowerWord)
            || masked.contextJSON.lowercased().contains(RecordSQL.jsonEscaped(word).lowercased()) { return true }
        // A whole value typed exactly: a string of the context equal to the word (a PHP-quoted one unquoted),
        // or an e-mail inside one.
        var whole = false
        ((try? JSONParser.parse(contextJSON)) ?? .object([])).forEachLeaf { leaf in
            guard !whole else { return }
            let text = PHPValue.unquote(leaf.trimmingSpaces) ?? leaf
            if text.lowercased() == lowerWord { whole = true; return }
            if word.contains("@"), text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" })
                .contains(where: { $0 == lowerWord[...] }) { whole = true }
        }
        return whole
    }

    /// Registers the function on an agent's connection.
    static func register(on db: Connection) throws {
        let rc = sqlite3_create_function_v2(db.handle, functionName, 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, arguments in
                guard let arguments, count == 5 else { sqlite3_result_int(context, 0); return }
                func text(_ index: Int) -> String? {
                    guard let value = arguments[index], sqlite3_value_type(value) != SQLITE_NULL,
                          let bytes = sqlite3_value_text(value) else { return nil }
                    return String(cString: bytes)
                }
                let sees = MaskedSearch.sees(message: text(0) ?? "", contextJSON: text(1) ?? "{}", field: text(2),
                                             entity: text(3), word: text(4) ?? "")
                sqlite3_result_int(context, sees ? 1 : 0)
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw StoreError("cannot prepare an agent's search (SQLite code \(rc))") }
    }
}
