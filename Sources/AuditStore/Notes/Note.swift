#if canImport(Glibc)
import Glibc
#endif

/// A finding someone wrote on a record: who (the operating system's account that wrote it), when (the
/// clock), and what. Notes are never edited nor deleted: a correction is a new note naming the one it
/// corrects. A note belongs to its record by the record's content identity (time, fingerprint and
/// occurrence), so it stays with the record however the logs are imported again.
public struct Note: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var author: String
    public var time: Timestamp
    public var text: String
    /// The note this one corrects, if any.
    public var corrects: Int64?

    public init(id: Int64, author: String, time: Timestamp, text: String, corrects: Int64? = nil) {
        self.id = id
        self.author = author
        self.time = time
        self.text = text
        self.corrects = corrects
    }
}

/// A note with the record it is on (a list of a view's notes, the report, `note list`).
public struct NotedRecord: Equatable, Sendable {
    public var note: Note
    public var record: AuditRecord

    public init(note: Note, record: AuditRecord) {
        self.note = note
        self.record = record
    }
}

/// A record's content identity: what a note is attached to (the identity index's columns).
public struct RecordIdentity: Hashable, Sendable {
    public var time: Int64
    public var fingerprint: Int64
    public var occurrence: Int64

    public init(time: Int64, fingerprint: Int64, occurrence: Int64) {
        self.time = time
        self.fingerprint = fingerprint
        self.occurrence = occurrence
    }
}

/// The author of a note: the login name of the real user id (`getuid` → `getpwuid_r`), never a name
/// typed or read from the environment (`USER`, `LOGNAME` can say anything).
public enum NoteAuthor {
    /// The login name of the account running this process; `uid N` when the account has no name.
    public static func current() -> String { login(of: getuid()) }

    /// The login name of a user id (the owner of a drop file, which the kernel sets).
    public static func login(of uid: uid_t) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    /// The user id of a login name, if the system knows it.
    public static func uid(of login: String) -> uid_t? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(login, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.pw_uid
    }
}

/// What a note's text may be: not empty, at most `maximumLength` characters. Anything else (controls
/// included) is kept as written and shown escaped, as every text from the data is.
public enum NoteText {
    public static let maximumLength = 4_000

    /// The text as stored (trailing blank lines and spaces dropped), or why it is refused.
    public static func checked(_ text: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
            return String(line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        let stored = lines.joined(separator: "\n")
        guard !stored.isEmpty else { throw StoreError("a note needs some text") }
        guard stored.count <= maximumLength else {
            throw StoreError("a note holds at most \(maximumLength) characters (this one has \(stored.count))")
        }
        return stored
    }
}
