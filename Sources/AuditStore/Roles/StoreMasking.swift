/// Where `PersonalData` meets the store: every public read of an agent's store passes its answer through
/// `shown` before it leaves (records, notes' records, picker entries, matches, labels, states; a review's
/// records are masked as they are read, `forEachReviewRecord`), so every output — the browser, export,
/// report, state, show, review — is masked alike.
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
}
