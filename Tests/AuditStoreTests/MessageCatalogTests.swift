import Foundation
import Testing
@testable import AuditStore

/// MessageCatalog.swift is generated from BillaBear's table (Demo/Catalog/make-catalog.py): the two agree,
/// and no audit message is taken for a controller one.
@Suite struct MessageCatalogTests {
    @Test func theCatalogIsTheTablesControllerMessages() throws {
        let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/AuditStore/Demo/Catalog/log-messages.tsv")
        let rows = try String(contentsOf: table, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[0] == "controller" && !$0[3].contains("%s") }
        #expect(rows.count == MessageCatalog.controller.count)
        for (row, entry) in zip(rows, MessageCatalog.controller) {
            #expect(entry.level == Level(name: row[1]) && entry.route == row[2] && entry.message == row[3], "\(row)")
            #expect(entry.contextKeys == row[4].split(separator: ",").map(String.init), "\(row)")
        }
        #expect(!MessageCatalog.controller.contains { $0.message.contains("entity has been updated") })
    }
}
