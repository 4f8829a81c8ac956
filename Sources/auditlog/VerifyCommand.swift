import AuditBrowser
import AuditStore

/// `auditlog verify [SOURCES…] [--head HASH]`: the store's hash chain walked (a record changed, removed or
/// added by hand is named), and with sources, the logs read again and compared with the store record by
/// record. Exit 0 only when nothing is missing, different or out of the chain.
enum VerifyCommand: CommandDefinition {
    static let spec = CommandSpec(
        name: "verify", operands: "[FILE|DIR|GLOB...]",
        summary: """
            Checks the store. It keeps a hash chain over its records in the order they were stored (SHA-256 of
            the previous link and the record's content): verify walks it and names the first records changed,
            removed or inserted by hand (sqlite3 audit.db "update ..." is caught); notes have a chain of their
            own, walked the same way (a note changed, removed or inserted by hand is named), and so have the
            shared server's access records (who looked). With --head HASH (the chain
            head a report or export wrote), it also proves the records up to that head are unaltered. It checks
            the newest chain head the ingester published to the system log (read from the journal with
            journalctl, the entries of the uid owning the store; --heads FILE reads a copied log, plain syslog or
            journalctl -o cat): records removed from the end, with their links, are caught there. With
            sources (any form import reads), it reads them again and reports per source the records present and
            identical, missing from the store and different in it, with FILE:LINE and the record's id; then the
            records in the store that no given source holds. Nothing is written. See SECURITY.md for what this
            proves and what it cannot.
            """,
        groups: [(nil, [
            head, heads, ImportCommand.timezone, ImportCommand.lineFormat, ImportCommand.format,
            Common.utc, Common.db,
        ])],
        notes: "Exit status 0 when the chain is whole (and the head found, the newest published head in the chain, and no "
            + "source record missing or different), else 1.")

    static let head = OptionSpec("--head", value: "HASH", "the chain head a report or export wrote (64 hex digits, or 16 or more)")
    static let heads = OptionSpec("--heads", value: "FILE", "the heads an import published, from a copy of the system log")

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, spec: spec)
        try PrivilegedMode.refuse("verify", files: arguments.positional)
        let head = arguments.value(Self.head)
        if let head, head.count < 16 || head.count > 64 || !head.allSatisfy(\.isHexDigit) {
            throw CommandError.usage("--head takes the chain head as hexadecimal digits (16 to 64), not \"\(Sanitizer.line(head))\"")
        }
        let options = try ImportCommand.readingOptions(arguments)
        let clock = Clock.system(utc: arguments.has(Common.utc))
        let store = try Environment.openForReading(Environment.databasePath(arguments.value(Common.db)))
        var failed = false
        func describe(_ id: Int64) -> String {
            guard let record = try? store.recordSummary(id: id) else { return "record \(NumberText.grouped(Int(id)))" }
            return "record \(NumberText.grouped(Int(id))) (\(clock.localText(record.time)) \(Sanitizer.line(record.message)))"
        }

        let chain = try store.verifyChain(head: head)
        if chain.isWhole {
            print("chain: \(NumberText.grouped(chain.records)) records, whole" + (chain.head.map { "; head \($0.link)" } ?? ""))
        } else {
            failed = true
            print("chain: \(NumberText.grouped(chain.records)) records, \(NumberText.grouped(chain.problemCount)) "
                + "problem\(chain.problemCount == 1 ? "" : "s"):")
            for problem in chain.problems {
                switch problem {
                case .altered(let id):
                    // The link covers the columns together: which one changed, only the record's log can say.
                    print("  \(describe(id)): changed after it was stored (`auditlog verify LOG` names the column)")
                case .unlinked(let id): print("  \(describe(id)): not stored by auditlog (inserted by hand)")
                case .removed(let ids) where ids.count == 1: print("  record \(NumberText.grouped(Int(ids.lowerBound))): removed")
                case .removed(let ids):
                    print("  records \(NumberText.grouped(Int(ids.lowerBound)))–\(NumberText.grouped(Int(ids.upperBound))): removed")
                }
            }
            if chain.problemCount > chain.problems.count {
                print("  … and \(NumberText.grouped(chain.problemCount - chain.problems.count)) more")
            }
            if let now = chain.head { print("  head now \(now.link)") }
        }
        failed = !reportChain(try store.verifyNoteChain(), heading: "notes", one: "note", many: "notes") || failed
        if let line = NoteCommand.dropLine(try store.dropCounts()) { print(line) }
        failed = !reportChain(try store.verifyAccessChain(), heading: "access records", one: "access record",
                              many: "access records") || failed
        if !(try checkPublishedHead(store: store, file: arguments.value(Self.heads),
                                    database: Environment.databasePath(arguments.value(Common.db)), describe: describe)) {
            failed = true
        }
        if let head {
            if let id = chain.headRecord, chain.headHolds {
                print("head \(head): \(describe(id)); the \(NumberText.grouped(Int(id))) records stored up to it are unaltered")
            } else if let id = chain.headRecord {
                failed = true
                print("head \(head): \(describe(id)), but records stored before it were changed since")
            } else {
                failed = true
                print("head \(head): no record of this store has it (not made from this store, or its records were removed)")
            }
        }

        let paths = arguments.positional
        if !paths.isEmpty {
            let (files, unmatched) = SourceSet.expand(paths)
            for problem in unmatched {
                Console.error("\(problem.argument): \(problem.reason)")
                failed = true
            }
            let comparison = try store.compare(sources: files, options: options)
            for source in comparison.sources {
                let name = Sanitizer.line(source.path)
                var line = "\(name): \(NumberText.grouped(source.identical)) identical, \(NumberText.grouped(source.missing)) "
                    + "missing from the store, \(NumberText.grouped(source.different)) different in the store"
                if source.unreadable > 0 { line += ", \(NumberText.grouped(source.unreadable)) unreadable (import skips them too)" }
                print(line)
                for example in source.missingExamples {
                    print("  \(name):\(example.line): missing: \(clock.localText(example.time)) \(Sanitizer.line(example.message))")
                }
                for example in source.differentExamples {
                    print("  \(name):\(example.line): different in the store: \(describe(example.id ?? 0))"
                        + (example.columns.isEmpty ? "" : ": " + example.columns.joined(separator: ", ") + " differ"
                            + (example.columns.count == 1 ? "s" : "")))
                }
            }
            print("store: \(NumberText.grouped(comparison.onlyInStore)) record\(comparison.onlyInStore == 1 ? "" : "s") "
                + "in no given source")
            for example in comparison.onlyInStoreExamples {
                print("  record \(NumberText.grouped(Int(example.id))): \(clock.localText(example.time)) \(Sanitizer.line(example.message))")
            }
            if !comparison.storeHoldsTheSources { failed = true }
        }
        if failed { throw CommandError.quietFailure }
    }

    /// A chain of its own (notes, access records), on its own line when the store holds some (or held some):
    /// whether it is whole, else each one changed, removed or inserted by hand.
    static func reportChain(_ chain: ChainReport, heading: String, one: String, many: String) -> Bool {
        guard chain.records > 0 || !chain.isWhole else { return true }
        let count = "\(NumberText.grouped(chain.records)) \(chain.records == 1 ? one : many)"
        if chain.isWhole {
            print("\(heading): \(count), whole" + (chain.head.map { "; head \($0.link)" } ?? ""))
            return true
        }
        print("\(heading): \(count), \(NumberText.grouped(chain.problemCount)) problem\(chain.problemCount == 1 ? "" : "s"):")
        for problem in chain.problems {
            switch problem {
            case .altered(let id): print("  \(one) \(id): changed after it was stored")
            case .unlinked(let id): print("  \(one) \(id): not stored by auditlog (inserted by hand)")
            case .removed(let ids) where ids.count == 1: print("  \(one) \(ids.lowerBound): removed")
            case .removed(let ids): print("  \(many) \(ids.lowerBound)–\(ids.upperBound): removed")
            }
        }
        if chain.problemCount > chain.problems.count {
            print("  … and \(NumberText.grouped(chain.problemCount - chain.problems.count)) more")
        }
        return false
    }

    /// The newest head the ingester published for this store, against the chain: whether it is still there.
    /// False when it is not (records removed from the end, or the chain rewritten up to it).
    static func checkPublishedHead(store: AuditStore, file: String?, database: String,
                                   describe: (Int64) -> String) throws -> Bool {
        let path = SystemLog.absolute(database)
        // Nowhere to read heads (no --heads, no journal kept here): nothing to say; the chain's own check stands.
        guard let (heads, source) = try SystemLog.publishedHeads(file: file, database: path) else { return true }
        var mine = heads.filter { $0.database == path }
        var note = ""
        if mine.isEmpty, file != nil, let other = heads.last?.database, heads.allSatisfy({ $0.database == other }) {
            // A copied store beside its copied log: the heads its ingester published under its own path.
            mine = heads
            note = " for \(Sanitizer.line(other))"
        }
        guard let newest = PublishedHead.newest(mine, for: mine.first?.database ?? path) else {
            print("published head: none for \(Sanitizer.line(path)) in \(Sanitizer.line(source))")
            return true
        }
        let what = "published head: record \(NumberText.grouped(Int(newest.id)))\(note), the newest in \(Sanitizer.line(source)),"
        switch try store.check(newest) {
        case .inChain:
            print("\(what) is in the chain")
            return true
        case .removed(let storeHead):
            print("\(what) is not in the store: records were removed from the end (its chain now ends at "
                + (storeHead == 0 ? "no record" : describe(storeHead)) + "), or the store was replaced")
            return false
        case .rewritten:
            print("\(what) has another link in the store: the chain was rewritten up to \(describe(newest.id)), "
                + "or the store was replaced")
            return false
        }
    }
}
