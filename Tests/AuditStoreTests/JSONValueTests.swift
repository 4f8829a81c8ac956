import Testing
@testable import AuditStore

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndNumberText() throws {
        let text = #"{"z":1,"a":20.0,"m":-3e5,"n":null,"b":[true,false],"s":"x"}"#
        #expect(try JSONParser.parse(text).compactText == text)
    }

    @Test func decodesEscapesAndReEncodesMinimally() throws {
        let value = try JSONParser.parse(#"{"k":"a\/b \u00e9 \ud83d\udc3b \"q\" \n \u001b[31m"}"#)
        #expect(value["k"] == .string("a/b é 🐻 \"q\" \n \u{1B}[31m"))
        #expect(value.compactText == #"{"k":"a/b é 🐻 \"q\" \n \u001b[31m"}"#)
    }

    @Test func rejectsBrokenDocuments() {
        for bad in [#"{"a":1"#, #"{"a":1}x"#, "{'a':1}", #"{"a":01x}"#, #"["a",]"#, "", #"{"a":"\q"}"#] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }

    @Test func limitsNestingInsteadOfCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        // A 1 000-level context (in the hostile corpus) is a record to show, not an error.
        let fine = String(repeating: "{\"a\":", count: 1_000) + "1" + String(repeating: "}", count: 1_000)
        #expect(try JSONParser.parse(fine).compactText == fine)
    }
}
