import AuditStore
import Foundation
import Testing
@testable import AuditBrowser

/// `v` (issue 22): an agent types why, and the record shows unmasked once its access record is written; no
/// record written, nothing revealed. A reviewer has nothing to reveal.
@Suite struct RevealTests {
    struct Refused: Error, CustomStringConvertible { var description: String { "the drop directory is full" } }

    /// An agent's session on the personal fixture whose revealer notes each reveal (or refuses it), then reads
    /// the record as a reviewer.
    static func agent(refusing: Bool = false) throws -> (BrowserSession, Locked<[Reveal]>) {
        let s = try AgentScreenTests.session(.agent)
        let recorded = Locked<[Reveal]>([])
        let path = AgentScreenTests.path
        s.revealer = { job in
            if refusing { throw Refused() }
            recorded.withLock { $0.append(job) }
            var record = try AuditStore(path: path, mode: .readOnly, role: .reviewer)
                .page(of: RecordQuery(ids: [job.recordID]), from: .newest, limit: 1)[0]
            record.revealed = true
            return record
        }
        try s.selectFirst { $0.change?.field == "taxNumber" }
        return (s, recorded)
    }

    var text: (BrowserSession) -> String = { $0.screen.joined(separator: "\n") }

    @Test func aReasonRevealsTheRecordAndIsRecorded() throws {
        let (s, recorded) = try Self.agent()
        #expect(!text(s).contains("DE975318642"))
        s.keys(.character("v"))
        #expect(text(s).contains("why: "), "the prompt asks why")
        // It suggests a reason, not the export's file name (it once showed "FILE.txt, .csv, …").
        #expect(text(s).contains("why:  the ticket or request you are answering"), "\(text(s))")
        #expect(!text(s).contains("FILE.txt"), "\(text(s))")
        s.keys(.enter)
        #expect(s.state.prompt != nil && recorded.withLock { $0.isEmpty }, "no reason, no reveal")
        s.type("ticket 4411: customer asks which tax number we hold")
        s.keys(.enter)
        let jobs = recorded.withLock { $0 }
        #expect(jobs.count == 1)
        #expect(jobs.first?.reason == "ticket 4411: customer asks which tax number we hold")
        #expect(jobs.first?.customerID == AgentStoreTestsIDs.customer)
        let screen = text(s)
        #expect(screen.contains("DE246813579") && screen.contains("DE975318642"), "\(screen)")
        #expect(screen.contains("Revealed "), "\(screen)")
        // Only that record: the others stay masked.
        #expect(!screen.contains("jane.roe@quillfeather.example") && screen.contains("•••199"), "\(screen)")
        s.keys(.character("v"))
        #expect(s.state.prompt == nil && text(s).contains("Already revealed"))
    }

    @Test func noAccessRecordNoReveal() throws {
        let (s, _) = try Self.agent(refusing: true)
        s.keys(.character("v"))
        s.type("checking")
        s.keys(.enter)
        let screen = text(s)
        #expect(screen.contains("Not revealed: the drop directory is full"), "\(screen)")
        for value in AgentScreenTests.unmasked { #expect(!screen.contains(value)) }
    }

    @Test func escapeRevealsNothing() throws {
        let (s, recorded) = try Self.agent()
        s.keys(.character("v"))
        s.type("just looking")
        s.keys(.escape)
        #expect(recorded.withLock { $0.isEmpty } && text(s).contains("Nothing revealed"))
    }

    @Test func aReviewerHasNothingToReveal() throws {
        let s = try AgentScreenTests.session(.reviewer)
        s.keys(.character("v"))
        #expect(s.state.prompt == nil)
        #expect(text(s).contains("Nothing to reveal: a reviewer sees every value"))
    }
}

enum AgentStoreTestsIDs {
    static let customer = "7a1c0e52-3b9d-4f0e-8c61-2d4b5a6e7f81"
}
