/// Looks through the drop directory: the privileged process writes an `access` file for every look before it
/// is shown (`DropAccessRecorder`); the ingester takes it into `access_records` with the file's owner as the
/// user and its change time (the kernel's) as the look's time. The file names no user.
///
/// `{"kind":"access","written":…,"nonce":…,"action":"view","time_us":…,"scope":"customer","scope_id":"cus_1",
/// "filters":"level:warning","words":[],"count":null,"file":null,"record":null,"reason":null}`
enum AccessDrop {
    static let kind = DropKind(name: "access", take: take)

    /// The look's keys (`AccessEncoding`'s), for the envelope.
    static func fields(_ event: AccessEvent) -> [(String, JSONValue)] {
        guard case .object(let members)? = try? JSONParser.parse("{" + AccessEncoding.body(event) + "}") else { return [] }
        return members
    }

    /// The ingester's side: a file that is not a look is refused (and counted); the user is the file's owner.
    @Sendable static func take(_ envelope: DropEnvelope, _ file: DroppedFile, _ db: Connection) throws -> String {
        var event: AccessEvent
        do {
            event = try AccessEncoding.event(from: envelope.value)
        } catch let error as StoreError {
            throw DropRefusal(.format, error.description, owner: file.ownerLogin)
        }
        event.time = file.changed
        let id = try AccessSQL.insert(event, user: file.ownerLogin, db)
        return "access record \(id) by \(file.ownerLogin): \(event.action.rawValue) \(event.scope)"
    }
}

/// Records each look as an `access` file in the drop directory (the shared server's: the privileged process
/// may create files there, the person running it may not remove them). A look that cannot be written throws,
/// and does not happen.
public struct DropAccessRecorder: AccessRecorder {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func record(_ event: AccessEvent) throws {
        try DropFile.write(kind: AccessDrop.kind.name, fields: AccessDrop.fields(event), into: directory)
    }
}
