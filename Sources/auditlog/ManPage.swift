import AuditBrowser
import AuditReview
import AuditStore

/// `auditlog --man`: the manual page in roff, made from the same declarations that parse the options
/// (`CommandSpec`) and handle the keys (`Keymap`), so it cannot drift from what the program does.
enum ManPage {
    static func roff(version: String) -> String {
        var out = """
            .TH AUDITLOG 1 "" "auditlog \(version)" "User Commands"
            .SH NAME
            auditlog \\- browse BillaBear audit logs in the terminal
            .SH SYNOPSIS

            """
        for command in Commands.specs {
            out += ".B auditlog \(command.name)\n"
            out += escape(command.options.map { "[" + $0.name + ($0.value.map { " " + $0 } ?? "") + "]" }
                .joined(separator: " ") + (command.operands.map { " " + $0 } ?? "")) + "\n.br\n"
        }
        out += """
            .B auditlog FILE\\fR...
            .br
            .B auditlog REF
            .SH DESCRIPTION
            A full-screen browser for the audit records of BillaBear: who did what, when, to which customer and
            subscription. Records are imported from Monolog and Elasticsearch logs (also as Docker, Kubernetes,
            journald or syslog keep them) into an indexed SQLite database; browsing opens it read-only. Given log files, auditlog imports them and opens on their newest records.
            A customer's log includes its subscriptions' changes: a subscription belongs to the customer named by its newest record that names one (at the same moment, the greater id), whatever order the logs are imported in.
            .PP
            Every record has a reference, such as \\fBr7kq\\-2m9x\\-hd4c\\-a3fz\\fR: made from what the record says
            (and which occurrence it is of identical records in one log), so it is the same on every machine and
            after any re\\-import of the same logs, in any order and any of their forms. The expansion shows it,
            every export and the report write it, \\fBy\\fR copies it, \\fBauditlog show REF\\fR prints the record
            and \\fBauditlog REF\\fR opens the browser on it; \\fBref:\\fR filters by it. Dashes and case do not
            matter, and its first 6 characters or more do when no other record's reference starts so.

            """
        out += filterLanguage
        for entry in Commands.all {
            let command = entry.spec
            out += ".SH \(command.name.uppercased())\n" + paragraphs(command.summary)
            for alias in entry.aliases { out += ".PP\n\\fBauditlog \(alias.name)\\fR is the same command.\n" }
            for group in command.groups {
                if let heading = group.heading { out += ".SS \(escape(heading))\n" }
                for option in group.options {
                    let spelled = (option.aliases + [option.name]).map { "\\fB" + escape($0) + "\\fR" }
                        .joined(separator: ", ") + (option.value.map { " \\fI" + escape($0) + "\\fR" } ?? "")
                    var help = option.help.replacing("\n", with: " ")
                    if !option.choices.isEmpty { help += " (" + option.choices.joined(separator: ", ") + ")" }
                    out += ".TP\n" + spelled + "\n" + escape(help) + "\n"
                }
            }
            if !command.notes.isEmpty { out += ".PP\n" + escape(command.notes) + "\n" }
        }
        out += reviewSettings
        out += roles
        out += ".SH KEYS\n"
        for binding in Keymap.bindings {
            out += ".TP\n\\fB" + escape(binding.keys.map(\.name).joined(separator: " ")) + "\\fR\n" + escape(binding.help) + "\n"
        }
        out += """
            .SH ENVIRONMENT
            .TP
            .B AUDITLOG_DB
            The database when \\fB\\-\\-db\\fR is not given (default ~/.local/share/auditlog/audit.db).
            .TP
            .B AUDITLOG_UTF8
            1: the terminal shows UTF\\-8 whatever the locale says.
            .TP
            .B AUDITLOG_CLIPBOARD
            0: \\fBy\\fR and \\fBY\\fR send nothing to the terminal's clipboard (as \\fB\\-\\-no\\-clipboard\\fR).
            .TP
            .B NO_COLOR
            Set: no colour (every marker still reads).
            .TP
            .B AUDITLOG_SYSLOG_FILE
            An import appends the chain heads it publishes to this file (as a syslog daemon writes them) instead of
            sending them to the system log, and \\fBverify\\fR reads them there instead of the journal: for tests, and
            machines without a system log.
            .TP
            .B AUDITLOG_ROLE
            agent: read the store as an agent does (customers' personal data masked, \\fBv\\fR to reveal), to see
            what agents see. It only lowers a role: reviewer changes nothing.
            .TP
            .B ESCDELAY
            Milliseconds the Escape key waits for a sequence (default 50).
            .PP
            On a shared server, where \\fB/usr/bin/auditlog\\fR is setgid \\fBauditlog\\fR, \\fBAUDITLOG_DB\\fR and
            \\fB\\-\\-db\\fR may only name the shared store, and \\fBAUDITLOG_SYSLOG_FILE\\fR, \\fBTERMINFO\\fR,
            \\fBTERMINFO_DIRS\\fR, \\fBTERMCAP\\fR, \\fBTMPDIR\\fR, \\fBTZDIR\\fR and every \\fBLD_*\\fR,
            \\fBSWIFT_*\\fR and \\fBSQLITE_*\\fR variable are ignored; programs are run only from /usr/bin or /bin.
            .SH FILES
            .TP
            .B ~/.local/share/auditlog/audit.db
            A single user's database (\\fB$XDG_DATA_HOME/auditlog\\fR when that is set); \\fBdemo.db\\fR beside it.
            .TP
            .B /var/lib/auditlog/audit.db
            The shared server's store (Debian package): written by the ingester (user \\fBauditlog\\fR,
            \\fBauditlog\\-ingest.service\\fR), mode 0640 in a 0750 directory, readable only by group \\fBauditlog\\fR,
            which is \\fB/usr/bin/auditlog\\fR's (setgid, mode 2755) and no person's. Agents and reviewers read it
            through \\fBauditlog\\fR; there \\fBimport\\fR, \\fBdemo\\fR, opening log files and \\fBverify FILE\\fR are
            refused, and every file written (\\fB\\-o\\fR, the browser's export) belongs to the person who ran it.
            .TP
            .B /etc/auditlog/roles
            Which groups give which role on the shared server, one \\fIGROUP\\fR = \\fIROLE\\fR a line (\\fBagent\\fR:
            personal data masked; \\fBreviewer\\fR: everything); the package maps \\fBauditlog\\-agents\\fR and
            \\fBauditlog\\-reviewers\\fR. Someone in no group it names may not use auditlog there.
            .TP
            .B /etc/auditlog/review.conf
            The review's settings (REVIEW SETTINGS).
            .SH EXIT STATUS
            0 ok, 1 failure (one line on standard error), 2 usage error; \\fBauditlog review\\fR exits 3 when it
            has findings.
            .SH FILES
            .TP
            .B ~/.local/share/auditlog/audit.db
            The database when neither \\fB\\-\\-db\\fR nor \\fBAUDITLOG_DB\\fR says another.
            .TP
            .B /var/lib/auditlog/audit.db
            The Debian package's shared store: written only by the ingester (user \\fBauditlog\\fR,
            \\fBauditlog\\-ingest.service\\fR), read by the \\fBauditlog\\fR group.
            .TP
            .B /var/spool/auditlog
            The package's drop directory, mode 1730 auditlog:auditlog: how users who cannot write the store hand
            notes to the ingester (\\fBimport \\-\\-drop\\fR, which records the directory in the store, where
            \\fBnote add\\fR and the browser's \\fBw\\fR find it). Members of the group may create files
            there but not list them, and only a file's owner and the ingester may remove one. A note is one file,
            written as \\fB.tmp\\-\\fR\\fIRANDOM\\fR and renamed to \\fBnote\\-\\fR and the SHA\\-256
            of its bytes; the ingester takes the author from the file's owner (a file claiming another author is
            refused, counted in the store and logged), stores the note and removes the file. \\fBverify\\fR and
            \\fBnote list\\fR say how many files were refused, and why.
            .TP
            .B /etc/default/auditlog
            \\fBAUDITLOG_LOGS\\fR: the logs the package's ingester imports and follows.

            """
        return out
    }

    /// The review's detectors with their exact rules, and every key of `review.conf`, from their declarations.
    static var reviewSettings: String {
        var out = ".SH REVIEW DETECTORS\n"
        for kind in FindingKind.allCases {
            out += ".TP\n\\fB" + escape(kind.rawValue) + "\\fR (" + escape(kind.title) + ")\n" + escape(kind.rule) + "\n"
        }
        out += ".SH REVIEW SETTINGS\n" + escape("$XDG_CONFIG_HOME/auditlog/review.conf (~/.config when unset), else "
            + "/etc/auditlog/review.conf, or the file --config names: key = value a line, # comments. A bad line is an "
            + "error naming the file and line (exit 1). The command's options override the file.") + "\n"
        for key in ReviewSettings.keys {
            out += ".TP\n\\fB" + escape(key.name) + "\\fR = \\fI" + escape(key.value) + "\\fR\n" + escape(key.meaning) + "\n"
        }
        let defaults = ReviewSettings()
        out += ".PP\nThe default sensitive actions (a file's sensitive_action lines replace them):\n"
        for action in defaults.sensitiveActions { out += ".IP\n" + escape(action) + "\n" }
        out += ".PP\nThe default payment actions (a file's contact_payment.payment_action lines replace them):\n"
        for action in defaults.paymentActions { out += ".IP\n" + escape(action) + "\n" }
        return out
    }

    /// Who sees customers' personal data (issue 22): the roles file, its package default, and what each role sees.
    static var roles: String {
        var out = ".SH ROLES\n" + escape("On the Debian package's shared server, " + RolesFile.defaultPath + " (root's, "
            + "mode 644) gives roles to groups: GROUP = ROLE a line, ROLE agent or reviewer, # comments. A person's "
            + "role is the highest their groups give (reviewer wins over agent); someone in no group it names may not "
            + "use auditlog there (one line, exit 1). A bad line is an error naming the file and line. Outside the "
            + "shared server (your own store) you are a reviewer.") + "\n"
        out += ".TP\n\\fBagent\\fR\n" + escape("Customers' personal data masked in every output: the browser, "
            + "export, report, state, show, review, note list. An e-mail as j•••@acme.example (j***@acme.example on an "
            + "ASCII screen), a name as its initials (J. D.), an address as its city, a tax number or a phone as its "
            + "last 3 characters, payment details hidden; any e-mail address inside a message or context value too. "
            + "A change still shows that its field changed and when. Billing admins (colleagues) are not masked, nor "
            + "notes (staff's own words). Searches and filters look only at what an agent sees: a customer is found "
            + "by its id or its whole e-mail, never by part of it or by name, and no near names are offered. v on a "
            + "record asks why and then shows that record unmasked; the reason goes into the access record, and a "
            + "reveal that cannot be recorded does not happen.") + "\n"
        out += ".TP\n\\fBreviewer\\fR\n" + escape("Everything, unmasked; v has nothing to reveal.") + "\n"
        out += ".PP\nThe package's default:\n.nf\n" + escape(RolesFile.packageDefault) + ".fi\n"
        return out
    }

    /// The filter language, from its one description (`QueryText.Filter`): each word, free words, examples.
    static var filterLanguage: String {
        var out = ".SH FILTERS\nThe browser's filter prompt (\\fB/\\fR) and \\fB\\-\\-query\\fR take filters as one text, "
            + "\\fIword\\fB:\\fIvalue\\fR; each word is also an option of the commands that filter (\\fB\\-\\-customer\\fR "
            + "for \\fBcustomer:\\fR). All given must hold.\n"
        for filter in QueryText.Filter.allCases {
            let spelled = filter.spellings.map { "\\fB" + escape($0) + ":\\fI" + escape(filter.value) + "\\fR" }
                .joined(separator: ", ")
            out += ".TP\n" + spelled + "\n"
                + escape(filter.meaning.replacing("\n", with: " ")) + "\n"
        }
        out += ".PP\n" + escape(QueryText.freeWords.replacing("\n", with: " ")) + ". For example:\n"
        for example in QueryText.examples { out += ".IP\n" + escape(example) + "\n" }
        return out
    }

    /// roff text: backslashes doubled, a leading dot or quote defused, hyphens as hyphens, and every
    /// character beyond ASCII as a groff glyph escape (`\[u2192]`), so any man reads it in any locale.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case _ where scalar.value > 0x7E:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }

    private static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.isEmpty ? ".PP" : escape(String(line))
        }.joined(separator: "\n") + "\n"
    }
}
