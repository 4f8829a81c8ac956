import AuditStore
import Testing
@testable import AuditBrowser

/// A field change's row in the list shows what changed when the values do not fit whole.
struct ChangeRowTests {
    func row(_ old: String?, _ new: String?, field: String = "name", entity: String? = "Customer", width: Int,
             fieldNamed: Bool = false, masked: Bool = false, glyphs: Glyphs = .unicode) -> String {
        var change = FieldChange(field: field, old: old, new: new, entity: entity)
        change.masked = masked
        let text = ChangeRow.text(change, width: width, fieldNamed: fieldNamed, glyphs: glyphs)
        #expect(TextWidth.of(text) <= width, "\(text) is wider than \(width)")
        return text
    }

    @Test func wholeWhenItFits() {
        #expect(row("'Acme Ltd'", "'Acme BV'", width: 60) == "Customer.name: 'Acme Ltd' → 'Acme BV'")
        #expect(row("'Acme Ltd'", "'Acme BV'", width: 30) == "name: 'Acme Ltd' → 'Acme BV'")
        #expect(row("7", "49", field: "seats", width: 30, fieldNamed: true) == "Customer.seats: 7 → 49")
        #expect(row("'Acme Ltd'", "'Acme BV'", width: 25, fieldNamed: true) == "'Acme Ltd' → 'Acme BV'")
    }

    /// The new user's row: `name: 'Acme Wayne Ltd… → 'Acme Wayne Ltd …`, the difference cut off in both.
    @Test func aCommonStartGoesFirst() {
        let old = "'Acme Wayne Ltd Holding'", new = "'Acme Wayne Ltd (EU)'"
        #expect(row(old, new, width: 30) == "name: …Holding' → …(EU)'")
        #expect(row(old, new, width: 24) == "name: …Holding' → …(EU)'")
        // A common start that ends inside a word keeps that word.
        #expect(row("'Acme Wayne Ltd Hold Co'", "'Acme Wayne Ltd Holding'", width: 30)
            == "name: …Hold Co' → …Holding'")
        #expect(row("'Acme Wayne Ltd Hold Co'", "'Acme Wayne Ltd Holding'", width: 24)
            == "name: … Co' → …ing'")
        // A date is never cut inside: `…5-08-01` says less than `2025-08…`.
        #expect(row("2025-08-01T00:00:00+00:00", "2026-06-12T00:00:00+00:00", field: "validUntil", width: 30)
            == "validUn…: 2025-08… → 2026-06-…")
    }

    @Test func thenTheCommonEnd() {
        let old = "'billing@acme-wayne-holding.example'", new = "'accounts+4@acme-wayne-holding.example'"
        // Nothing shared at the start but the quote, which an ellipsis would not shorten: cut at their ends.
        #expect(row(old, new, field: "billingEmail", width: 40) == "billingEma…: 'billing@ac… → 'accounts+4…")
        #expect(row("'The quick brown fox jumps over the lazy dog'", "'The quick red fox jumps over the lazy dog'",
                    width: 30) == "name: …brown fox… → …red fox…")
        #expect(row("'The quick brown fox jumps over the lazy dog'", "'The quick red fox jumps over the lazy dog'",
                    width: 20) == "name: …brow… → …red…")
    }

    /// Text inserted or removed: the side without any of its own shows one ellipsis.
    @Test func anInsertion() {
        #expect(row("'Acme Wayne Holding Ltd'", "'Acme Wayne Holding International Ltd'", width: 40)
            == "name: …Ltd' → …International Ltd'")
        #expect(row("'Acme Wayne Holding Limited Partners'", "'Acme Wayne Holding International Limited Partners'",
                    width: 27) == "name: … → …International …")
        #expect(row("'Acme Wayne Holding Limited Partners'", "'Acme Wayne Holding International Limited Partners'",
                    width: 30) == "name: …L… → …International L…")
    }

    @Test func theFieldIsCutLastAndKeepsAThird() {
        let row = row("'billing@acme.example'", "'accounts+4@acme.example'", field: "billingEmailAddress", width: 30)
        #expect(row == "billing…: 'billin… → 'account…", "\(row)")
        // The differing parts short: the field keeps what is left.
        #expect(self.row("'Acme Wayne Ltd Holding'", "'Acme Wayne Ltd (EU)'", field: "registeredCompanyName", width: 30)
            == "registere…: …Holding' → …(EU)'")
    }

    /// The new user's other row: `name: 'Wayne Vandelay… → 'Wayne Vandelay …` for two equal values.
    @Test func equalValuesSaySo() {
        let value = "'Wayne Vandelay BV (EU)'"
        #expect(row(value, value, width: 60) == "Customer.name: unchanged 'Wayne Vandelay BV (EU)'")
        #expect(row(value, value, width: 40) == "name: unchanged 'Wayne Vandelay BV (EU)'")
        #expect(row(value, value, width: 30) == "name: unchanged 'Wayne Vandel…")
        #expect(row(value, value, field: "registeredCompanyName", width: 24) == "regis…: unchanged 'Wayn…")
        #expect(row(nil, nil, width: 30) == "Customer.name: unchanged NULL")
        // Masked alike for an agent: they were different, so never "unchanged".
        #expect(row("'j•••@acme.example'", "'j•••@acme.example'", field: "email", width: 80, masked: true)
            == "Customer.email: changed, masked alike 'j•••@acme.example'")
    }

    @Test func wideCharactersAreMeasuredAndNeverHalved() {
        let old = "'東京都千代田区丸の内一丁目'", new = "'東京都千代田区丸の内二丁目'"
        #expect(row(old, new, field: "city", width: 25) == "city: …一丁目' → …二丁目'")
        #expect(row(old, new, field: "city", width: 24) == "city: …内一… → …内二…")
        // An odd room: the cut never leaves half a character.
        let row = row("'一二三四五六七八九'", "'九八七六五四三二一'", field: "city", width: 31)
        #expect(row == "city: '一二三四… → '九八七六…", "\(row)")
    }

    @Test func controlCharactersAreSanitisedAndNeverCutInsideAnEscape() {
        // The values differ only in an invisible character: its escape shows whole, on both sides.
        let old = "'Acme Wayne Ltd\u{202E} Holding'", new = "'Acme Wayne Ltd\u{202D} Holding'"
        let unicode = row(old, new, width: 30)
        #expect(unicode == "name: …\\u202E H… → …\\u202D H…", "\(unicode)")
        let ascii = row("'Acme Wayne Ltd\u{1B}[31m Holding'", "'Acme Wayne Ltd\u{1B}[32m Holding'", width: 30,
                        glyphs: .ascii)
        #expect(!ascii.contains("\u{1B}") && ascii.allSatisfy(\.isASCII), "\(ascii)")
        // A control in a value cut at its end: the escape is whole or gone.
        let escapes = "'" + String(repeating: "\u{1B}", count: 10) + "'"
        let cut = row(escapes, "'b'", width: 21, glyphs: .ascii)
        #expect(cut == "name: '^[^[... -> 'b'", "\(cut)")
        let wider = row(escapes, "'b'", width: 26, glyphs: .ascii)
        #expect(wider == "name: '^[^[^[^[... -> 'b'", "\(wider)")
        #expect(row("'Acme\u{1B}[31m'", "'Acme\u{1B}[31m'", width: 60) == "Customer.name: unchanged 'Acme␛[31m'")
    }

    @Test func asciiUsesItsEllipsis() {
        let old = "'Acme Wayne Ltd Holding'", new = "'Acme Wayne Ltd (EU)'"
        #expect(row(old, new, width: 30, glyphs: .ascii) == "name: ...Holding' -> ...(EU)'")
        #expect(row(old, new, width: 24, glyphs: .ascii) == "name: ...H... -> ...(...")
    }

    /// `array(4) → array(4)`: values that differ where the row does not show them are not "unchanged".
    @Test func differentValuesThatReadAlike() {
        let old = "array (\n  'a' => 1,\n)", new = "array (\n  'a' => 2,\n)"
        #expect(row(old, new, field: "metadata", width: 40) == "Customer.metadata: array(1) → array(1)")
    }
}
