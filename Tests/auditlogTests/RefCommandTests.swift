import AuditStore
import Foundation
import Testing

/// References on the command line: every export format writes them, `show` prints the records they name,
/// `auditlog REF` opens the browser on one; an unknown or ambiguous one is a one-line error, exit 1.
extension ProcessTests {
@Suite struct RefCommandTests {
    /// The store's records (id and reference), newest first, from its NDJSON export.
    static func refs(_ db: String) throws -> [(id: String, ref: String)] {
        try Binary.run(["export", "--db", db, "--format", "ndjson"]).stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return ("\(object?["id"] ?? "")", object?["ref"] as? String ?? "")
        }
    }

    @Test func everyExportFormatWritesTheReference() throws {
        let db = try Binary.sampleDatabase()
        let refs = try Self.refs(db)
        #expect(refs.count == 99 && Set(refs.map(\.ref)).count == 99)
        #expect(refs.allSatisfy { $0.ref.wholeMatch(of: /[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}/) != nil })
        let text = try Binary.run(["export", "--db", db, "--format", "text", "--utc"]).stdout.split(separator: "\n")
        #expect(zip(text, refs).allSatisfy { $0.hasPrefix("2025-") && $0.hasSuffix(" · " + $1.ref) }, "\(text.prefix(2))")
        let csv = try Binary.run(["export", "--db", db, "--format", "csv"]).stdout
        #expect(csv.hasPrefix("id,time,") && csv.split(separator: "\n")[0].hasSuffix(",extra,ref"))
        for (_, ref) in refs { #expect(csv.contains("," + ref + "\n")) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Binary.run(["export", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["ref"] as? String } == refs.map(\.ref))
    }
}
}
