/// A record's short reference, `r7kq-2m9x-hd4c-a3fz`: its identity written to be pasted and typed. It is the
/// identity the store already keeps (`Fingerprint`: 64 bits of everything the record says, its time included,
/// and its occurrence among identical records in one source), so it is the same on every machine, in every
/// stored form of the record (line, JSON, a search hit) and after any re-import in any order.
///
/// 16 characters of Crockford's base32 (no i, l, o, u: nothing to mistake for 1 or 0), grouped by four:
/// the fingerprint's 64 bits, then 16 bits of the occurrence mixed with the fingerprint (so the last group is
/// not `0000` on almost every record). A prefix of the text is a range of fingerprints, which the store's
/// `records_by_fingerprint` index reads (`RefPrefix`). Two records share a reference only if their
/// fingerprints collide (about one chance in 10¹² per pair) or 65 536 identical records share one source
/// and microsecond: a lookup then lists both.
public struct RecordRef: Hashable, Sendable, CustomStringConvertible {
    public let fingerprint: UInt64
    public let occurrence: Int64

    public init(fingerprint: UInt64, occurrence: Int64) {
        self.fingerprint = fingerprint
        self.occurrence = occurrence
    }

    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    /// Characters of a full reference.
    public static let length = 16
    /// The shortest prefix a command or the browser looks up.
    public static let minimumPrefix = 6

    /// The last 16 bits: the occurrence, mixed with the fingerprint (undone the same way).
    static func tail(fingerprint: UInt64, occurrence: Int64) -> UInt16 {
        UInt16(truncatingIfNeeded: occurrence) ^ mask(fingerprint)
    }

    static func mask(_ fingerprint: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: (fingerprint &* 0x9E37_79B9_7F4A_7C15) >> 48)
    }

    /// The 16 characters, no dashes.
    public var compact: String {
        let tail = Self.tail(fingerprint: fingerprint, occurrence: occurrence)
        var out: [UInt8] = []
        out.reserveCapacity(Self.length)
        for index in 0..<Self.length {
            out.append(Self.alphabet[Int(Self.bits(fingerprint, tail, from: index * 5, count: 5))])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `r7kq-2m9x-hd4c-a3fz`, as it is shown and written.
    public var text: String { Self.grouped(compact) }

    public var description: String { text }

    /// Dashes every four characters.
    static func grouped(_ compact: String) -> String {
        var out = ""
        for (index, character) in compact.enumerated() {
            if index > 0, index % 4 == 0 { out.append("-") }
            out.append(character)
        }
        return out
    }

    /// `count` bits (at most 64) of the 80-bit value `fingerprint ‖ tail`, from bit `start` counted from the top.
    static func bits(_ fingerprint: UInt64, _ tail: UInt16, from start: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for bit in start..<(start + count) {
            let set = bit < 64 ? (fingerprint >> (63 - bit)) & 1 : UInt64(tail >> (79 - bit)) & 1
            value = value << 1 | set
        }
        return value
    }
}

/// The start of a reference as typed: with or without dashes, any case (Crockford's `o`, `i`, `l` read as
/// `0`, `1`, `1`), up to 16 characters. It stands for a range of fingerprints (and, past the 13th
/// character, of occurrences), which is how the store finds the records it starts.
public struct RefPrefix: Hashable, Sendable, CustomStringConvertible {
    /// Lowercase, no dashes.
    public let compact: String

    /// nil when the text holds a character no reference has, or more than 16 once dashes and spaces go.
    public init?(_ text: String) {
        var out = ""
        for character in text.lowercased() {
            switch character {
            case "-", " ": continue
            case "o": out.append("0")
            case "i", "l": out.append("1")
            default:
                guard let ascii = character.asciiValue, RecordRef.alphabet.contains(ascii) else { return nil }
                out.append(character)
            }
        }
        guard !out.isEmpty, out.count <= RecordRef.length else { return nil }
        compact = out
    }

    public var isComplete: Bool { compact.count == RecordRef.length }

    /// As typed, grouped: `r7kq-2m`.
    public var description: String { RecordRef.grouped(compact) }

    public func matches(_ ref: RecordRef) -> Bool { ref.compact.hasPrefix(compact) }

    /// The fingerprints it covers, as stored (signed); the range never wraps, since the first character
    /// fixes the top bit.
    var fingerprints: ClosedRange<Int64> {
        let known = min(64, compact.utf8.count * 5)
        let value = bitsValue(count: known)
        let low = known == 0 ? 0 : value << (64 - known)
        let high = known == 64 ? low : low | (UInt64.max >> known)
        return Int64(bitPattern: low)...Int64(bitPattern: high)
    }

    /// The occurrences (mod 65 536) it covers once the fingerprint is whole (13 characters and more), else nil.
    var occurrences: ClosedRange<Int64>? {
        let total = compact.utf8.count * 5
        guard total > 64 else { return nil }
        let fingerprint = UInt64(bitPattern: fingerprints.lowerBound)
        let known = total - 64
        let tailBits = UInt16(truncatingIfNeeded: bitsValue(count: total) & ((1 << known) - 1)) << (16 - known)
        let fixed = ((tailBits ^ RecordRef.mask(fingerprint)) >> (16 - known)) << (16 - known)
        let free = UInt16.max >> known
        return Int64(fixed)...Int64(fixed | free)
    }

    /// The first `count` bits of the typed characters.
    private func bitsValue(count: Int) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        for byte in compact.utf8 where taken < count {
            let digit = UInt64(RecordRef.alphabet.firstIndex(of: byte)!)
            let take = min(5, count - taken)
            value = value << take | digit >> (5 - take)
            taken += take
        }
        return value
    }
}
