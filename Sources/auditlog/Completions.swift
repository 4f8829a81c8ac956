import AuditStore

/// `auditlog completions bash|zsh|fish`: a completion script from the same tables: the commands
/// (`Commands`), each command's options, and for each option's value what `OptionSpec.completion` says —
/// its choices or a few words (levels), names from the store (`complete-names`), files, or nothing (a free
/// value never gets file names). Names are quoted as each shell needs (`ana.o\'neil@…`).
enum Completions {
    /// The kinds `complete-names` knows: the entities, and the channels and fields the records have.
    static let nameKinds = EntityKind.allCases.map(\.rawValue) + ["channel", "field"]

    /// `auditlog complete-names KIND TEXT [--db PATH]`: up to 50 values of a kind for the text typed so far,
    /// one a line: those that start with it (any case), else those that contain it. Each is a name the
    /// command resolves to that one entity (its email when that is unique, else its id), so what TAB
    /// completes is always accepted. Nothing (and status 0) when there is no database.
    static func names(_ words: [String]) -> Int32 {
        guard let kind = words.first, nameKinds.contains(kind) else { return 2 }
        let text = words.count > 1 && !words[1].hasPrefix("--") ? words[1] : ""
        let db = words.firstIndex(of: Common.db.name).flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        guard let store = try? AuditStore(path: Environment.databasePath(db), mode: .readOnly) else { return 0 }
        let found: [String]
        switch kind {
        case "channel": found = values((try? store.channels()) ?? [], for: text)
        case "field":
            // `Customer.bil`: the field after the entity's name.
            let entity = text.contains(".") ? String(text.prefix { $0 != "." }) + "." : ""
            found = values((try? store.fieldNames()) ?? [], for: String(text.dropFirst(entity.count))).map { entity + $0 }
        default:
            found = (try? entityNames(EntityKind(rawValue: kind)!, for: text, in: store)) ?? []
        }
        for name in found { print(name) }
        return 0
    }

    /// Those of `all` that start with `text` (any case), else those that contain it.
    static func values(_ all: [String], for text: String) -> [String] {
        let lower = text.lowercased()
        let starting = all.filter { $0.lowercased().hasPrefix(lower) }
        return starting.isEmpty ? all.filter { lower.isEmpty || $0.lowercased().contains(lower) } : starting
    }

    /// For each entity whose id, email or name holds the text, the name the command resolves to it.
    private static func entityNames(_ kind: EntityKind, for text: String, in store: AuditStore) throws -> [String] {
        var names: [String] = []
        for entity in try store.entities(kind, matching: text, limit: 50) {
            let accepted = [entity.email, entity.id].compactMap { $0 }.filter { name in
                if case .one(let found) = try? store.match(kind, name) { return found.id == entity.id }
                return false
            }
            let lower = text.lowercased()
            if let name = accepted.first(where: { $0.lowercased().hasPrefix(lower) }) ?? accepted.first { names.append(name) }
        }
        return values(names, for: text)
    }

    static func script(for shell: String) -> String? {
        switch shell {
        case "bash": bash()
        case "zsh": zsh()
        case "fish": fish()
        default: nil
        }
    }

    // MARK: bash

    private static func bash() -> String {
        /// One `case "$prev"` arm per option whose value is completed, and the command's option words.
        func block(_ command: CommandSpec) -> String {
            let arms = command.options.filter { $0.value != nil }.map { option -> String in
                let action = switch option.completion {
                case .files: "_auditlog_files"
                case .words(let words): "COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\"))"
                case .names(let kind): "_auditlog_names \(kind)"
                case .none: "COMPREPLY=()"
                }
                return "\(option.spellings.joined(separator: "|"))) \(action); return ;;"
            }.joined(separator: " ")
            let words = command.options.flatMap(\.spellings).joined(separator: " ")
            return "case \"$prev\" in \(arms) esac; opts=\"\(words)\""
        }
        var cases = ""
        for command in Commands.specs {
            cases += "        \(command.name)) \(block(command)) ;;\n"
        }
        return """
            # bash completion for auditlog (made by `auditlog completions bash`)
            _auditlog_files() {
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            }
            # Names from the database the command line names, each quoted for the shell (printf %q).
            _auditlog_names() {
                local db=() i text name
                for ((i = 1; i < COMP_CWORD; i++)); do [ "${COMP_WORDS[i]}" = --db ] && db=(--db "${COMP_WORDS[i+1]}"); done
                text=${cur#[\\"\\']}
                text=${text//\\\\/}
                COMPREPLY=()
                while IFS= read -r name; do
                    COMPREPLY+=("$(printf '%q' "$name")")
                done < <(auditlog complete-names "$1" "$text" "${db[@]}" 2>/dev/null)
            }
            _auditlog() {
                local cur prev cmd opts
                cur="${COMP_WORDS[COMP_CWORD]}"
                prev="${COMP_WORDS[COMP_CWORD-1]}"
                cmd="${COMP_WORDS[1]}"
                if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
                    mapfile -t COMPREPLY < <(compgen -W "\(Commands.names.joined(separator: " "))" -- "$cur"; compgen -f -- "$cur")
                    return
                fi
                case "$cmd" in
            \(cases)        *) \(block(Commands.all[0].spec)) ;;
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                else
                    _auditlog_files
                fi
            }
            complete -F _auditlog auditlog

            """
    }

    // MARK: zsh

    private static func zsh() -> String {
        var out = """
            #compdef auditlog
            # zsh completion for auditlog (made by `auditlog completions zsh`)
            # Names from the database the command line names; compadd quotes them as the line needs.
            _auditlog_names() {
              local -a names db
              local i
              for (( i = 2; i < CURRENT; i++ )); do [[ $words[i] == --db ]] && db=(--db $words[i+1]); done
              names=(${(f)"$(auditlog complete-names $1 ${(Q)PREFIX} $db 2>/dev/null)"})
              compadd -U -a names
            }
            _auditlog() {
              local -a commands
              commands=(\(Commands.names.map { "'\($0)'" }.joined(separator: " ")))
              if (( CURRENT == 2 )); then _describe command commands; _files; return; fi
              case $words[2] in

            """
        for command in Commands.specs {
            let specs = command.options.map { option -> String in
                let help = option.help.split(separator: "\n").first.map(String.init) ?? ""
                let clean = help.replacing("'", with: "").replacing("[", with: "(")
                    .replacing("]", with: ")").replacing(":", with: "")
                let name = (option.value ?? "").filter { $0.isLetter || $0 == "." }
                let action = switch option.completion {
                case .files: "_files"
                case .words(let words): "(" + words.joined(separator: " ") + ")"
                case .names(let kind): "{_auditlog_names \(kind)}"
                case .none: " "
                }
                let value = option.value == nil ? "" : ":" + name + ":" + action
                return "'\(option.name)[\(clean)]\(value)'"
            }
            out += "    \(command.name)) _arguments " + specs.joined(separator: " ") + " '*:file:_files' ;;\n"
        }
        return out + "  esac\n}\n_auditlog \"$@\"\n"
    }

    // MARK: fish

    private static func fish() -> String {
        var out = """
            # fish completion for auditlog (made by `auditlog completions fish`)
            # Names from the database the command line names; fish escapes them as it inserts them.
            function __auditlog_names
                set -l words (commandline -opc)
                set -l db
                set -l i (contains -i -- --db $words)
                and test (count $words) -gt $i
                and set db --db $words[(math $i + 1)]
                auditlog complete-names $argv[1] (commandline -ct) $db 2>/dev/null
            end
            complete -c auditlog -n '__fish_use_subcommand' -a '\(Commands.names.joined(separator: " "))'

            """
        for command in Commands.specs {
            for option in command.options {
                let help = (option.help.split(separator: "\n").first.map(String.init) ?? "")
                    .replacing("\\", with: "\\\\").replacing("'", with: "\\'")
                var line = "complete -c auditlog -n '__fish_seen_subcommand_from \(command.name)' -l \(option.name.dropFirst(2))"
                if let short = option.aliases.first(where: { $0.count == 2 }) { line += " -s \(short.dropFirst())" }
                if option.value != nil {
                    switch option.completion {
                    case .files: line += " -r -F"
                    case .words(let words): line += " -x -a '\(words.joined(separator: " "))'"
                    case .names(let kind): line += " -x -a '(__auditlog_names \(kind))'"
                    case .none: line += " -x"
                    }
                }
                out += line + " -d '\(help)'\n"
            }
        }
        return out
    }
}
