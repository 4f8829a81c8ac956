/// Where `PersonalData` meets the store: every public read of an agent's store passes its answer through
/// `shown` before it leaves (records, notes' records, picker entries, matches, labels, states, review
/// rows), so every output — the browser, export, report, state, show, review — is masked alike.
extension AuditStore {
    func shown(_ record: AuditRecord) -> AuditRecord { role.masksPersonalData ? PersonalData.record(record) : record }
    func shown(_ entity: Entity) -> Entity { role.masksPersonalData ? PersonalData.entity(entity) : entity }
    func shown(_ state: EntityState) -> EntityState { role.masksPersonalData ? PersonalData.state(state) : state }

    func shown(_ match: EntityMatch) -> EntityMatch {
        guard role.masksPersonalData else { return match }
        switch match {
        case .one(let entity): return .one(PersonalData.entity(entity))
        case .none(let closest): return .none(closest: closest.map(PersonalData.entity))
        case .several(let entities): return .several(entities.map(PersonalData.entity))
        case .tooShort(let entities): return .tooShort(startingWith: entities.map(PersonalData.entity))
        }
    }

    func shown(_ row: ReviewRow) -> ReviewRow {
        guard role.masksPersonalData, var change = row.change else { return row }
        var masked = row
        if let kind = PersonalData.kind(ofField: change.field, entity: change.entity) {
            change.old = change.old.map { PersonalData.maskPHP($0, kind) }
            change.new = change.new.map { PersonalData.maskPHP($0, kind) }
        } else {
            change.old = change.old.map(PersonalData.maskingEmails)
            change.new = change.new.map(PersonalData.maskingEmails)
        }
        masked.change = change
        masked.message = row.message.map(PersonalData.maskingEmails)
        return masked
    }
}
