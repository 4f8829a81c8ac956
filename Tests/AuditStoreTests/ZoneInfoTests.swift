import Testing
@testable import AuditStore

/// Named zones are read from the system's TZif files (no Foundation needed).
@Suite struct ZoneInfoTests {
    @Test func namedZonesFollowTheirRules() throws {
        let berlin = try #require(ZoneInfo(named: "Europe/Berlin"))
        let winter: Int64 = 1_738_368_000 // 2025-02-01T00:00:00Z
        let summer: Int64 = 1_751_241_600 // 2025-06-30T00:00:00Z
        #expect(berlin.offset(at: winter) == 3_600 && berlin.abbreviation(at: winter) == "CET")
        #expect(berlin.offset(at: summer) == 7_200 && berlin.abbreviation(at: summer) == "CEST")
        let newYork = try #require(ZoneInfo(named: "America/New_York"))
        #expect(newYork.offset(at: winter) == -18_000 && newYork.offset(at: summer) == -14_400)
        #expect(ZoneInfo(named: "UTC")?.offset(at: summer) == 0)
        #expect(ZoneInfo(named: "Mars/Olympus") == nil && ZoneInfo(named: "../etc/passwd") == nil)
        // The day DST starts: 2025-03-30 01:00 UTC.
        #expect(berlin.offset(at: 1_743_296_399) == 3_600 && berlin.offset(at: 1_743_296_400) == 7_200)
    }

    @Test func importZonesReadZonelessTimesAcrossDST() throws {
        let zone = try #require(ImportZone("Europe/Berlin"))
        let winter = try #require(Timestamp.parseISO("2025-02-01 10:00:00", zone: zone))
        let summer = try #require(Timestamp.parseISO("2025-06-30 10:00:00", zone: zone))
        #expect(winter.time == Timestamp(seconds: 1_738_400_400) && winter.assumed) // 09:00Z
        #expect(summer.time == Timestamp(seconds: 1_751_270_400)) // 08:00Z
    }
}
