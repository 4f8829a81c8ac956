import Testing
@testable import AuditStore

@Suite struct QueryTextTests {
    // 2025-03-10 12:00:00 UTC, in a zone one hour east.
    let clock = Clock.fixed(now: Timestamp(seconds: 1_741_608_000), offsetSeconds: 3600, name: "CET")

    @Test func readsEveryKeyAndFreeWords() throws {
        let query = try QueryText.parse(
            #"customer:c-1 admin:ops@acme.example subscription:s-9 level:warning channel:audit refund "two words" request:abc1234"#,
            clock: clock)
        #expect(query == RecordQuery(customer: "c-1", subscription: "s-9", admin: "ops@acme.example",
                                     words: ["refund", "two words"], minimumLevel: .warning, channel: "audit",
                                     request: "abc1234"))
    }

    @Test func relativeAndCalendarTimes() throws {
        let now = clock.now.microseconds
        #expect(try QueryText.parse("since:90m", clock: clock).since?.microseconds == now - 90 * 60_000_000)
        #expect(try QueryText.parse("since:24h", clock: clock).since?.microseconds == now - 86_400_000_000)
        #expect(try QueryText.parse("since:2w", clock: clock).since?.microseconds == now - 14 * 86_400_000_000)
        // Local midnight of 2025-03-10 is 23:00 UTC the day before.
        let midnight = Timestamp.parseISO("2025-03-09T23:00:00Z")!
        #expect(try QueryText.parse("since:today", clock: clock).since == midnight)
        #expect(try QueryText.parse("since:yesterday", clock: clock).since?.seconds == midnight.seconds - 86_400)
        #expect(try QueryText.parse("until:yesterday", clock: clock).until == midnight)
        #expect(try QueryText.parse("since:2025-03-01", clock: clock).since == Timestamp.parseISO("2025-02-28T23:00:00Z"))
        // A date as the upper bound takes in the whole day.
        #expect(try QueryText.parse("until:2025-03-01", clock: clock).until == Timestamp.parseISO("2025-03-01T23:00:00Z"))
        #expect(try QueryText.parse("until:2025-03-01T10:30", clock: clock).until == Timestamp.parseISO("2025-03-01T09:30:00Z"))
        #expect(try QueryText.parse("since:2025-03-01T10:30:00Z", clock: clock).since == Timestamp.parseISO("2025-03-01T10:30:00Z"))
    }

    @Test func badValuesSayWhatIsWrong() {
        #expect(throws: QueryText.Error.self) { try QueryText.parse("level:loud", clock: clock) }
        #expect(throws: QueryText.Error.self) { try QueryText.parse("since:last-tuesday", clock: clock) }
        #expect(throws: QueryText.Error.self) { try QueryText.parse("until:2025-02-30", clock: clock) }
        #expect(throws: QueryText.Error.self) { try QueryText.parse("customer:", clock: clock) }
    }

    @Test func unknownKeysAndQuotesAreText() throws {
        #expect(try QueryText.parse("https://acme.example x:y", clock: clock).words == ["https://acme.example", "x:y"])
        #expect(try QueryText.parse(#""say ""hi""" 'single'"#, clock: clock).words == [#"say "hi""#, "'single'"])
        #expect(try QueryText.parse(#"admin:"ana o'neil""#, clock: clock).admin == "ana o'neil")
    }

    /// `until:DATE` takes that whole day; written back it names the same day, not the next.
    @Test func anUntilDateFormatsBackToItsDay() throws {
        let query = try QueryText.parse("until:2025-03-01", clock: clock)
        #expect(QueryText.format(query, clock: clock) == "until:2025-03-01")
        #expect(try QueryText.parse(QueryText.format(query, clock: clock), clock: clock) == query)
    }

    @Test func anUntilNotAfterTheSinceIsAnError() {
        #expect(throws: QueryText.Error(description: "until 2025-03-01 is not after since 2025-03-05: no record can be between them")) {
            try QueryText.parse("since:2025-03-05 until:2025-03-01", clock: clock)
        }
    }

    @Test func formatParsesBackToTheSameQuery() throws {
        let query = try QueryText.parse(#"customer:c-1 since:2025-03-01 until:2025-03-05T10:00 level:error "a b" x"#, clock: clock)
        let text = QueryText.format(query, clock: clock)
        #expect(text == #"customer:c-1 since:2025-03-01 until:2025-03-05T10:00:00 level:error "a b" x"#)
        #expect(try QueryText.parse(text, clock: clock) == query)
    }
}
