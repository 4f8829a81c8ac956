/// What a typed reference means: one record, or why not (none has it, several start so, too short, not a
/// reference). The command line's `show` and `auditlog REF` and the browser read it the same way.
public enum RefLookup: Equatable, Sendable {
    case one(AuditRecord)
    case none(RefPrefix)
    /// Several records start so: the first few, newest first, and how many there are at least.
    case several(RefPrefix, [AuditRecord])
    case tooShort(String)
    case notAReference(String)

    /// How many candidates an ambiguous prefix lists.
    public static let listed = 5

    /// The record, or nil with `problem` saying why.
    public var record: AuditRecord? {
        if case .one(let record) = self { return record }
        return nil
    }

    /// One line for an error: nil when it found the record.
    public var problem: String? {
        switch self {
        case .one: return nil
        case .none(let prefix):
            return prefix.isComplete ? "no record has the reference \(prefix)"
                : "no record's reference starts with \(prefix)"
        case .several(let prefix, let records):
            let shown = records.prefix(Self.listed).map { "\($0.ref) (\($0.time.rfc3339))" }
            let more = records.count > Self.listed ? ", and more" : ""
            return "\(prefix) is the start of several records' references: " + shown.joined(separator: ", ") + more
                + "; give more of it"
        case .tooShort(let text):
            return "reference \"\(text)\" is too short: give at least \(RecordRef.minimumPrefix) of its characters"
        case .notAReference(let text):
            return "\"\(text)\" is not a record reference (up to \(RecordRef.length) of 0-9 a-z without i l o u, "
                + "dashes anywhere: r7kq-2m9x-hd4c-a3fz)"
        }
    }

    /// Whether a command-line word may be a reference (`auditlog r7kq-2m9x`) rather than a command or a file:
    /// 6 to 19 letters, digits and dashes that make a prefix of 6 characters or more, not an option, with a
    /// dash or a digit (as nearly every reference has, and no command name).
    public static func looksLikeReference(_ text: String) -> Bool {
        guard (RecordRef.minimumPrefix...(RecordRef.length + 3)).contains(text.count), !text.hasPrefix("-"),
              text.allSatisfy({ $0 == "-" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }),
              text.contains(where: { $0 == "-" || $0.isNumber }),
              let prefix = RefPrefix(text), prefix.compact.count >= RecordRef.minimumPrefix else { return false }
        return true
    }
}

extension AuditStore {
    /// The records whose reference starts with `prefix`, newest first (at most `limit`).
    public func records(withRef prefix: RefPrefix, limit: Int = RefLookup.listed + 1) throws -> [AuditRecord] {
        try page(of: RecordQuery(ref: prefix), from: .newest, limit: limit)
    }

    /// The one record a typed reference (whole, or a prefix of at least six characters) means.
    public func lookup(ref text: String) throws -> RefLookup {
        guard let prefix = RefPrefix(text) else { return .notAReference(text) }
        guard prefix.compact.count >= RecordRef.minimumPrefix else { return .tooShort(text) }
        let found = try records(withRef: prefix)
        switch found.count {
        case 0: return .none(prefix)
        case 1: return .one(found[0])
        default: return .several(prefix, found)
        }
    }
}
