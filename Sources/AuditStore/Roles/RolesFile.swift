/// `/etc/auditlog/roles`: which groups give which role. One `GROUP = ROLE` a line, `ROLE` being `agent` or
/// `reviewer`; `#` starts a comment; blank lines are skipped. A person's role is the highest their groups give
/// (reviewer wins over agent); no group named, no role (and no access).
///
///     # /etc/auditlog/roles
///     auditlog-agents = agent
///     auditlog-reviewers = reviewer
public struct RolesFile: Equatable, Sendable {
    /// Where the Debian package keeps it (root-owned, mode 0644).
    public static let defaultPath = "/etc/auditlog/roles"

    /// The file the package ships.
    public static let packageDefault = """
        # auditlog roles: GROUP = ROLE, one a line (ROLE: agent or reviewer).
        # agent: customers' personal data masked (e-mail j•••@acme.example, a name as its initials, an address
        #        as its city, a tax number as its last 3 characters); `v` reveals a record with a reason.
        # reviewer: everything, and `auditlog access`. Someone in both groups is a reviewer;
        # someone in neither may not use auditlog on this server.
        auditlog-agents = agent
        auditlog-reviewers = reviewer

        """

    /// The role each named group gives, in the file's order.
    public var groups: [(group: String, role: Role)]

    public static func == (a: RolesFile, b: RolesFile) -> Bool {
        a.groups.map(\.group) == b.groups.map(\.group) && a.groups.map(\.role) == b.groups.map(\.role)
    }

    /// Reads the file's text; a bad line is an error naming `path:line` and what is wrong.
    public init(parsing text: String, path: String = RolesFile.defaultPath) throws {
        groups = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.firstIndex(of: "#").map { raw[..<$0] } ?? raw[...]).trimmingSpaces
            guard !line.isEmpty else { continue }
            let at = "\(path):\(index + 1): "
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String($0).trimmingSpaces }
            guard parts.count == 2 else { throw RolesFileError(at + "expected GROUP = ROLE, found \(quoted(line))") }
            let (group, roleName) = (parts[0], parts[1])
            guard !group.isEmpty, !group.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw RolesFileError(at + "expected a group name before '=', found \(quoted(group))")
            }
            guard let role = Role(rawValue: roleName) else {
                throw RolesFileError(at + "unknown role \(quoted(roleName)) (agent or reviewer)")
            }
            if let earlier = groups.first(where: { $0.group == group }), earlier.role != role {
                throw RolesFileError(at + "group \(group) is given two roles (\(earlier.role.rawValue) and \(role.rawValue))")
            }
            groups.append((group, role))
        }
    }

    /// The role a person in these groups has: the highest any of them gives; nil when none is named.
    public func role(forGroups names: [String]) -> Role? {
        let member = Set(names)
        return groups.filter { member.contains($0.group) }.map(\.role).max()
    }

    /// Why someone without a role may not read the store: one line for the error.
    public func noRoleProblem(user: String) -> String {
        let named = groups.map(\.group)
        return "\(user) has no role on this server: \(RolesFile.defaultPath) gives roles to the groups "
            + (named.isEmpty ? "(none)" : named.joined(separator: ", "))
            + "; ask an administrator to add you to one"
    }

    private func quoted(_ text: String) -> String { "'" + text + "'" }
}

/// A roles file that cannot be read as one: `PATH:LINE: what is wrong`.
public struct RolesFileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
