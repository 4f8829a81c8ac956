/// Notes as scripts read them: JSON objects and CSV rows, for `note list`, exports `--with-notes` and the
/// report. Times are RFC 3339 (UTC), as records' are.
public enum NoteEncoding {
    /// `{"id":3,"time":"…","author":"alice","corrects":null,"text":"…"}`.
    public static func json(_ note: Note) -> String {
        var out = "{\"id\":\(note.id),\"time\":\"\(note.time.rfc3339)\",\"author\":"
        JSONValue.writeString(note.author, to: &out)
        out += ",\"corrects\":" + (note.corrects.map(String.init) ?? "null") + ",\"text\":"
        JSONValue.writeString(note.text, to: &out)
        return out + "}"
    }

    /// A note with its record: the note's keys, then `"record_ref"` (the record's reference) and `"record"`:
    /// the record as an export writes it.
    public static func json(_ noted: NotedRecord) -> String {
        String(json(noted.note).dropLast()) + ",\"record_ref\":\"\(noted.record.ref)\",\"record\":" + RecordEncoding.json(noted.record) + "}"
    }

    /// A record's notes as a JSON array (an export's `"notes"` key).
    public static func jsonArray(_ notes: [Note]) -> String { "[" + notes.map(json).joined(separator: ",") + "]" }

    public static let csvHeader = "note_id,note_time,author,corrects,text,record_ref,record_id,record_time,record_message"

    public static func csv(_ noted: NotedRecord) -> String {
        let note = noted.note, record = noted.record
        return [String(note.id), note.time.rfc3339, CSV.field(note.author), note.corrects.map(String.init) ?? "",
                CSV.field(note.text), record.ref.text, String(record.id), record.time.rfc3339, CSV.field(record.message)]
            .joined(separator: ",")
    }

    /// A record's notes in one CSV cell (an export's `notes` column): `TIME AUTHOR: TEXT`, one a line.
    public static func cell(_ notes: [Note]) -> String {
        CSV.field(notes.map { "\($0.time.rfc3339) \($0.author): \($0.text)" }.joined(separator: "\n"))
    }
}
