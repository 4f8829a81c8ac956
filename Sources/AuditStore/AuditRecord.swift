/// Monolog's severity levels (RFC 5424 names, Monolog numbers).
public enum Level: Int, CaseIterable, Sendable, Comparable {
    case debug = 100, info = 200, notice = 250, warning = 300, error = 400, critical = 500, alert = 550,
         emergency = 600

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    /// Monolog's name of the level. A switch, not reflection: an import asks it once per record.
    public var name: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        case .alert: "ALERT"
        case .emergency: "EMERGENCY"
        }
    }

    /// Accepts a name in any case, its common short forms, or a Monolog number.
    public init?(name: String) {
        if let exact = Level.allCases.first(where: { $0.name == name }) {
            self = exact
            return
        }
        let lower = name.lowercased()
        if let number = Int(lower), let level = Level(rawValue: number) {
            self = level
            return
        }
        let aliases: [String: Level] = ["warn": .warning, "err": .error, "crit": .critical, "emerg": .emergency]
        if let level = aliases[lower] ?? Level.allCases.first(where: { $0.name.lowercased() == lower }) {
            self = level
        } else {
            return nil
        }
    }

    /// The level a raw Monolog number falls in (a number between two levels counts as the lower).
    static func nameFor(number: Int) -> String {
        (Level.allCases.last(where: { $0.rawValue <= number }) ?? .debug).name
    }
}

/// The field change an `audit`-channel record carries: the values as PHP formatted them.
public struct FieldChange: Equatable, Sendable {
    public var field: String
    public var old: String?
    public var new: String?
    /// The entity whose field changed (`Customer`, `Subscription`), as BillaBear's message names it: derived
    /// once, at import (`entity(named:)`), and stored beside the field; nil when the message names none.
    public var entity: String?
    /// The values are masked (an agent's, `PersonalData`): two values masked alike still were different.
    public var masked = false

    public init(field: String, old: String?, new: String?, entity: String? = nil) {
        self.field = field
        self.old = old
        self.new = new
        self.entity = entity
    }

    /// BillaBear's message for a field change: "A field on the Customer entity has been updated".
    public static func message(entity: String) -> String { messagePrefix + entity + messageSuffix }

    private static let messagePrefix = "A field on the ", messageSuffix = " entity has been updated"

    /// The entity a change message names; nil for any other message. The one place the message is read.
    static func entity(named message: String) -> String? {
        guard message.hasPrefix(messagePrefix), message.hasSuffix(messageSuffix),
              message.utf8.count > messagePrefix.utf8.count + messageSuffix.utf8.count else { return nil }
        return String(message.dropFirst(messagePrefix.count).dropLast(messageSuffix.count))
    }

    /// `Customer.billingEmail` (the entity as a query names it, any case for its first letter) or `billingEmail`.
    public static func qualifiedName(_ text: String) -> (entity: String?, field: String) {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return (nil, text) }
        return (parts[0].prefix(1).uppercased() + parts[0].dropFirst(), parts[1])
    }

    /// BillaBear logs an enum or object value by its class name (`BillaBear\Enum\InvoiceFormat`), the
    /// same before and after: the field did change, but its values were not recorded. The class name then.
    public var unrecordedValueClass: String? {
        guard let old, old == new else { return nil }
        let parts = old.split(separator: "\\", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ part in
            guard let first = part.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
            return part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        }) else { return nil }
        return old
    }
}

/// One audit record as stored: the Monolog record exactly, and the links derived from it.
public struct AuditRecord: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var time: Timestamp
    public var channel: String
    public var level: Int
    public var levelName: String
    public var message: String
    /// Compact JSON text of the context (an object; `[]` from the source is stored as `{}`).
    public var contextJSON: String
    public var extraJSON: String
    public var customerID: String?
    public var subscriptionID: String?
    public var adminID: String?
    public var requestUID: String?
    public var change: FieldChange?
    /// The admin's email or name from the directory, when known.
    public var adminName: String?
    /// The customer this record belongs to: its own `customer_id`, or its subscription's customer.
    public var ownerCustomerID: String?
    /// The owning customer's email or name from the directory, when known.
    public var customerLabel: String?
    /// Its short reference, made from its identity (`RecordRef`): the same wherever the same logs are imported.
    public var ref = RecordRef(fingerprint: 0, occurrence: 0)
    /// The notes written on this record, oldest first (a page reads them with its records).
    public var notes: [Note] = []
    /// Shown unmasked to an agent who gave a reason (`v`): read as a reviewer reads it, after the look was recorded.
    public var revealed = false

    public var key: PageKey { PageKey(time: time, id: id) }

    public var context: JSONValue { (try? JSONParser.parse(contextJSON)) ?? .object([]) }
    public var extra: JSONValue { (try? JSONParser.parse(extraJSON)) ?? .object([]) }
}

extension AuditRecord {
    /// A record as read from a source, before it has an id: the Monolog record's parts (`[]` from the source
    /// stored as `{}`), its JSON as compact text, the links and field change derived from it and its fingerprint,
    /// once, on the import's reading thread. Its occurrence and owner are the writer's, the directory's labels the
    /// reader's.
    init(time: Timestamp, channel: String, level: Int, levelName: String?, message: String, context: JSONValue,
         extra: JSONValue) {
        let context = context.normalizedContainer, extra = extra.normalizedContainer
        var change: FieldChange?
        if channel == "audit", let field = context["field"]?.scalarText {
            change = FieldChange(field: field, old: context["old_value"]?.scalarText, new: context["new_value"]?.scalarText,
                                 entity: FieldChange.entity(named: message))
        }
        self.init(id: 0, time: time, channel: channel, level: level, levelName: levelName ?? Level.nameFor(number: level),
                  message: message, contextJSON: context.compactText, extraJSON: extra.compactText,
                  customerID: context["customer_id"]?.scalarText, subscriptionID: context["subscription_id"]?.scalarText,
                  adminID: extra["billing_admin_id"]?.scalarText, requestUID: extra["uid"]?.scalarText, change: change)
        ref = RecordRef(fingerprint: Fingerprint.of(self), occurrence: 0)
    }
}
