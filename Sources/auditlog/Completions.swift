import AuditStore

/// `auditlog completions bash|zsh|fish`: a completion script from the same option table: commands, each
/// command's options, the values an option takes from a few, and files where files go.
enum Completions {
    /// `auditlog complete-names customer|subscription|admin TEXT [--db PATH]`: up to 50 names the screens
    /// show (emails, or ids), one a line; nothing (and status 0) when there is no database.
    static func names(_ words: [String]) -> Int32 {
        guard words.count >= 1, let kind = EntityKind(rawValue: words[0]) else { return 2 }
        let text = words.count > 1 && !words[1].hasPrefix("--") ? words[1] : ""
        let db = words.firstIndex(of: "--db").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        guard let store = try? AuditStore(path: Environment.databasePath(db), mode: .readOnly),
              let found = try? store.entities(kind, matching: text, limit: 50) else { return 0 }
        for entity in found { print(entity.email ?? entity.id) }
        return 0
    }

    /// Options whose values are names, and the kind they name.
    static let nameOptions = [("--customer", "customer"), ("--subscription", "subscription"), ("--admin", "admin")]

    static func script(for shell: String) -> String? {
        let commands = Commands.specs
        switch shell {
        case "bash":
            var cases = ""
            for command in commands {
                let words = command.options.flatMap(\.spellings).joined(separator: " ")
                // The values an option of this command takes from a few (`--format` differs by command).
                let values = command.options.filter { !$0.choices.isEmpty }.map { option in
                    "\(option.spellings.joined(separator: "|"))) COMPREPLY=($(compgen -W \"\(option.choices.joined(separator: " "))\" -- \"$cur\")); return ;;"
                }.joined(separator: " ")
                cases += "        \(command.name)) case \"$prev\" in \(values) esac; opts=\"\(words)\" ;;\n"
            }
            return """
                # bash completion for auditlog (made by `auditlog completions bash`)
                _auditlog() {
                    local cur prev cmd opts
                    cur="${COMP_WORDS[COMP_CWORD]}"
                    prev="${COMP_WORDS[COMP_CWORD-1]}"
                    cmd="${COMP_WORDS[1]}"
                    case "$prev" in
                        --db|--output|-o|--errors|--users|--customers) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                        --customer|--subscription|--admin)
                            local db=() i
                            for ((i = 1; i < COMP_CWORD; i++)); do [ "${COMP_WORDS[i]}" = --db ] && db=(--db "${COMP_WORDS[i+1]}"); done
                            local IFS=$'\n'
                            COMPREPLY=($(auditlog complete-names "${prev#--}" "$cur" "${db[@]}" 2>/dev/null))
                            return ;;
                    esac
                    if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
                        COMPREPLY=($(compgen -W "\(Commands.names.joined(separator: " "))" -- "$cur") $(compgen -f -- "$cur"))
                        return
                    fi
                    case "$cmd" in
                \(cases)        *) opts="\(BrowseCommand.spec.options.flatMap(\.spellings).joined(separator: " "))" ;;
                    esac
                    if [[ "$cur" == -* ]]; then
                        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -f -- "$cur"))
                    fi
                }
                complete -F _auditlog auditlog

                """
        case "zsh":
            var out = "#compdef auditlog\n# zsh completion for auditlog (made by `auditlog completions zsh`)\n_auditlog() {\n"
            out += "  local -a commands\n  commands=(" + Commands.names.map { "'\($0)'" }.joined(separator: " ") + ")\n"
            out += "  if (( CURRENT == 2 )); then _describe command commands; _files; return; fi\n  case $words[2] in\n"
            for command in commands {
                let specs = command.options.map { option -> String in
                    let help = option.help.split(separator: "\n").first.map(String.init) ?? ""
                    let clean = help.replacing("'", with: "").replacing("[", with: "(")
                        .replacing("]", with: ")").replacing(":", with: "")
                    let name = (option.value ?? "").filter { $0.isLetter || $0 == "." }
                    let kind = nameOptions.first { $0.0 == option.name }?.1
                    let action = !option.choices.isEmpty ? "(" + option.choices.joined(separator: " ") + ")"
                        : kind.map { "{compadd -- ${(f)\"$(auditlog complete-names \($0) \"$PREFIX\" 2>/dev/null)\"}}" }
                        ?? (name.contains("PATH") || name.contains("FILE") ? "_files" : " ")
                    let value = option.value == nil ? "" : ":" + name + ":" + action
                    return "'\(option.name)[\(clean)]\(value)'"
                }
                out += "    \(command.name)) _arguments " + specs.joined(separator: " ") + " '*:file:_files' ;;\n"
            }
            return out + "  esac\n}\n_auditlog \"$@\"\n"
        case "fish":
            var out = "# fish completion for auditlog (made by `auditlog completions fish`)\n"
            let names = Commands.names.joined(separator: " ")
            out += "complete -c auditlog -n '__fish_use_subcommand' -a '\(names)'\n"
            for command in commands {
                for option in command.options {
                    let help = (option.help.split(separator: "\n").first.map(String.init) ?? "")
                        .replacing("'", with: "\\'")
                    var line = "complete -c auditlog -n '__fish_seen_subcommand_from \(command.name)' -l \(option.name.dropFirst(2))"
                    if let kind = nameOptions.first(where: { $0.0 == option.name })?.1 {
                        line += " -x -a '(auditlog complete-names \(kind) (commandline -ct) 2>/dev/null)'"
                    } else if option.value != nil {
                        line += option.choices.isEmpty ? " -r -F" : " -x -a '\(option.choices.joined(separator: " "))'"
                    }
                    out += line + " -d '\(help)'\n"
                }
            }
            return out
        default:
            return nil
        }
    }
}
