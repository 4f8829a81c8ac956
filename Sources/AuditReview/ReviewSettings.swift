import AuditStore

/// Everything a review judges by: working hours, weekend days, windows, thresholds and the sensitive actions.
/// Defaults here; a file (`review.conf`, `ReviewSettings.read`) may change any of them. The manual lists
/// every key from `ReviewSettings.keys`.
public struct ReviewSettings: Equatable, Sendable {
    /// Working hours, local time: from `hoursStart` up to, not including, `hoursEnd`.
    public var hoursStart = 8
    public var hoursEnd = 18
    /// Days outside working hours all day (0 Monday … 6 Sunday).
    public var weekend: Set<Int> = [5, 6]
    /// How far before the period the baseline reaches, in seconds.
    public var baseline: Int64 = 28 * 86_400
    public var outsideMinimum = 1
    public var burstWindow: Int64 = 600
    public var burstFactor = 3.0
    public var burstMinimum = 30
    public var massWindow: Int64 = 3_600
    public var massMinimum = 10
    /// Many customers read: different customers one person looked at within the window (access records).
    public var readWindow: Int64 = 3_600
    public var readMinimum = 20
    public var takeoverWindow: Int64 = 86_400
    public var contactFields: [String] = ["billingEmail"]
    /// A field named here counts with its sub-fields (`billingAddress` also covers `billingAddress.city`).
    public var paymentFields: [String] = ["billingAddress", "taxNumber", "paymentMethod", "paymentDetails"]
    /// BillaBear's messages for a customer's payment method or card changing (exact).
    public var paymentActions: [String] = [
        "Finishing the frontend process for stripe card add", "Received request to finish frontend payment token",
        "Make a payment card default", "Received request to make payment details default",
        "Delete a payment card", "Received request to delete payment details",
        "Received request to update payment method for subscriptions",
        "Received a request to update subscription payment details",
    ]
    public var revertWindow: Int64 = 86_400
    /// BillaBear's messages for actions an admin should not do for the first time unseen (exact).
    public var sensitiveActions: [String] = [
        "Request to disable Stripe Billing", "Request to set Stripe config",
        "Request to register stripe webhook", "Request to deregister stripe webhook",
        "Received request to create api key", "Received request to disable api key",
        "Received request to update user", "Delete a payment card", "Received request to delete payment details",
        "Received request to refund payment",
    ]
    public var warningFactor = 3.0
    public var warningMinimum = 20
    /// The zone named by the file (`timezone`), nil for the local zone.
    public var timezone: String?
    /// Detectors switched off (`burst.enabled = no`).
    public var disabled: Set<FindingKind> = []

    public init() {}

    public var hoursText: String { two(hoursStart) + "-" + two(hoursEnd) }

    public var weekendText: String {
        weekend.isEmpty ? "none" : weekend.sorted().map { Self.dayNames[$0] }.joined(separator: ", ")
    }

    /// Whether a moment is outside working hours (or on a weekend day) in the clock's zone.
    public func isOutside(_ time: Timestamp, clock: Clock) -> Bool {
        let (hour, weekday) = clock.hourAndWeekday(time)
        return weekend.contains(weekday) || hour < hoursStart || hour >= hoursEnd
    }

    /// Sets working hours from `08-18`; false when the text is not that.
    public mutating func setHours(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0].trimmed), let end = Int(parts[1].trimmed),
              (0...23).contains(start), (1...24).contains(end), start < end else { return false }
        hoursStart = start
        hoursEnd = end
        return true
    }

    /// The messages a review reads whole besides warnings: the sensitive and the payment actions.
    public var messagesRead: Set<String> { Set(sensitiveActions + paymentActions) }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private func two(_ n: Int) -> String { (n < 10 ? "0" : "") + String(n) }
}

extension Substring {
    var trimmed: String { String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
}

extension String {
    var trimmed: String { self[...].trimmed }
}

/// A span of time as a person writes it in options and the file: `10m`, `1h`, `24h`, `4w`, `3d`.
public enum TimeSpan {
    public static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount > 0, amount < 100_000 else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3_600
        case "d": return amount * 86_400
        case "w": return amount * 7 * 86_400
        default: return nil
        }
    }

    /// `10 minutes`, `1 hour`, `24 hours`, `4 weeks`: the largest unit that divides it.
    public static func text(_ seconds: Int64) -> String {
        let units: [(Int64, String)] = [(7 * 86_400, "week"), (86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")]
        for (size, name) in units where seconds % size == 0 {
            let n = seconds / size
            if size == 86_400, n % 7 != 0, n <= 3 { return "\(n * 24) hours" } // 24 hours reads better than 1 day
            return "\(n) \(name)\(n == 1 ? "" : "s")"
        }
        return "\(seconds) seconds"
    }
}
