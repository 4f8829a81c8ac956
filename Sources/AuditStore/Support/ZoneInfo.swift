#if canImport(Glibc)
import Glibc
#endif

/// Time zones without Foundation, as the C library knows them: a named zone is read from the system's
/// TZif file (`/usr/share/zoneinfo/Europe/Berlin`, or `$TZDIR`), the local zone is asked of the C library
/// (`localtime_r`, which follows `TZ` and `/etc/localtime`).
public struct ZoneInfo: Sendable {
    public let name: String
    /// Transition instants (seconds since 1970, ascending) and the offset and abbreviation from each on.
    private let transitions: [Int64]
    private let kinds: [Int]
    private let offsets: [(seconds: Int, abbreviation: String)]

    /// Reads a zone by its name (`Europe/Berlin`, `UTC`); nil when the system has no such zone.
    public init?(named name: String) {
        guard !name.isEmpty, !name.contains(".."), !name.hasPrefix("/") else { return nil }
        let directory = getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
        guard let bytes = Self.read(directory + "/" + name), let parsed = Self.parse(bytes) else { return nil }
        self.name = name
        (transitions, kinds, offsets) = parsed
    }

    /// Seconds east of UTC at an instant.
    public func offset(at seconds: Int64) -> Int { offsets[kind(at: seconds)].seconds }

    /// The zone's abbreviation at an instant (`CET`, `CEST`).
    public func abbreviation(at seconds: Int64) -> String { offsets[kind(at: seconds)].abbreviation }

    private func kind(at seconds: Int64) -> Int {
        // The last transition at or before the instant; before the first, the first standard time.
        var low = 0, high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? (offsets.firstIndex { _ in true } ?? 0) : kinds[low - 1]
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 1 << 20 { return nil }
        }
        return bytes
    }

    /// TZif (RFC 8536): the version 2+ block with 64-bit times when there is one, else version 1's.
    private static func parse(_ b: [UInt8]) -> ([Int64], [Int], [(seconds: Int, abbreviation: String)])? {
        func u32(_ at: Int) -> Int? {
            guard at + 4 <= b.count else { return nil }
            return Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
        }
        func s32(_ at: Int) -> Int64? { u32(at).map { Int64(Int32(truncatingIfNeeded: $0)) } }
        func s64(_ at: Int) -> Int64? {
            guard let high = u32(at), let low = u32(at + 4) else { return nil }
            return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
        }
        func header(_ at: Int) -> (isut: Int, isstd: Int, leap: Int, time: Int, type: Int, char: Int)? {
            guard at + 44 <= b.count, b[at] == 0x54, b[at + 1] == 0x5A, b[at + 2] == 0x69, b[at + 3] == 0x66,
                  let a = u32(at + 20), let c = u32(at + 24), let d = u32(at + 28), let e = u32(at + 32),
                  let f = u32(at + 36), let g = u32(at + 40) else { return nil }
            return (a, c, d, e, f, g)
        }
        guard let first = header(0) else { return nil }
        var at = 44
        var width = 4
        var h = first
        if b[4] >= 0x32 { // version 2 or later: skip the 32-bit block
            at += first.time * 4 + first.time + first.type * 6 + first.char + first.leap * 8 + first.isstd + first.isut
            guard let second = header(at) else { return nil }
            h = second
            at += 44
            width = 8
        }
        var transitions: [Int64] = []
        for i in 0..<h.time {
            guard let t = width == 8 ? s64(at + i * 8) : s32(at + i * 4) else { return nil }
            transitions.append(t)
        }
        at += h.time * width
        guard at + h.time <= b.count else { return nil }
        let kinds = (0..<h.time).map { Int(b[at + $0]) }
        at += h.time
        var raw: [(Int, Int)] = []
        for i in 0..<h.type {
            guard let offset = s32(at + i * 6), at + i * 6 + 5 < b.count else { return nil }
            raw.append((Int(offset), Int(b[at + i * 6 + 5])))
        }
        at += h.type * 6
        guard at + h.char <= b.count, !raw.isEmpty, kinds.allSatisfy({ $0 < raw.count }) else { return nil }
        let names = Array(b[at..<(at + h.char)])
        let offsets = raw.map { offset, index -> (seconds: Int, abbreviation: String) in
            let end = names[min(index, names.count)...].firstIndex(of: 0) ?? names.count
            return (offset, String(decoding: names[min(index, names.count)..<end], as: UTF8.self))
        }
        return (transitions, kinds, offsets)
    }

    /// The local zone at an instant, from the C library: seconds east of UTC and the abbreviation.
    public static func local(at seconds: Int64) -> (offset: Int, abbreviation: String) {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        let abbreviation = parts.tm_zone.map { String(cString: $0) } ?? "UTC"
        return (Int(parts.tm_gmtoff), abbreviation)
    }
}
