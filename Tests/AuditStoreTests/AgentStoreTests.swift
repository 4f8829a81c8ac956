import Foundation
import Testing
@testable import AuditStore

/// An agent's store answers everything masked (issue 22): records, pickers, matches, labels, states, notes'
/// records, review rows; a reviewer's answers the stored values. Checked against every personal value of the
/// fixture (`Fixtures/personal/unmasked-values.txt`).
@Suite struct AgentStoreTests {
    static let customer = "7a1c0e52-3b9d-4f0e-8c61-2d4b5a6e7f81"
    static let other = "b2e4f6a8-1c3d-4e5f-9a7b-0c1d2e3f4a5b"

    /// The fixture's personal values (comments skipped).
    static let unmasked: [String] = {
        let text = try! String(contentsOfFile: fixture("personal/unmasked-values.txt"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }()

    /// The fixture imported with its customers; the path, for stores opened in each role.
    static func storePath() throws -> String {
        let writer = try temporaryStore()
        try writer.importSource(path: fixture("personal/personal.log"))
        _ = try writer.loadCustomers(csvPath: fixture("personal/customers.csv"))
        let first = try writer.page(of: RecordQuery(), from: .oldest, limit: 1)[0]
        _ = try writer.addNote(onRecord: first.id, text: "checked with the customer")
        return writer.path
    }

    /// Everything a store answers about the fixture, as one text.
    static func everything(_ store: AuditStore) throws -> String {
        var out: [String] = []
        for record in try store.allPages(RecordQuery(), size: 5) {
            out.append("\(record)")
        }
        for kind in [EntityKind.customer, .subscription] {
            out += try store.entities(kind).map { "\($0)" }
            out += try store.entities(kind, before: nil, limit: 10).map { "\($0)" }
        }
        out.append("\(try store.match(.customer, "jane.doe@quillfeather.example"))")
        out.append("\(try store.match(.customer, "Jane"))")
        out.append("\(try store.entity(.customer, Self.customer) as Any)")
        out.append("\(try store.labels(.customer, [Self.customer, Self.other]))")
        out.append("\(try store.state(of: .customer, Self.customer, at: Timestamp(seconds: 1_900_000_000)))")
        out.append("\(try store.notes(of: RecordQuery()))")
        try store.forEachReviewRow(of: RecordQuery(), messages: ["Got an error from payment provider"]) { out.append("\($0)") }
        return out.joined(separator: "\n")
    }

    @Test func anAgentSeesNoPersonalValue() throws {
        let agent = try AuditStore(path: try Self.storePath(), mode: .readOnly, role: .agent)
        let text = try Self.everything(agent)
        for value in Self.unmasked { #expect(!text.contains(value), "\(value) shown to an agent") }
        // What an agent does see: the masks.
        for masked in ["j•••@quillfeather.example", "J. D. B.", "Berlin", "•••579", "•••642", "•••199",
                       "o•••@zephyrwood.example", "O. Q."] {
            #expect(text.contains(masked), "\(masked) missing")
        }
    }

    @Test func aReviewerSeesEverything() throws {
        let reviewer = try AuditStore(path: try Self.storePath(), mode: .readOnly, role: .reviewer)
        let text = try Self.everything(reviewer)
        for value in ["jane.doe@quillfeather.example", "jane.roe@quillfeather.example", "Jane Doe Brightwater",
                      "Rosenweg 12", "PLZ-80331", "DE246813579", "+49 30 5550199", "omar.quist@zephyrwood.example", "Omar Quist"] {
            #expect(text.contains(value), "\(value) hidden from a reviewer")
        }
    }

    @Test func aChangeStillShowsThatItChangedAndWhen() throws {
        let agent = try AuditStore(path: try Self.storePath(), mode: .readOnly, role: .agent)
        let changes = try agent.allPages(RecordQuery(field: "taxNumber"), size: 10)
        #expect(changes.count == 1)
        var change = FieldChange(field: "taxNumber", old: "'•••579'", new: "'•••642'", entity: "Customer")
        change.masked = true
        #expect(changes[0].change == change)
        #expect(changes[0].time == Timestamp(seconds: 1_740_992_405))
    }

    /// A search cannot spell out what is masked: the local part of an e-mail, a name, a street find nothing;
    /// the whole e-mail finds its records, and the customer opens by it or by its id.
    @Test func anAgentSearchesOnlyWhatTheySee() throws {
        let path = try Self.storePath()
        let agent = try AuditStore(path: path, mode: .readOnly, role: .agent)
        let reviewer = try AuditStore(path: path, mode: .readOnly, role: .reviewer)
        for word in ["jane.doe", "jane", "Brightwater", "Rosenweg", "47110", "DE2468", "omar"] {
            #expect(try agent.count(of: RecordQuery(words: [word])) == 0, "\(word) found by an agent")
            #expect(try reviewer.count(of: RecordQuery(words: [word])) > 0, "\(word) not found by a reviewer")
        }
        #expect(try agent.count(of: RecordQuery(words: ["jane.doe@quillfeather.example"])) == 1)
        #expect(try agent.count(of: RecordQuery(words: ["JANE.ROE@quillfeather.example"])) == 2)
        #expect(try agent.count(of: RecordQuery(words: ["quillfeather.example"])) > 0) // the domain is shown
        #expect(try agent.count(of: RecordQuery(words: ["creditLimit"])) == 1)
        // A customer: by exact e-mail (now or earlier) or id; not by name, nor by part of an e-mail.
        for name in ["jane.roe@quillfeather.example", "Jane.Doe@quillfeather.example", Self.customer, "7a1c0e52"] {
            guard case .one(let entity) = try agent.match(.customer, name) else { Issue.record("\(name) not found"); continue }
            #expect(entity.id == Self.customer)
        }
        #expect(try agent.match(.customer, "Jane Doe Brightwater") == .none(closest: []))
        #expect(try agent.match(.customer, "jane.roe") == .none(closest: []))
        #expect(try agent.match(.customer, "jane.roe@quillfeather.exampl") == .none(closest: []))
        #expect(try agent.count(of: RecordQuery(customer: "jane.roe@quillfeather.example")) == 11)
        // The picker's filter: whole e-mail or id only.
        #expect(try agent.entities(.customer, matching: "jane").isEmpty)
        #expect(try agent.entities(.customer, matching: "Bright").isEmpty)
        #expect(try agent.entities(.customer, matching: "jane.doe@quillfeather.example").map(\.id) == [Self.customer])
        #expect(try agent.entities(.customer, matching: "7a1c").map(\.id) == [Self.customer])
        #expect(try agent.entityCount(.customer, matching: "omar") == 0)
        #expect(try reviewer.entities(.customer, matching: "jane").map(\.id) == [Self.customer])
    }
}
