/// Options several commands share, declared once.
enum Common {
    static let db = OptionSpec("--db", value: "PATH", "the database (default: $AUDITLOG_DB, else ~/.local/share/auditlog/audit.db)")
    static let utc = OptionSpec("--utc", "times in UTC instead of the local zone")
    static let mouse = OptionSpec("--mouse", "wheel scrolling and click to select")
    static let utf8 = OptionSpec("--utf8", "the terminal shows UTF-8 whatever the locale says (also AUDITLOG_UTF8=1)")
    static let ascii = OptionSpec("--ascii", "draw in ASCII whatever the locale")
    static let noClipboard = OptionSpec("--no-clipboard", "y and Y send nothing to the terminal's clipboard; y shows the\n"
        + "record's reference to copy by hand (also AUDITLOG_CLIPBOARD=0)")
    static let output = OptionSpec("--output", value: "FILE", aliases: ["-o"], "write to FILE (complete or not at all)")
}
