import Testing
@testable import AuditStore

@Suite struct PHPValueTests {
    @Test func readsScalars() {
        #expect(PHPValue.parse("NULL") == .null)
        #expect(PHPValue.parse("true") == .bool(true))
        #expect(PHPValue.parse("false") == .bool(false))
        #expect(PHPValue.parse("5") == .number("5"))
        #expect(PHPValue.parse("20.0") == .number("20.0"))
        #expect(PHPValue.parse("-3") == .number("-3"))
        #expect(PHPValue.parse("'billing@acme.example'") == .string("billing@acme.example"))
        #expect(PHPValue.parse(#"'ana o\'neil \\ back'"#) == .string(#"ana o'neil \ back"#))
        #expect(PHPValue.parse("2025-02-06T21:56:01+00:00") == .date(Timestamp(seconds: 1_738_878_961)))
        #expect(PHPValue.parse("7416f95e-b991-4006-a1e8-5e0fe7ef3034") == .id("7416f95e-b991-4006-a1e8-5e0fe7ef3034"))
        #expect(PHPValue.parse(#"BillaBear\Enum\InvoiceFormat"#) == .className(#"BillaBear\Enum\InvoiceFormat"#))
        #expect(PHPValue.parse("gold, silver") == .text("gold, silver"))
        #expect(PHPValue.parse("'unterminated") == .text("'unterminated"))
    }

    @Test func readsVarExportArrays() {
        let text = "array (\n  'plan' => 'gold',\n  'seats' => 5,\n  'tags' => \n  array (\n    0 => 'vip',\n    1 => 'eu',\n  ),\n  'note' => 'it\\'s, fine',\n  'none' => NULL,\n)"
        let value = PHPValue.parse(text)
        #expect(value == .array([
            PHPArrayEntry(key: "plan", value: .string("gold")),
            PHPArrayEntry(key: "seats", value: .number("5")),
            PHPArrayEntry(key: "tags", value: .array([PHPArrayEntry(key: "0", value: .string("vip")),
                                                      PHPArrayEntry(key: "1", value: .string("eu"))])),
            PHPArrayEntry(key: "note", value: .string("it's, fine")),
            PHPArrayEntry(key: "none", value: .null),
        ]))
        #expect(value.lines == ["plan: gold", "seats: 5", "tags:", "  0: vip", "  1: eu", "note: it's, fine", "none: NULL"])
        #expect(PHPValue.parse("array (\n)") == .array([]))
        #expect(PHPValue.parse("array (\n  'a' => ") == .text("array (\n  'a' => "))
    }

    @Test func readsWhatTheDemoWrites() {
        let items: [(String, PHP.Value)] = [("city", .string("Köln")), ("tags", .list([.string("a")]))]
        let text = PHP.varExport(items)
        #expect(PHPValue.parse(text).lines == ["city: Köln", "tags:", "  0: a"])
        #expect(PHPValue.parse(PHP.quote("O'Fallon \\ x")) == .string("O'Fallon \\ x"))
    }
}
