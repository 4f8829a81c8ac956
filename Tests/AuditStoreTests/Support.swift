import Foundation
@testable import AuditStore

/// A database in a fresh temporary folder, removed with the folder when the test process ends.
func temporaryStore(_ name: String = "audit.db") throws -> AuditStore {
    try AuditStore(path: temporaryDirectory() + "/" + name, mode: .readWrite)
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "auditlog-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func fixture(_ name: String) -> String {
    Bundle.module.path(forResource: "Fixtures/" + name, ofType: nil)!
}

func writeFile(_ text: String, name: String = "input.log") -> String {
    let path = temporaryDirectory() + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// A Monolog line for tests: `[time] channel.LEVEL: message context extra`.
func monologLine(_ time: String, _ message: String, channel: String = "controller", level: String = "INFO",
                 context: String = "[]", extra: String = "[]") -> String {
    "[\(time)] \(channel).\(level): \(message) \(context) \(extra)"
}

extension AuditStore {
    /// Every record of a view, following pages of `size` newest first.
    func allPages(_ query: RecordQuery, size: Int) throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        var position = PagePosition.newest
        while true {
            let page = try self.page(of: query, from: position, limit: size)
            records += page
            guard page.count == size, let last = page.last else { return records }
            position = .olderThan(last.key)
        }
    }

    @discardableResult
    func importText(_ text: String, options: ImportOptions = ImportOptions()) throws -> (ImportSummary, [String]) {
        var problems: [String] = []
        let summary = try importSource(path: writeFile(text), options: options, problem: { problems.append($0) })
        return (summary, problems)
    }
}
