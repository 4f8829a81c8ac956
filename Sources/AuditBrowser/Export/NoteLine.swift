import AuditStore

/// How a note reads as text — `note list`, exports `--with-notes` and the expansion share it: a heading
/// (when, who, which note it corrects), then its lines, sanitised.
public enum NoteLine {
    /// `2026-03-02 10:15:07 alice (note 3, corrects note 1)`.
    public static func heading(_ note: Note, clock: Clock, glyphs: Glyphs = .unicode) -> String {
        glyphs.line(clock.localText(note.time) + " " + note.author + " (note \(note.id)"
            + (note.corrects.map { ", corrects note \($0)" } ?? "") + ")")
    }

    /// The note's lines, each sanitised.
    public static func lines(_ note: Note, glyphs: Glyphs = .unicode) -> [String] {
        note.text.split(separator: "\n", omittingEmptySubsequences: false).map { glyphs.line(String($0)) }
    }

    /// A note under its record, as text: the heading and its lines, indented.
    public static func block(_ note: Note, clock: Clock, indent: String = "    ", glyphs: Glyphs = .unicode) -> [String] {
        [indent + "note " + heading(note, clock: clock, glyphs: glyphs) + ":"] + lines(note, glyphs: glyphs).map { indent + "  " + $0 }
    }

    /// A note with its record, for `note list`: the heading, the record's line, then the note's lines.
    public static func listed(_ noted: NotedRecord, clock: Clock, glyphs: Glyphs = .unicode) -> [String] {
        [heading(noted.note, clock: clock, glyphs: glyphs) + " on \(noted.record.ref):",
         "  " + RecordLine.text(noted.record, customerLabel: noted.record.customerLabel, clock: clock, glyphs: glyphs)]
            + lines(noted.note, glyphs: glyphs).map { "  > " + $0 }
    }
}
