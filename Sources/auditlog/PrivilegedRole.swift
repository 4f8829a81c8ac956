import AuditStore
#if canImport(Glibc)
import Glibc
#endif

/// The role of a privileged process's person (SECURITY.md, "Only through auditlog"): the highest role
/// /etc/auditlog/roles (`RolesFile`) gives one of the groups of their real user id, read from the group database
/// (getgrouplist) — never from the environment. No role, no access.
enum PrivilegedRole {
    /// The person's role; a refusal (one line) when they have none or the file cannot be read as one.
    static func granted() -> Result<Role, CommandError> {
        guard let entry = getpwuid(getuid()) else {
            return .failure(.failure("no access: user \(getuid()) has no name in the user database"))
        }
        let login = String(cString: entry.pointee.pw_name)
        let file: RolesFile
        do {
            file = try RolesFile(parsing: readSmallFile(RolesFile.defaultPath) ?? "", path: RolesFile.defaultPath)
        } catch {
            return .failure(.failure("\(error)"))
        }
        guard let role = file.role(forGroups: groups(of: entry.pointee)) else {
            return .failure(.failure(file.noRoleProblem(user: login)))
        }
        return .success(role)
    }

    /// The names of the groups a user is in, their primary group included.
    static func groups(of user: passwd) -> [String] {
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(user.pw_name, user.pw_gid, &ids, &count) < 0 {
            ids = [gid_t](repeating: 0, count: Int(count) + 64)
            count = Int32(ids.count)
        }
        return ids.prefix(Int(count)).compactMap { id in getgrgid(id).map { String(cString: $0.pointee.gr_name) } }
    }
}
