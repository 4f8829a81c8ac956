/// What a person may see of customers' personal data (issue 22): an `agent` sees it masked
/// (`PersonalData`), a `reviewer` sees everything. On the shared server a person's role comes from their
/// groups through `/etc/auditlog/roles` (`RolesFile`); a single user on their own store is a reviewer.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case agent, reviewer

    /// Whether personal fields are masked for this role.
    public var masksPersonalData: Bool { self == .agent }

    /// Reviewer outranks agent: a person in both groups is a reviewer.
    public static func < (a: Role, b: Role) -> Bool { a == .agent && b == .reviewer }

    /// The role of this process, set once by the command before it opens a store (privileged mode: from the
    /// roles file; otherwise reviewer, or agent when asked with `AUDITLOG_ROLE=agent`, which can only lower
    /// it). Every `AuditStore` opened without an explicit role takes it, so a store a background queue
    /// opens masks as the one the command opened does.
    public static var ofThisProcess: Role {
        get { processRole.withLock { $0 } }
        set { processRole.withLock { $0 = newValue } }
    }

    private static let processRole = Locked(Role.reviewer)
}
