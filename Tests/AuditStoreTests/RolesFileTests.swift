import Testing
@testable import AuditStore

/// `/etc/auditlog/roles`: groups to roles, reviewer wins, no group no role, a bad line named by file and line.
@Suite struct RolesFileTests {
    @Test func thePackageDefaultGivesEachGroupItsRole() throws {
        let file = try RolesFile(parsing: RolesFile.packageDefault)
        #expect(file.role(forGroups: ["staff", "auditlog-agents"]) == .agent)
        #expect(file.role(forGroups: ["auditlog-reviewers"]) == .reviewer)
        #expect(file.role(forGroups: ["auditlog-agents", "auditlog-reviewers"]) == .reviewer)
        #expect(file.role(forGroups: ["auditlog-reviewers", "auditlog-agents"]) == .reviewer)
        #expect(file.role(forGroups: ["staff", "auditlog"]) == nil)
        #expect(file.role(forGroups: []) == nil)
    }

    @Test func commentsBlankLinesAndSpacesAreSkipped() throws {
        let file = try RolesFile(parsing: "\n# support\n  support=agent   # first line\n\tleads =reviewer\n\n", path: "r")
        #expect(file.groups.map(\.group) == ["support", "leads"])
        #expect(file.groups.map(\.role) == [.agent, .reviewer])
    }

    @Test(arguments: [
        ("a = agent\nsupport agent\n", "/etc/auditlog/roles:2: expected GROUP = ROLE, found 'support agent'"),
        ("support = admin\n", "/etc/auditlog/roles:1: unknown role 'admin' (agent or reviewer)"),
        ("# x\n = agent\n", "/etc/auditlog/roles:2: expected a group name before '=', found ''"),
        ("two words = agent\n", "/etc/auditlog/roles:1: expected a group name before '=', found 'two words'"),
        ("s = agent\ns = reviewer\n", "/etc/auditlog/roles:2: group s is given two roles (agent and reviewer)"),
    ])
    func aBadLineIsOneErrorNamingFileAndLine(text: String, message: String) {
        #expect(throws: RolesFileError(message)) { try RolesFile(parsing: text) }
    }

    @Test func noRoleSaysWhichGroupsGiveOne() throws {
        let file = try RolesFile(parsing: RolesFile.packageDefault)
        #expect(file.noRoleProblem(user: "sam") == "sam has no role on this server: /etc/auditlog/roles gives roles "
            + "to the groups auditlog-agents, auditlog-reviewers; ask an administrator to add you to one")
    }
}
