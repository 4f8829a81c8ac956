import AuditReview
import AuditStore
import Testing

/// Each detector on records built by hand for it: it finds its pattern, and does not fire just under its
/// threshold. The period is Monday 2025-03-10 to Monday 2025-03-17 (UTC), the baseline the 4 weeks before.
struct DetectorTests {
    static let since = at("2025-03-10T00:00:00Z")
    static let until = at("2025-03-17T00:00:00Z")

    static func at(_ text: String) -> Timestamp { Timestamp.parseISO(Substring(text))! }

    static func context(_ change: (inout ReviewSettings) -> Void = { _ in }) -> ReviewContext {
        var settings = ReviewSettings()
        change(&settings)
        return ReviewContext(settings: settings, clock: .fixed(now: until), since: since, until: until)
    }

    /// Builds rows with increasing ids.
    struct Rows {
        var rows: [ReviewRow] = []
        mutating func add(_ time: Timestamp, admin: String? = "ops", level: Int = 200, message: String? = nil,
                          customer: String? = nil, subscription: String? = nil, change: FieldChange? = nil) {
            rows.append(ReviewRow(id: Int64(rows.count + 1), time: time, level: level, message: message, adminID: admin,
                                  customerID: customer, subscriptionID: subscription, change: change))
        }
        /// `count` records of an admin from `start`, `every` seconds apart.
        mutating func series(_ start: Timestamp, count: Int, every: Int64, admin: String = "ops") {
            for n in 0..<count { add(Timestamp(microseconds: start.microseconds + Int64(n) * every * 1_000_000), admin: admin) }
        }
        /// Ordinary office work: each weekday of the baseline and period, `perDay` records 09:00–17:00.
        mutating func office(admin: String = "ops", perDay: Int = 16) {
            for day in 0..<35 where day % 7 < 5 {
                let morning = DetectorTests.at("2025-02-10T09:00:00Z").microseconds + Int64(day) * 86_400_000_000
                for n in 0..<perDay { add(Timestamp(microseconds: morning + Int64(n) * 28_800_000_000 / Int64(perDay)), admin: admin) }
            }
        }
    }

    static func kinds(_ findings: [Finding]) -> [FindingKind] { findings.map(\.kind) }

    // MARK: outside working hours

    @Test func outsideHoursGroupsAnAdminsNight() {
        var rows = Rows()
        rows.office()
        // Tuesday evening and Wednesday early morning: one night.
        rows.add(Self.at("2025-03-11T22:30:00Z"), customer: "c1")
        rows.add(Self.at("2025-03-12T02:10:00Z"), customer: "c2")
        rows.add(Self.at("2025-03-15T11:00:00Z")) // Saturday: a day off
        let found = ReviewEngine.review(rows.rows, Self.context()).filter { $0.kind == .outsideHours }
        #expect(found.count == 2)
        #expect(found[0].records.count == 2 && found[0].customers == ["c1", "c2"] && found[0].admins == ["ops"])
        #expect(found[0].reason.contains("2 records outside working hours (08-18, weekend sat, sun) between Tue 2025-03-11 22:30 and Wed 2025-03-12 02:10"))
        #expect(found[1].records.count == 1)
    }

    @Test func outsideHoursNotJustInside() {
        var rows = Rows()
        rows.add(Self.at("2025-03-11T08:00:00Z"))
        rows.add(Self.at("2025-03-11T17:59:59Z"))
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
        rows.add(Self.at("2025-03-11T22:00:00Z"))
        rows.add(Self.at("2025-03-11T23:00:00Z"))
        // With a minimum of 3, two records in the night are just under it.
        #expect(ReviewEngine.review(rows.rows, Self.context { $0.outsideMinimum = 3 }).isEmpty)
        #expect(Self.kinds(ReviewEngine.review(rows.rows, Self.context { $0.outsideMinimum = 2 })) == [.outsideHours])
    }

    // MARK: burst

    @Test func burstAboveThreeTimesTheAdminsBusiestWindow() {
        var rows = Rows()
        rows.series(Self.at("2025-02-20T10:00:00Z"), count: 12, every: 30) // baseline busiest 10 minutes: 12
        rows.series(Self.at("2025-03-12T14:00:00Z"), count: 37, every: 15) // 37 > 36 within 10 minutes
        let found = ReviewEngine.review(rows.rows, Self.context()).filter { $0.kind == .burst }
        #expect(found.count == 1)
        #expect(found.first?.records.count == 37)
        #expect(found.first?.reason == "ops: 37 records between Wed 2025-03-12 14:00 and 14:09; their busiest 10 minutes in the 4 weeks before held 12")
    }

    @Test func burstNotAtThreeTimesNorUnderTheMinimum() {
        var rows = Rows()
        rows.series(Self.at("2025-02-20T10:00:00Z"), count: 12, every: 30)
        rows.series(Self.at("2025-03-12T14:00:00Z"), count: 36, every: 15) // exactly 3 × 12: not above
        #expect(!Self.kinds(ReviewEngine.review(rows.rows, Self.context())).contains(.burst))
        var small = Rows()
        small.series(Self.at("2025-02-20T10:00:00Z"), count: 2, every: 30)
        small.series(Self.at("2025-03-12T14:00:00Z"), count: 29, every: 15) // 14 × normal but under 30
        #expect(!Self.kinds(ReviewEngine.review(small.rows, Self.context())).contains(.burst))
        small.add(Self.at("2025-03-12T14:08:00Z"))
        #expect(Self.kinds(ReviewEngine.review(small.rows, Self.context())).contains(.burst))
    }

    @Test func burstOfAnAdminWithoutBaselineIsComparedWithTheBusiestAdmin() {
        var rows = Rows()
        rows.series(Self.at("2025-02-20T10:00:00Z"), count: 20, every: 10, admin: "busy")
        rows.series(Self.at("2025-03-12T14:00:00Z"), count: 60, every: 5, admin: "new")
        #expect(!Self.kinds(ReviewEngine.review(rows.rows, Self.context())).contains(.burst)) // 60 = 3 × 20
        rows.add(Self.at("2025-03-12T14:05:00Z"), admin: "new")
        let found = ReviewEngine.review(rows.rows, Self.context()).filter { $0.kind == .burst }
        #expect(found.count == 1 && found[0].admins == ["new"])
        #expect(found[0].reason.contains("they have no records in the 4 weeks before; the busiest admin's busiest 10 minutes held 20"))
    }

    // MARK: mass change

    static func change(_ field: String, _ old: String = "'a'", _ new: String = "'b'", entity: String = "Customer") -> FieldChange {
        FieldChange(field: field, old: old, new: new, entity: entity)
    }

    @Test func massChangeOfOneFieldOnTenCustomersWithinAnHour() {
        var rows = Rows()
        for n in 0..<10 {
            rows.add(Timestamp(microseconds: Self.at("2025-03-12T14:00:00Z").microseconds + Int64(n) * 300_000_000),
                     customer: "c\(n)", change: Self.change("creditLimit"))
        }
        let found = ReviewEngine.review(rows.rows, Self.context()).filter { $0.kind == .massChange }
        #expect(found.count == 1)
        #expect(found.first?.customers == (0..<10).map { "c\($0)" })
        #expect(found.first?.reason.hasPrefix("ops changed Customer.creditLimit on 10 different customers between Wed 2025-03-12 14:00 and 14:45") == true)
    }

    @Test func massChangeNotOnNineNorSpreadOverMoreThanAnHour() {
        var rows = Rows()
        for n in 0..<9 { rows.add(Self.at("2025-03-12T14:0\(n):00Z"), customer: "c\(n)", change: Self.change("creditLimit")) }
        rows.add(Self.at("2025-03-12T14:08:30Z"), customer: "c0", change: Self.change("creditLimit")) // the same customer again
        rows.add(Self.at("2025-03-12T15:08:30Z"), customer: "c9", change: Self.change("creditLimit")) // an hour after the last
        rows.add(Self.at("2025-03-12T14:30:00Z"), customer: "c10", change: Self.change("locale")) // another field
        #expect(!Self.kinds(ReviewEngine.review(rows.rows, Self.context())).contains(.massChange))
    }

    // MARK: contact and payment details together

    @Test func contactAndPaymentDetailsOfOneCustomerWithinADay() {
        var rows = Rows()
        rows.add(Self.at("2025-03-12T10:00:00Z"), admin: "ops", customer: "c1", change: Self.change("billingEmail"))
        rows.add(Self.at("2025-03-13T09:59:00Z"), admin: nil, message: "Delete a payment card", customer: "c1")
        rows.add(Self.at("2025-03-13T09:00:00Z"), admin: "sam", customer: "c1", change: Self.change("taxNumber"))
        let found = ReviewEngine.review(rows.rows, Self.context()).filter { $0.kind == .contactAndPayment }
        #expect(found.count == 1)
        #expect(found.first?.records == [1, 2, 3] && found.first?.customers == ["c1"] && found.first?.admins == ["ops", "sam"])
        #expect(found.first?.severity == .high)
    }

    @Test func contactAndPaymentNotMoreThanADayApartNorOnTwoCustomers() {
        var rows = Rows()
        rows.add(Self.at("2025-03-12T10:00:00Z"), customer: "c1", change: Self.change("billingEmail"))
        rows.add(Self.at("2025-03-13T10:00:01Z"), customer: "c1", change: Self.change("billingAddress.city"))
        rows.add(Self.at("2025-03-12T10:05:00Z"), customer: "c2", change: Self.change("taxNumber"))
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
        rows.add(Self.at("2025-03-13T10:00:00Z"), customer: "c1", change: Self.change("billingAddress.city"))
        #expect(Self.kinds(ReviewEngine.review(rows.rows, Self.context())) == [.contactAndPayment])
    }

    // MARK: reverted change

    @Test func aFieldSetAndBackWithinADay() {
        var rows = Rows()
        rows.add(Self.at("2025-03-12T10:00:00Z"), admin: "ops", customer: "c1", change: Self.change("creditLimit", "1000", "50000"))
        rows.add(Self.at("2025-03-13T09:00:00Z"), admin: "sam", customer: "c1", change: Self.change("creditLimit", "50000", "1000"))
        let found = ReviewEngine.review(rows.rows, Self.context())
        #expect(Self.kinds(found) == [.revertedChange])
        #expect(found.first?.admins == ["ops", "sam"] && found.first?.severity == .medium)
        #expect(found.first?.reason == "Customer.creditLimit of customer c1 set from 1000 to 50000 by ops Wed 2025-03-12 10:00, back by sam Thu 2025-03-13 09:00")
    }

    @Test func notReversedWhenLaterThanADayOrNotBackOrNoValues() {
        var rows = Rows()
        rows.add(Self.at("2025-03-11T10:00:00Z"), customer: "c1", change: Self.change("creditLimit", "1000", "50000"))
        rows.add(Self.at("2025-03-12T10:00:01Z"), customer: "c1", change: Self.change("creditLimit", "50000", "1000"))
        rows.add(Self.at("2025-03-12T11:00:00Z"), customer: "c2", change: Self.change("locale", "'de'", "'fr'"))
        rows.add(Self.at("2025-03-12T11:10:00Z"), customer: "c2", change: Self.change("locale", "'fr'", "'en'"))
        rows.add(Self.at("2025-03-12T12:00:00Z"), customer: "c3", change: Self.change("invoiceFormat", "BillaBear\\Enum\\X", "BillaBear\\Enum\\X"))
        rows.add(Self.at("2025-03-12T12:01:00Z"), customer: "c3", change: Self.change("invoiceFormat", "BillaBear\\Enum\\X", "BillaBear\\Enum\\X"))
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
    }

    // MARK: first-time sensitive action

    @Test func aSensitiveActionNotDoneByThatAdminInTheBaseline() {
        var rows = Rows()
        rows.add(Self.at("2025-02-20T10:00:00Z"), admin: "ops", message: "Received request to refund payment")
        rows.add(Self.at("2025-02-20T10:00:00Z"), admin: "sam", message: "Received request to view refund")
        rows.add(Self.at("2025-03-12T10:00:00Z"), admin: "ops", message: "Received request to refund payment")
        rows.add(Self.at("2025-03-12T10:05:00Z"), admin: "sam", message: "Received request to refund payment")
        rows.add(Self.at("2025-03-12T10:06:00Z"), admin: "sam", message: "Received request to refund payment")
        rows.add(Self.at("2025-03-12T10:07:00Z"), admin: "sam", message: "Received request to refund payments") // not exact
        let found = ReviewEngine.review(rows.rows, Self.context())
        #expect(Self.kinds(found) == [.sensitiveAction])
        #expect(found.first?.admins == ["sam"] && found.first?.records == [4, 5])
        #expect(found.first?.reason == "sam: \"Received request to refund payment\" first at Wed 2025-03-12 10:05 (2 times); not done by them in the 4 weeks before")
    }

    // MARK: warnings and errors above normal

    @Test func anHourOfWarningsAboveThreeTimesTheBaselinesBusiest() {
        var rows = Rows()
        for n in 0..<7 { rows.add(Self.at("2025-02-20T10:0\(n):00Z"), admin: nil, level: 300, message: "Payment failure during creation") }
        for n in 0..<22 {
            rows.add(Timestamp(microseconds: Self.at("2025-03-12T14:00:00Z").microseconds + Int64(n) * 60_000_000), admin: nil,
                     level: n < 15 ? 300 : 400, message: n < 15 ? "Payment failure during creation" : "Got an error from payment provider",
                     customer: "c\(n % 3)")
        }
        let found = ReviewEngine.review(rows.rows, Self.context())
        #expect(Self.kinds(found) == [.warnings])
        #expect(found.first?.messages == [MessageCount(message: "Payment failure during creation", count: 15),
                                          MessageCount(message: "Got an error from payment provider", count: 7)])
        #expect(found.first?.severity == .high && found.first?.customers == ["c0", "c1", "c2"])
    }

    @Test func warningsNotAtThreeTimesNorUnderTwenty() {
        var rows = Rows()
        for n in 0..<7 { rows.add(Self.at("2025-02-20T10:0\(n):00Z"), admin: nil, level: 300) }
        for n in 0..<21 { rows.add(Self.at("2025-03-12T14:\(10 + n):00Z"), admin: nil, level: 300) } // 21 = 3 × 7
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
        var none = Rows()
        for n in 0..<19 { none.add(Self.at("2025-03-12T14:\(10 + n):00Z"), admin: nil, level: 300) } // no baseline, 19
        #expect(ReviewEngine.review(none.rows, Self.context()).isEmpty)
        none.add(Self.at("2025-03-12T14:59:00Z"), admin: nil, level: 300)
        #expect(Self.kinds(ReviewEngine.review(none.rows, Self.context())) == [.warnings])
    }

    // MARK: dormant admin

    @Test func anAdminWithRecordsInThePeriodAndNoneInTheBaseline() {
        var rows = Rows()
        rows.add(Self.at("2025-02-11T10:00:00Z"), admin: "ops")
        rows.add(Self.at("2025-03-12T10:00:00Z"), admin: "ops")
        rows.add(Self.at("2025-03-12T11:00:00Z"), admin: "ghost", customer: "c1")
        rows.add(Self.at("2025-03-12T11:01:00Z"), admin: "ghost", customer: "c2")
        let found = ReviewEngine.review(rows.rows, Self.context())
        #expect(Self.kinds(found) == [.dormantAdmin])
        #expect(found.first?.admins == ["ghost"] && found.first?.customers == ["c1", "c2"])
        // One record in the baseline's first minute is enough to be known.
        rows.add(Self.at("2025-02-10T00:00:00Z"), admin: "ghost")
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
        // Records before the baseline do not count: then the admin is dormant again.
        rows.rows[rows.rows.count - 1].time = Self.at("2025-02-09T23:59:59Z")
        #expect(Self.kinds(ReviewEngine.review(rows.rows, Self.context())) == [.dormantAdmin])
    }

    @Test func noDormantAdminsWithoutAnyBaseline() {
        var rows = Rows()
        rows.add(Self.at("2025-03-12T11:00:00Z"), admin: "ghost")
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
    }

    @Test func ordinaryOfficeWorkHasNoFindings() {
        var rows = Rows()
        rows.office(admin: "ops")
        rows.office(admin: "sam", perDay: 30)
        #expect(ReviewEngine.review(rows.rows, Self.context()).isEmpty)
    }

    @Test func aDetectorSwitchedOffFindsNothing() {
        var rows = Rows()
        rows.add(Self.at("2025-03-11T22:30:00Z"))
        #expect(ReviewEngine.review(rows.rows, Self.context { $0.disabled = [.outsideHours] }).isEmpty)
    }
}
