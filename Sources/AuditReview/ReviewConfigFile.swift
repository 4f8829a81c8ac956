import AuditStore

/// `review.conf`: `key = value` lines, `#` comments, blank lines. Every key is in `ReviewSettings.keys`
/// (and so in the manual). A key given twice keeps the last, except the lists given one message a line
/// (`sensitive_action`, `contact_payment.payment_action`): the file's lines replace the defaults.
public struct ReviewConfigError: Error, CustomStringConvertible {
    public let description: String
}

extension ReviewSettings {
    /// One key of the file: its name, its value as the manual shows it, what it means, and how it is set.
    public struct Key: Sendable {
        public let name: String
        public let value: String
        public let meaning: String
        let set: @Sendable (inout ReviewSettings, String) -> Bool
    }

    public static let keys: [Key] = {
        func duration(_ path: WritableKeyPath<ReviewSettings, Int64> & Sendable) -> @Sendable (inout ReviewSettings, String) -> Bool {
            { settings, text in
                guard let seconds = TimeSpan.seconds(text) else { return false }
                settings[keyPath: path] = seconds
                return true
            }
        }
        func count(_ path: WritableKeyPath<ReviewSettings, Int> & Sendable) -> @Sendable (inout ReviewSettings, String) -> Bool {
            { settings, text in
                guard let n = Int(text), n >= 1 else { return false }
                settings[keyPath: path] = n
                return true
            }
        }
        func factor(_ path: WritableKeyPath<ReviewSettings, Double> & Sendable) -> @Sendable (inout ReviewSettings, String) -> Bool {
            { settings, text in
                guard let n = Double(text), n >= 1, n < 1_000_000 else { return false }
                settings[keyPath: path] = n
                return true
            }
        }
        func list(_ path: WritableKeyPath<ReviewSettings, [String]> & Sendable) -> @Sendable (inout ReviewSettings, String) -> Bool {
            { settings, text in
                let items = text.split(separator: ",").map(\.trimmed).filter { !$0.isEmpty }
                guard !items.isEmpty else { return false }
                settings[keyPath: path] = items
                return true
            }
        }
        var keys: [Key] = [
            Key(name: "working_hours", value: "HH-HH", meaning: "working hours, local time (default 08-18)") { $0.setHours($1) },
            Key(name: "weekend", value: "DAYS", meaning: "days outside working hours all day: mon … sun, or none (default sat, sun)") { settings, text in
                if text == "none" {
                    settings.weekend = []
                    return true
                }
                let days = text.split(separator: ",").map { $0.trimmed.lowercased() }
                let numbers = days.compactMap { ReviewSettings.dayNames.firstIndex(of: String($0.prefix(3))) }
                guard !days.isEmpty, numbers.count == days.count else { return false }
                settings.weekend = Set(numbers)
                return true
            },
            Key(name: "timezone", value: "ZONE", meaning: "the zone hours and days are read in (default: the local zone)") { settings, text in
                guard ImportZone(text) != nil else { return false }
                settings.timezone = text
                return true
            },
            Key(name: "baseline", value: "DURATION", meaning: "how far before the period the baseline reaches (default 4w)", set: duration(\.baseline)),
            Key(name: "outside_hours.minimum", value: "N", meaning: "records in one night or day off that make a finding (default 1)", set: count(\.outsideMinimum)),
            Key(name: "burst.window", value: "DURATION", meaning: "the sliding window of a burst (default 10m)", set: duration(\.burstWindow)),
            Key(name: "burst.factor", value: "X", meaning: "above X times the admin's busiest window of the baseline (default 3)", set: factor(\.burstFactor)),
            Key(name: "burst.minimum", value: "N", meaning: "and at least N records (default 30)", set: count(\.burstMinimum)),
            Key(name: "mass_change.window", value: "DURATION", meaning: "the window of a mass change (default 1h)", set: duration(\.massWindow)),
            Key(name: "mass_change.minimum", value: "N", meaning: "different customers or subscriptions, one field, one admin (default 10)", set: count(\.massMinimum)),
            Key(name: "contact_payment.window", value: "DURATION", meaning: "contact and payment details changed this close (default 24h)", set: duration(\.takeoverWindow)),
            Key(name: "contact_payment.contact_fields", value: "FIELDS", meaning: "the contact fields, comma-separated (default billingEmail)", set: list(\.contactFields)),
            Key(name: "contact_payment.payment_fields", value: "FIELDS", meaning: "the payment fields, each with its sub-fields (default billingAddress, taxNumber, paymentMethod, paymentDetails)", set: list(\.paymentFields)),
            Key(name: "contact_payment.payment_action", value: "MESSAGE", meaning: "a BillaBear message that changes a payment method, exactly; one a line (defaults: see below)") { settings, text in
                settings.paymentActions.append(text)
                return true
            },
            Key(name: "reverted_change.window", value: "DURATION", meaning: "a change undone within this (default 24h)", set: duration(\.revertWindow)),
            Key(name: "sensitive_action", value: "MESSAGE", meaning: "a BillaBear message that is a sensitive action, exactly; one a line (defaults: see below)") { settings, text in
                settings.sensitiveActions.append(text)
                return true
            },
            Key(name: "warnings.factor", value: "X", meaning: "an hour above X times the baseline's busiest hour of warnings (default 3)", set: factor(\.warningFactor)),
            Key(name: "warnings.minimum", value: "N", meaning: "and at least N warnings and errors (default 20)", set: count(\.warningMinimum)),
            Key(name: "many_customers_read.window", value: "DURATION", meaning: "the window of many customers read (default 1h)", set: duration(\.readWindow)),
            Key(name: "many_customers_read.minimum", value: "N", meaning: "different customers one person looked at in it (default 20)", set: count(\.readMinimum)),
        ]
        for kind in FindingKind.allCases {
            keys.append(Key(name: kind.rawValue + ".enabled", value: "yes|no", meaning: "whether the \(kind.title.lowercased()) detector runs (default yes)") { settings, text in
                switch text.lowercased() {
                case "yes", "true", "on", "1": settings.disabled.remove(kind)
                case "no", "false", "off", "0": settings.disabled.insert(kind)
                default: return false
                }
                return true
            })
        }
        return keys
    }()

    /// The settings a file's text makes of the defaults; `name` is how errors name the file.
    public static func read(_ text: String, name: String, onto start: ReviewSettings = ReviewSettings()) throws -> ReviewSettings {
        var settings = start
        var listed: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmed.hasSuffix("\r") ? String(raw.trimmed.dropLast()) : raw.trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            let place = "\(name):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw ReviewConfigError(description: "\(place): expected key = value, not \"\(line.prefix(60))\"")
            }
            let key = line[..<equals].trimmed, value = line[line.index(after: equals)...].trimmed
            guard let known = keys.first(where: { $0.name == key }) else {
                let near = keys.map(\.name).filter { $0.hasPrefix(String(key.prefix(3))) }
                throw ReviewConfigError(description: "\(place): unknown key \"\(key.prefix(60))\""
                    + (near.isEmpty ? " (see man auditlog, REVIEW SETTINGS)" : " (known: " + near.joined(separator: ", ") + ")"))
            }
            // A list given one message a line replaces the defaults from its first line.
            if known.name == "sensitive_action", listed.insert(key).inserted { settings.sensitiveActions = [] }
            if known.name == "contact_payment.payment_action", listed.insert(key).inserted { settings.paymentActions = [] }
            guard !value.isEmpty, known.set(&settings, value) else {
                throw ReviewConfigError(description: "\(place): \(key) takes \(known.value), not \"\(value.prefix(60))\"")
            }
        }
        return settings
    }

    /// The file a review reads: `$XDG_CONFIG_HOME/auditlog/review.conf` (`~/.config` when unset), else
    /// `/etc/auditlog/review.conf`; nil when neither exists.
    public static func configPath(environment: [String: String], exists: (String) -> Bool) -> String? {
        let home = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        let candidates = [home.map { $0 + "/auditlog/review.conf" }, "/etc/auditlog/review.conf"].compactMap { $0 }
        return candidates.first(where: exists)
    }
}
