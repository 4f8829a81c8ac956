#if canImport(Glibc)
import Glibc
#endif

/// One record as a review reads it from the store, with no string in it: admins, customers, subscriptions,
/// fields, values and messages are numbers in `ReviewNames`, so reading and judging five weeks of records
/// allocates nothing per record and a period's records take little memory. -1 is "none" (NULL).
public struct ReviewRecord: Sendable {
    public var id: Int64
    /// Microseconds since the epoch.
    public var time: Int64
    /// Its stable reference (`RecordRef`); `occurrence` is -1 for a record with none (built by hand).
    public var fingerprint: UInt64 = 0
    public var occurrence: Int64 = -1
    public var level: Int32 = 200
    /// `ReviewNames.admins`.
    public var admin: Int32 = -1
    /// `ReviewNames.parties`: the customer whose log shows it (its own, or its subscription's).
    public var customer: Int32 = -1
    /// `ReviewNames.parties` (customers and subscriptions share one table, as their ids are both just text).
    public var subscription: Int32 = -1
    /// The field change: `ReviewNames.fields`, `.entities`, `.values` (the values only from `valuesSince`).
    public var field: Int32 = -1
    public var entity: Int32 = -1
    public var old: Int32 = -1
    public var new: Int32 = -1
    /// `ReviewNames.messages`: read only for warnings and worse and the messages the review asked for.
    public var message: Int32 = -1

    public init(id: Int64, time: Int64) {
        self.id = id
        self.time = time
    }

    public var timestamp: Timestamp { Timestamp(microseconds: time) }
    public var ref: RecordRef? { occurrence < 0 ? nil : RecordRef(fingerprint: fingerprint, occurrence: occurrence) }
}

/// The strings of the records a review has read, each kept once, numbered in the order first met.
public struct ReviewNames: Sendable {
    public var admins = NameTable()
    public var parties = NameTable()
    public var fields = NameTable()
    public var entities = NameTable()
    public var values = NameTable()
    public var messages = NameTable()

    public init() {}
}

/// Texts numbered in the order first met. Two texts get the same number exactly when they are equal
/// Strings (Swift's equality, as the dictionaries of Strings the review used before); the bytes read from
/// the store are looked up by a hash of their own, so a text met again costs no String.
public struct NameTable: Sendable {
    public private(set) var names: [String] = []
    /// Number of each distinct byte sequence met (several sequences may name one String).
    private var byText: [String: Int32] = [:]
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var keyHashes: [UInt64] = []
    private var keyStarts: [Int] = [0]
    private var keyBytes: [UInt8] = []
    private var keyNames: [Int32] = []

    public init() {}

    public var count: Int { names.count }
    public subscript(id: Int32) -> String { names[Int(id)] }
    public func name(_ id: Int32) -> String? { id < 0 ? nil : names[Int(id)] }

    /// The number of a text (a record built by hand).
    public mutating func id(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { id(bytes: $0) }
    }

    public mutating func id(_ text: String?) -> Int32 { text.map { id($0) } ?? -1 }

    /// The number of the text these UTF-8 bytes (as the store holds them) spell.
    public mutating func id(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let key = Int(slots[slot])
            if key < 0 { break }
            if keyHashes[key] == hash, keyStarts[key + 1] - keyStarts[key] == bytes.count,
               keyBytes.withUnsafeBufferPointer({ stored in
                   bytes.count == 0 || memcmp(stored.baseAddress! + keyStarts[key], bytes.baseAddress!, bytes.count) == 0
               }) {
                return keyNames[key]
            }
            slot = (slot + 1) & mask
        }
        // Bytes not met before: their String decides the number (equal Strings, one number).
        let text = String(decoding: bytes, as: UTF8.self)
        let name: Int32
        if let known = byText[text] {
            name = known
        } else {
            name = Int32(names.count)
            names.append(text)
            byText[text] = name
        }
        let key = Int32(keyNames.count)
        keyNames.append(name)
        keyHashes.append(hash)
        keyBytes.append(contentsOf: bytes)
        keyStarts.append(keyBytes.count)
        slots[slot] = key
        if keyNames.count * 2 > slots.count { grow() }
        return name
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for key in keyHashes.indices {
            var slot = Int(truncatingIfNeeded: keyHashes[key]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(key)
        }
    }

    /// A 64-bit hash of bytes, eight at a time.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var at = 0
        while at + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            at += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while at < bytes.count {
            tail |= UInt64(base[at]) << shift
            shift += 8
            at += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}

/// An instant's offset from UTC, looked up once per hour of records read in time order (`Clock.offset`
/// is a zone lookup): exact, as an hour whose first and last second have different offsets is looked up
/// record by record.
public struct OffsetCache: Sendable {
    private var hour = Int64.min
    private var offset: Int64 = 0
    private var steady = true

    public init() {}

    /// Local seconds (since the epoch, as if the zone were UTC) of an instant.
    public mutating func localSeconds(_ time: Timestamp, _ clock: Clock) -> Int64 {
        let seconds = time.seconds
        let hour = seconds.floorDiv(3_600)
        if hour != self.hour {
            self.hour = hour
            let first = clock.offset(Timestamp(seconds: hour * 3_600))
            steady = first == clock.offset(Timestamp(seconds: hour * 3_600 + 3_599))
            offset = Int64(first)
        }
        return seconds + (steady ? offset : Int64(clock.offset(time)))
    }
}
