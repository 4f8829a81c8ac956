/// Customers' personal data as an agent sees it (issue 22): an e-mail as `j•••@acme.example`, a name as its
/// initials, an address as its city, a tax number or a phone as its last 3 characters, payment details not
/// at all. The one place a value is masked: `AuditStore` applies it to everything it answers when its role
/// masks (records, pickers, states, labels, notes' records, review rows), so no output can forget it.
///
/// What is personal: a customer's field changes (`billingEmail`, `name`, `billingAddress` and its parts,
/// `taxNumber`, `phone`, payment details) by the field's name; context values under such names; and any
/// e-mail address anywhere in a record's message or context. Billing admins' e-mails are not masked: they
/// are the agents' colleagues, and who changed what is what the audit log is read for.
public enum PersonalData {
    /// What stands for the hidden characters. An ASCII screen shows it as `***` (`Sanitizer`).
    public static let hidden = "•••"

    /// The kinds of personal value, each with its own rule.
    public enum Kind: Equatable, Sendable {
        case email, name, address, city, addressPart, lastThree, hiddenWhole
    }

    /// The kind of a field of an entity (`Customer.billingEmail`), nil when it is not personal. `name` is
    /// personal only on a customer (a plan's or a product's name is not).
    public static func kind(ofField field: String, entity: String?) -> Kind? {
        let lower = field.lowercased().filter { $0 != "_" && $0 != "-" }
        let onCustomer = entity.map { $0.lowercased() == "customer" } ?? true
        if ["taxnumber", "vatnumber", "taxid", "vatid", "taxcode"].contains(lower) || lower.contains("phone") {
            return .lastThree
        }
        if lower.hasSuffix("id") || lower.hasSuffix("ids") { return nil }
        if lower.contains("email") { return .email }
        for address in ["billingaddress", "shippingaddress", "address"] where lower.hasPrefix(address) {
            if lower == address { return .address }
            if lower.hasPrefix(address + ".") { return lower.hasSuffix(".city") ? .city : .addressPart }
        }
        if ["paymentdetails", "paymentmethod", "paymentcard", "iban", "cardnumber", "bankaccount"].contains(lower)
            || lower.hasPrefix("paymentdetails.") || lower.hasPrefix("card.") {
            return .hiddenWhole
        }
        if ["firstname", "lastname", "fullname", "customername", "contactname", "companyname", "billingname"]
            .contains(lower) || (lower == "name" && onCustomer) {
            return .name
        }
        return nil
    }

    // MARK: Values

    /// `jane.doe@acme.example` → `j•••@acme.example`; text without an `@` entirely hidden.
    public static func email(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return hidden }
        let local = text[..<at]
        return (local.first.map { String($0) } ?? "") + hidden + String(text[at...])
    }

    /// `Ada Lovelace Ltd` → `A. L. L.`: the first letter or digit of each word.
    public static func initials(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        let letters = words.compactMap { word in word.first(where: { $0.isLetter || $0.isNumber }) }
        return letters.isEmpty ? hidden : letters.map { String($0) + "." }.joined(separator: " ")
    }

    /// `DE123456789` → `•••789`; three characters or fewer entirely hidden.
    public static func lastThree(_ text: String) -> String {
        text.count <= 3 ? hidden : hidden + String(text.suffix(3))
    }

    /// A value as PHP wrote it (`'jane@acme.example'`, `NULL`, `array (…)`), masked as its kind says and
    /// written again as PHP would (quoted); NULL and an empty value stay (they say nothing about anyone).
    public static func maskPHP(_ text: String, _ kind: Kind) -> String {
        let parsed = PHPValue.parse(text)
        switch parsed {
        case .null: return text
        case .string(let s) where s.isEmpty: return text
        default: break
        }
        if kind == .address {
            if case .array(let entries) = parsed,
               let city = entries.first(where: { $0.key.lowercased() == "city" }), case .string(let name) = city.value {
                return PHP.quote(name)
            }
            return PHP.quote(hidden)
        }
        if kind == .city { return text }
        let plain: String
        switch parsed {
        case .string(let s), .number(let s), .id(let s), .text(let s), .className(let s): plain = s
        default: return PHP.quote(hidden)
        }
        return PHP.quote(maskPlain(plain, kind))
    }

    /// A plain value (not PHP-quoted) masked as its kind says.
    public static func maskPlain(_ text: String, _ kind: Kind) -> String {
        if text.isEmpty { return text }
        switch kind {
        case .email: return email(text)
        case .name: return initials(text)
        case .lastThree: return lastThree(text)
        case .city: return text
        case .address, .addressPart, .hiddenWhole: return hidden
        }
    }

    /// What a person calls a customer (its e-mail or name) as an agent sees it.
    public static func label(_ text: String) -> String {
        text.contains("@") ? maskingEmails(in: text) : initials(text)
    }

    /// Every e-mail address inside free text masked (`write to jane@acme.example` → `write to j•••@acme.example`).
    public static func maskingEmails(in text: String) -> String {
        guard text.contains("@") else { return text }
        let characters = Array(text)
        func isLocal(_ c: Character) -> Bool { c.isLetter || c.isNumber || "._%+-'".contains(c) }
        func isDomain(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "." || c == "-" }
        var out = ""
        var i = 0
        var copied = 0
        while i < characters.count {
            guard characters[i] == "@" else { i += 1; continue }
            var start = i
            while start > copied, isLocal(characters[start - 1]) { start -= 1 }
            var end = i + 1
            while end < characters.count, isDomain(characters[end]) { end += 1 }
            while end > i + 1, characters[end - 1] == "." || characters[end - 1] == "-" { end -= 1 }
            let domain = characters[(i + 1)..<end]
            guard start < i, domain.contains("."), domain.first != "." else { i += 1; continue }
            out += String(characters[copied..<start]) + String(characters[start]) + hidden + "@" + String(domain)
            copied = end
            i = end
        }
        return out + String(characters[copied...])
    }

    // MARK: What the store answers

    /// A record as an agent sees it: its change's personal values, its context's personal values and every
    /// e-mail in its message or context, and its customer's label, masked.
    public static func record(_ record: AuditRecord) -> AuditRecord {
        var masked = record
        let fieldKind = record.change.flatMap { kind(ofField: $0.field, entity: $0.entity) }
        if var change = record.change, let fieldKind {
            change.old = change.old.map { maskPHP($0, fieldKind) }
            change.new = change.new.map { maskPHP($0, fieldKind) }
            change.masked = fieldKind != .city
            masked.change = change
        } else if var change = record.change {
            change.old = change.old.map(maskingEmails)
            change.new = change.new.map(maskingEmails)
            masked.change = change
        }
        masked.message = maskingEmails(in: record.message)
        if let context = try? JSONParser.parse(record.contextJSON) {
            masked.contextJSON = maskContext(context, changeKind: fieldKind).compactText
        } else {
            masked.contextJSON = maskingEmails(in: record.contextJSON)
        }
        // Extra is what processors add (the request's uid, the admin's id): ids, but a URL or a form may hold more.
        if record.extraJSON.contains("@") || record.extraJSON.lowercased().contains("name"),
           let extra = try? JSONParser.parse(record.extraJSON) {
            masked.extraJSON = maskValue(extra, kind: nil).compactText
        }
        masked.customerLabel = record.customerLabel.map(label)
        return masked
    }

    /// A context object: `old_value`/`new_value` of a personal field change as its kind says, values under
    /// personal keys by theirs, e-mails anywhere.
    static func maskContext(_ value: JSONValue, changeKind: Kind?) -> JSONValue {
        guard case .object(let members) = value else { return maskValue(value, kind: nil) }
        return .object(members.map { key, member in
            if let changeKind, key == "old_value" || key == "new_value" {
                if case .string(let text) = member { return (key, .string(maskPHP(text, changeKind))) }
                return (key, maskValue(member, kind: changeKind))
            }
            return (key, maskValue(member, kind: key == "field" ? nil : kind(ofField: key, entity: nil)))
        })
    }

    /// A JSON value under a key of `kind` (nil: not personal, only e-mails inside masked).
    static func maskValue(_ value: JSONValue, kind: Kind?) -> JSONValue {
        switch value {
        case .null, .bool: return value
        case .number(let text): return kind.map { .string(maskPlain(text, $0)) } ?? value
        case .string(let text): return .string(kind.map { maskPlain(text, $0) } ?? maskingEmails(in: text))
        case .array(let items): return .array(items.map { maskValue($0, kind: kind) })
        case .object(let members):
            if kind == .address, let city = members.first(where: { $0.0.lowercased() == "city" }) {
                return .object([city])
            }
            return .object(members.map { key, member in
                (key, maskValue(member, kind: PersonalData.kind(ofField: key, entity: nil) ?? (kind == .address ? .addressPart : kind)))
            })
        }
    }

    /// A picker's entry as an agent sees it: a customer's e-mail and name, a subscription's customer's e-mail.
    public static func entity(_ entity: Entity) -> Entity {
        var masked = entity
        switch entity.kind {
        case .customer:
            masked.email = entity.email.map(email)
            masked.name = entity.name.map(initials)
        case .subscription:
            masked.customerEmail = entity.customerEmail.map(email)
        case .admin: break
        }
        return masked
    }

    /// An entity's state as an agent sees it: each personal field's value masked.
    public static func state(_ state: EntityState) -> EntityState {
        var masked = state
        masked.fields = state.fields.map { field in
            var field = field
            if let kind = kind(ofField: field.field, entity: field.entity) {
                field.value = field.value.map { maskPHP($0, kind) }
            } else {
                field.value = field.value.map(maskingEmails)
            }
            return field
        }
        masked.subscriptions = state.subscriptions.map(PersonalData.state)
        return masked
    }
}
