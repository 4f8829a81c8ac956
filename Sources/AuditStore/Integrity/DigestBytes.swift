/// What a chain hashes of one item's content, written one value after another the same way for records
/// (`ChainContent`), notes (`NoteChain`) and access records (`AccessSQL`): an integer as its 8 bytes, big-endian;
/// a text as its length and its bytes; a value that may be absent after a presence byte (0 absent, 1 present), so
/// an absent value differs from an empty one and no two contents run into each other. Stores' chains were
/// written with these bytes: they must not change.
struct DigestBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The SHA-256 of what was added.
    var digest: [UInt8] { SHA256.hash(bytes) }

    mutating func add(_ value: Int64) { HashChain.appendInteger(value, to: &bytes) }

    /// 0, or 1 and the integer.
    mutating func add(optional value: Int64?) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        add(value)
    }

    /// The length and the bytes (a text that is always there).
    mutating func add(text utf8: [UInt8]) {
        add(Int64(utf8.count))
        bytes += utf8
    }

    /// 0, or 1, the length and the bytes.
    mutating func add(optionalText utf8: [UInt8]?) {
        guard let utf8 else { return bytes.append(0) }
        bytes.append(1)
        add(text: utf8)
    }

    /// The same for a string's UTF-8, without copying it into an array first.
    mutating func add(optionalText text: String?) {
        guard var text else { return bytes.append(0) }
        text.withUTF8 { utf8 in
            bytes.append(1)
            add(Int64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}
