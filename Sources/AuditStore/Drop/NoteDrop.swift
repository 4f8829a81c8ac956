/// Notes through the drop directory: a user who cannot write the store (an agent on the shared server) writes
/// a `note` file; the ingester takes it into `notes` with the file's owner as the author and its change time as
/// the note's time. The file says which author it was written for: one that is not its owner is refused.
///
/// `{"kind":"note","written":…,"nonce":…,"author":"alice","record":{"time_us":…,"fingerprint":…,
/// "occurrence":…},"ref":"r7kq-…","text":"…","corrects":null}`
enum NoteDrop {
    static let kind = DropKind(name: "note", take: take)

    static func fields(record: RecordIdentity, ref: RecordRef, author: String, text: String, corrects: Int64?) -> [(String, JSONValue)] {
        [("author", .string(author)),
         ("record", .object([("time_us", .number(String(record.time))), ("fingerprint", .number(String(record.fingerprint))),
                             ("occurrence", .number(String(record.occurrence)))])),
         ("ref", .string(ref.text)), ("text", .string(text)), ("corrects", corrects.map { .number(String($0)) } ?? .null)]
    }

    /// The ingester's side: the author is the file's owner; a file claiming another is refused as forged.
    @Sendable static func take(_ envelope: DropEnvelope, _ file: DroppedFile, _ db: Connection) throws -> String {
        guard let claimed = envelope["author"]?.stringValue else {
            throw DropRefusal(.format, "a note without its author", owner: file.ownerLogin)
        }
        guard claimed == file.ownerLogin else {
            throw DropRefusal(.forged, "it claims author \(claimed) but its owner is \(file.ownerLogin)", owner: file.ownerLogin)
        }
        guard let record = envelope["record"], let time = record["time_us"]?.int64Value,
              let fingerprint = record["fingerprint"]?.int64Value, let occurrence = record["occurrence"]?.int64Value,
              let text = envelope["text"]?.stringValue else {
            throw DropRefusal(.format, "a note without its record or text", owner: file.ownerLogin)
        }
        var corrects: Int64?
        switch envelope["corrects"] {
        case nil, .null?: break
        case let value?:
            guard let number = value.int64Value else { throw DropRefusal(.format, "corrects is not a note's number", owner: file.ownerLogin) }
            corrects = number
        }
        let identity = RecordIdentity(time: time, fingerprint: fingerprint, occurrence: occurrence)
        let note = try NoteSQL.insert(on: identity, author: file.ownerLogin, time: file.changed, text: text, corrects: corrects, db)
        let ref = RecordRef(fingerprint: UInt64(bitPattern: fingerprint), occurrence: occurrence)
        return "note \(note.id) by \(note.author) on \(ref)"
    }
}

extension AuditStore {
    /// Sends a note to the ingester: a `note` file in `directory` (the store's drop directory), for a store this
    /// user cannot write. Checked first as the store would check it (the text, the record, the note it
    /// corrects), so a mistake is said now rather than refused later. The author the file claims is this
    /// process's real user's login; the ingester takes the author from the file's owner, which is the same.
    /// Returns the file's name.
    @discardableResult
    public func sendNote(onRecord id: Int64, text: String, corrects: Int64? = nil, into directory: String) throws -> String {
        let stored = try NoteText.checked(text)
        let (identity, ref) = try read { db -> (RecordIdentity, RecordRef) in
            guard let identity = try NoteSQL.identity(ofRecord: id, db) else { throw StoreError("no record \(id) in this store") }
            if let corrects {
                let same = try db.scalarInt("""
                    SELECT count(*) FROM notes WHERE id = ? AND record_time_us = ? AND record_fingerprint = ? AND record_occurrence = ?
                    """, [.int(corrects), .int(identity.time), .int(identity.fingerprint), .int(identity.occurrence)])
                guard same == 1 else { throw StoreError("note \(corrects) is not a note on this record: a correction names a note on the same record") }
            }
            return (identity, RecordRef(fingerprint: UInt64(bitPattern: identity.fingerprint), occurrence: identity.occurrence))
        }
        let fields = NoteDrop.fields(record: identity, ref: ref, author: NoteAuthor.current(), text: stored, corrects: corrects)
        return try DropFile.write(kind: NoteDrop.kind.name, fields: fields, into: directory)
    }
}
