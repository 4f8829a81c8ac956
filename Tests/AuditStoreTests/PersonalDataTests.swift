import Testing
@testable import AuditStore

/// The masking rules of issue 22, value by value.
@Suite struct PersonalDataTests {
    @Test func anEmailKeepsItsFirstLetterAndDomain() {
        #expect(PersonalData.email("jane.doe@acme.example") == "j•••@acme.example")
        #expect(PersonalData.email("李雷@acme.example") == "李•••@acme.example")
        #expect(PersonalData.email("no-at-sign") == "•••")
    }

    @Test func aNameBecomesItsInitials() {
        #expect(PersonalData.initials("Jane Doe Quillfeather") == "J. D. Q.")
        #expect(PersonalData.initials("Bär & Söhne 🐻 GmbH") == "B. S. G.")
        #expect(PersonalData.initials("   ") == "•••")
    }

    @Test func aTaxNumberKeepsItsLastThreeCharacters() {
        #expect(PersonalData.maskPHP("'DE246813579'", .lastThree) == "'•••579'")
        #expect(PersonalData.maskPHP("'DE1'", .lastThree) == "'•••'")
        #expect(PersonalData.maskPHP("NULL", .lastThree) == "NULL")
    }

    @Test func anAddressBecomesItsCity() {
        let address = "array (\n  'street' => 'Rosenweg 12',\n  'city' => 'Berlin',\n  'postcode' => 'PLZ-47110',\n)"
        #expect(PersonalData.maskPHP(address, .address) == "'Berlin'")
        #expect(PersonalData.maskPHP("'Rosenweg 12, Berlin'", .address) == "'•••'")
        #expect(PersonalData.maskPHP("'Potsdam'", .city) == "'Potsdam'")
        #expect(PersonalData.maskPHP("'Rosenweg 12'", .addressPart) == "'•••'")
    }

    @Test(arguments: [
        ("billingEmail", "Customer", PersonalData.Kind.email), ("invoice_email", nil, .email), ("name", "Customer", .name),
        ("billingAddress", "Customer", .address), ("billingAddress.city", "Customer", .city),
        ("billingAddress.street", "Customer", .addressPart), ("taxNumber", "Customer", .lastThree),
        ("phone", nil, .lastThree), ("paymentDetails", "Customer", .hiddenWhole),
    ] as [(String, String?, PersonalData.Kind)])
    func personalFieldsAreKnownByName(field: String, entity: String?, kind: PersonalData.Kind) {
        #expect(PersonalData.kind(ofField: field, entity: entity) == kind)
    }

    @Test(arguments: [("name", "Subscription"), ("planName", "Subscription"), ("paymentSchedule", "Subscription"),
                      ("customer_id", nil), ("email_template_id", nil), ("creditLimit", "Customer"), ("locale", "Customer")]
          as [(String, String?)])
    func otherFieldsAreNot(field: String, entity: String?) {
        #expect(PersonalData.kind(ofField: field, entity: entity) == nil)
    }

    @Test func aRecordsExtraIsMaskedToo() {
        let record = AuditRecord(id: 1, time: Timestamp(seconds: 0), channel: "controller", level: 200, levelName: "INFO",
                                 message: "Received request", contextJSON: "{}",
                                 extraJSON: #"{"uid":"u1","url":"/public/customer?email=jane.doe@acme.example","customer_name":"Jane Doe"}"#)
        #expect(PersonalData.record(record).extraJSON
            == #"{"uid":"u1","url":"/public/customer?email=j•••@acme.example","customer_name":"J. D."}"#)
    }

    @Test func emailsInsideFreeTextAreMasked() {
        #expect(PersonalData.maskingEmails(in: "card declined for jane.roe@quillfeather.example.")
            == "card declined for j•••@quillfeather.example.")
        #expect(PersonalData.maskingEmails(in: "a@b and c@d.example") == "a@b and c•••@d.example")
        #expect(PersonalData.maskingEmails(in: "no address @ all") == "no address @ all")
    }
}
