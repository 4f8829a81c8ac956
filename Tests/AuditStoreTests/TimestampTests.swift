import Testing
@testable import AuditStore

@Suite struct TimestampTests {
    @Test func readsEveryOffsetFormAsTheSameInstant() {
        let forms = ["2025-02-01T08:01:13+00:00", "2025-02-01T08:01:13+0000", "2025-02-01T08:01:13Z",
                     "2025-02-01T09:01:13+01:00", "2025-02-01T03:31:13-04:30", "2025-02-01 08:01:13+00:00"]
        let instants = forms.map { Timestamp.parseISO(Substring($0)) }
        #expect(instants.allSatisfy { $0 == instants[0] && $0 != nil })
        #expect(instants[0]?.seconds == 1_738_396_873)
    }

    @Test func keepsFractionsOfASecond() {
        let time = Timestamp.parseISO("2025-02-01T08:01:13.123456+00:00")
        #expect(time?.microseconds == 1_738_396_873_123_456)
        #expect(time?.rfc3339 == "2025-02-01T08:01:13.123456Z")
        #expect(Timestamp.parseISO("2025-02-01T08:01:13.25+00:00")?.rfc3339 == "2025-02-01T08:01:13.25Z")
        #expect(Timestamp.parseISO("2025-02-01T08:01:13+00:00")?.rfc3339 == "2025-02-01T08:01:13Z")
    }

    @Test func refusesAbsurdDates() {
        for bad in ["2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "0000-01-01T00:00:00Z", "9999-01-01T00:00:00Z",
                    "2025-02-01T25:00:00Z", "2025-02-01", "yesterday", "2025-02-01T08:01:13+99:00",
                    "2025-02-01T08:01:13"] {
            #expect(Timestamp.parseISO(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func civilArithmeticRoundTrips() {
        for seconds: Int64 in [0, 951_782_400, 1_738_396_873, 4_102_444_799] {
            #expect(CivilTime(seconds: seconds).epochSeconds == seconds)
        }
        #expect(CivilTime(seconds: 951_782_400).isoText == "2000-02-29T00:00:00")
    }
}
