import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// "No role, no access" for a privileged process, until the masking work's roles (Role, its parser of
/// /etc/auditlog/roles, and what each role sees) replace it: this only decides WHETHER the person has a role.
/// /etc/auditlog/roles maps groups to roles, one `GROUP = ROLE` a line (`#` comments); a person's role comes from
/// the groups of their real user id (getgrouplist, from the group database: never from the environment), and
/// `reviewer` wins over `agent`.
enum MinimalRoleCheck {
    static let file = "/etc/auditlog/roles"
    static let roles = ["agent", "reviewer"]

    /// The group → role lines of the file; a line that is not `GROUP = ROLE` with a known role is ignored here (the
    /// roles parser names it).
    static func groupRoles(in text: String) -> [String: String] {
        var mapping: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let sides = content.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard sides.count == 2 else { continue }
            let group = sides[0].trimmingSpaces, role = sides[1].trimmingSpaces
            if !group.isEmpty, roles.contains(role) { mapping[group] = role }
        }
        return mapping
    }

    /// The role of someone in `groups`: reviewer over agent; nil for none.
    static func role(groups: [String], mapping: [String: String]) -> String? {
        let found = Set(groups.compactMap { mapping[$0] })
        return found.contains("reviewer") ? "reviewer" : found.contains("agent") ? "agent" : nil
    }

    /// nil when the real user has a role; else the one-line refusal.
    static func refusal() -> String? {
        guard let entry = getpwuid(getuid()) else { return "no access: user \(getuid()) has no name in the user database" }
        let login = String(cString: entry.pointee.pw_name)
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(entry.pointee.pw_name, entry.pointee.pw_gid, &ids, &count) < 0 {
            ids = [gid_t](repeating: 0, count: Int(count) + 64)
            count = Int32(ids.count)
        }
        let groups = ids.prefix(Int(count)).compactMap { id in getgrgid(id).map { String(cString: $0.pointee.gr_name) } }
        let text = readSmallFile(file) ?? ""
        guard role(groups: groups, mapping: groupRoles(in: text)) == nil else { return nil }
        return "no access: \(login) has no role in \(file) (an administrator adds them to a group it names, "
            + "e.g. usermod -aG auditlog-agents \(login))"
    }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
