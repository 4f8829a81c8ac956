import AuditStore

/// A field change as a list row's message, fitted to its column so that what changed shows.
///
/// Whole when it fits (`Customer.name: 'Acme Ltd' → 'Acme BV'`), else without its entity, without its field
/// where the view's filter names it (the title says it). Values that still do not fit lose what they share:
/// their common start, then their common end, each replaced by an ellipsis (`name: …Holding' → …(EU)'`; a
/// start that ends inside a word keeps that word: `…Hold Co' → …Holding'`), and room left over goes back to
/// the start, then the end. Only then is the field cut (it keeps a third of the width, a short one whole),
/// and the values last, each at its end (when that leaves a value under 4 columns, the field and what fits).
/// Two equal values say so: `name: unchanged 'Wayne Vandelay BV (EU)'` (the verdict first, so a narrow row
/// still shows it), or, values masked alike for an agent, `email: changed, masked alike 'j•••@acme.example'`
/// (they were different, as the expansion says).
///
/// Every character from the data is sanitised on its own (`Glyphs.line`) before it is measured, and the text
/// is cut only between characters: never inside an escape such as `\u202E` or `^[`.
enum ChangeRow {
    static func text(_ change: FieldChange, width: Int, fieldNamed: Bool, glyphs g: Glyphs) -> String {
        let old = RecordLine.oneLine(change.old), new = RecordLine.oneLine(change.new)
        let qualified = g.line(change.entity.map { $0 + "." + change.field } ?? change.field) + ": "
        let names = [qualified, fieldNamed ? "" : g.line(change.field) + ": "]
        let arrow = " " + g.arrow + " "
        if (change.old ?? "NULL") == (change.new ?? "NULL") {
            let verdict = change.masked ? "changed, masked alike " : "unchanged "
            for name in names where TextWidth.of(name + verdict + g.line(old)) <= width {
                return name + verdict + g.line(old)
            }
            let value = Units(old, g)
            let room = max(floor(names[1], width), width - TextWidth.of(verdict) - value.width)
            let name = cut(names[1], change.field, to: room, g)
            return name + verdict + value.cut(to: width - TextWidth.of(name + verdict), g).text
        }
        let wholeOld = g.line(old), wholeNew = g.line(new)
        for name in names where TextWidth.of(name + wholeOld + arrow + wholeNew) <= width {
            return name + wholeOld + arrow + wholeNew
        }
        let name = names[1]
        let (oldUnits, newUnits) = (Units(old, g), Units(new, g))
        var shortest = (oldUnits, newUnits)
        // `array(4) → array(4)`: the values differ where the row does not show them; nothing to take away.
        if old != new {
            let pair = Pair(oldUnits, newUnits, g)
            let room = width - TextWidth.of(name) - TextWidth.of(arrow)
            for kept in pair.dropping() {
                guard pair.width(kept) <= room else { shortest = pair.sides(kept); continue }
                let grown = pair.grown(kept, room: room)
                // All of the start back: the values cut at their ends, as any long value is.
                if grown.start == pair.prefix { return name + cutAtEnds(oldUnits, newUnits, room: room, arrow, g) }
                let (a, b) = pair.sides(grown)
                return name + a.text + arrow + b.text
            }
            // The field cut to what it keeps, before the word the difference begins in goes (`validU…: …12-17…`
            // says more than `validUntil: …2-17…`).
            if let last = pair.lastResort,
               shortest.0.width + TextWidth.of(arrow) + shortest.1.width > width - floor(name, width) {
                if pair.width(last) <= room {
                    let (a, b) = pair.sides(pair.grown(last, room: room))
                    return name + a.text + arrow + b.text
                }
                shortest = pair.sides(last)
            }
        }
        let (a, b) = shortest
        let nameRoom = max(floor(name, width), width - a.width - TextWidth.of(arrow) - b.width)
        let fitted = cut(name, change.field, to: nameRoom, g)
        let room = max(0, width - TextWidth.of(fitted) - TextWidth.of(arrow))
        if width < 24, a.width + b.width > room, room / 2 < 4 {
            // Values cut to a few characters say nothing: the field and what fits, cut at its end.
            let field = fieldNamed ? [] : Units(change.field, g).units + [": "]
            return Units(field + oldUnits.units + [arrow] + newUnits.units).cut(to: width, g).text
        }
        return fitted + cutAtEnds(a, b, room: room, arrow, g)
    }

    /// Two values in `room` columns with the arrow between, each cut at its end: a short one whole, else half each.
    static func cutAtEnds(_ a: Units, _ b: Units, room: Int, _ arrow: String, _ g: Glyphs) -> String {
        let oldRoom = min(a.width, max(room / 2, room - b.width))
        return a.cut(to: oldRoom, g).text + arrow + b.cut(to: room - oldRoom, g).text
    }

    /// What a field's name keeps however long the values: a third of the row, or a short name whole
    /// (`name: `, `seats: `, `status: `).
    static func floor(_ name: String, _ width: Int) -> Int { max(width / 3, min(TextWidth.of(name), 8)) }

    /// `field: ` cut to `width` columns (`billingE…: `), or nothing when not even a character and the
    /// ellipsis fit.
    static func cut(_ name: String, _ field: String, to width: Int, _ g: Glyphs) -> String {
        if name.isEmpty || TextWidth.of(name) <= width { return name }
        guard width - 2 > TextWidth.of(g.ellipsis) else { return "" }
        return Units(field, g).cut(to: width - 2, g).text + ": "
    }
}

/// A value as the characters a row shows, each already sanitised (one character's escape is one unit).
struct Units {
    var units: [String]

    init(_ units: [String]) { self.units = units }

    init(_ raw: String, _ g: Glyphs) { units = raw.map { g.line(String($0)) } }

    var text: String { units.joined() }
    var width: Int { units.reduce(0) { $0 + TextWidth.of($1) } }

    /// Cut at its end to `width` columns, ending in an ellipsis when cut (never two ellipses in a row).
    func cut(to width: Int, _ g: Glyphs) -> Units {
        if self.width <= width { return self }
        let mark = g.ellipsis
        var out: [String] = []
        var used = 0
        for unit in units {
            let w = TextWidth.of(unit)
            if used + w > width - TextWidth.of(mark) { break }
            out.append(unit)
            used += w
        }
        if out.last != mark, used + TextWidth.of(mark) <= width { out.append(mark) }
        return Units(out)
    }
}

/// Two different values and what they share: their common start and end, which a row may drop.
struct Pair {
    let a: [String], b: [String], g: Glyphs
    /// The common start and end, in characters.
    let prefix: Int, suffix: Int
    /// Columns of the shared start's last `k` characters (`startWidths[k]`), of the shared end's first `k`.
    let startWidths: [Int], endWidths: [Int]
    let ellipsisWidth: Int, middleWidths: (Int, Int)

    init(_ old: Units, _ new: Units, _ g: Glyphs) {
        (a, b, self.g) = (old.units, new.units, g)
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        (self.prefix, self.suffix) = (prefix, suffix)
        var widths = [0]
        for unit in a[..<prefix].reversed() { widths.append(widths.last! + TextWidth.of(unit)) }
        startWidths = widths
        widths = [0]
        for unit in a[(a.count - suffix)...] { widths.append(widths.last! + TextWidth.of(unit)) }
        endWidths = widths
        ellipsisWidth = TextWidth.of(g.ellipsis)
        func middle(_ units: [String]) -> Int {
            units[prefix..<(units.count - suffix)].reduce(0) { $0 + TextWidth.of($1) }
        }
        middleWidths = (middle(a), middle(b))
    }

    /// How many characters of the shared start (its last ones) and of the shared end (its first ones) show.
    typealias Kept = (start: Int, end: Int)

    /// What the values keep of what they share, less and less: the common start dropped back to the start of
    /// the word the difference begins in (`…Hold Co'`; a word ends at anything but a letter or a digit, so a
    /// date or a number is never cut inside: `2025-08-01` and `2026-06-12` share nothing to drop); then the
    /// common end cut after the word the difference ends in, then dropped whole. A shared part no wider than
    /// the ellipsis is kept (dropping it would gain nothing). None when nothing of the start can go: the
    /// values are then cut at their ends (which drops their common end anyway).
    func dropping() -> [Kept] {
        let shared = a[..<prefix], common = a[(a.count - suffix)...]
        let startWord = shared.lastIndex(where: Self.endsWord).map { prefix - 1 - $0 } ?? prefix
        let endWord = common.firstIndex(where: Self.endsWord).map { $0 - common.startIndex } ?? suffix
        var seen: [Kept] = [(prefix, suffix)]
        var out: [Kept] = []
        for kept in [(startWord, suffix), (startWord, endWord), (startWord, 0)].map(normalised)
        where kept.start < prefix && !seen.contains(where: { $0 == kept }) {
            seen.append(kept)
            out.append(kept)
        }
        return out
    }

    /// A character after which a value may be cut at its start: a space, punctuation (`'`, `@`, `-`, `.`), an
    /// escape, or a wide character (Chinese and Japanese have no spaces: each character stands alone).
    static func endsWord(_ unit: String) -> Bool {
        guard unit.count == 1, let character = unit.first, character.isLetter || character.isNumber else { return true }
        return TextWidth.of(character) > 1
    }

    /// Last, when the common start ends inside a word, that word goes too (`…\u202E…`, where `…Ltd\u202E`
    /// would be cut).
    var lastResort: Kept? {
        let shared = a[..<prefix]
        let startWord = shared.lastIndex(where: Self.endsWord).map { prefix - 1 - $0 } ?? prefix
        let kept = normalised((0, 0))
        return startWord > 0 && startWord < prefix && kept.start < prefix ? kept : nil
    }

    private func normalised(_ kept: Kept) -> Kept {
        (startWidths[prefix] - startWidths[kept.start] <= ellipsisWidth ? prefix : kept.start,
         endWidths[suffix] - endWidths[kept.end] <= ellipsisWidth ? suffix : kept.end)
    }

    /// Columns of both sides together.
    func width(_ kept: Kept) -> Int {
        let shared = startWidths[kept.start] + (kept.start < prefix ? ellipsisWidth : 0)
            + endWidths[kept.end] + (kept.end < suffix ? ellipsisWidth : 0)
        // A side with nothing of its own between two dropped parts shows one ellipsis.
        func side(_ middle: Int) -> Int {
            middle == 0 && kept == (0, 0) && prefix > 0 && suffix > 0 ? ellipsisWidth : shared + middle
        }
        return side(middleWidths.0) + side(middleWidths.1)
    }

    /// `kept` with the room left over given back to what the values share: first the common start (whole,
    /// or from the start of a word: it is how a value is recognised), then the common end.
    func grown(_ kept: Kept, room: Int) -> Kept {
        var kept = kept
        if kept.start < prefix {
            let starts = (kept.start + 1...prefix).reversed()
                .filter { $0 == prefix || Self.endsWord(a[prefix - $0 - 1]) }
            if let start = starts.first(where: { width((start: $0, end: kept.end)) <= room }) { kept.start = start }
        }
        if kept.end < suffix, let end = (kept.end + 1...suffix).reversed().first(where: {
            width(normalised((start: kept.start, end: $0))) <= room
        }) {
            kept = normalised((start: kept.start, end: end))
        }
        return kept
    }

    /// The two sides as shown: an ellipsis where a shared part was dropped.
    func sides(_ kept: Kept) -> (Units, Units) {
        func side(_ units: [String]) -> Units {
            var out: [String] = kept.start < prefix ? [g.ellipsis] : []
            out += units[(prefix - kept.start)..<(units.count - suffix + kept.end)]
            if kept.end < suffix { out.append(g.ellipsis) }
            // Nothing of its own between two dropped parts (`'ab' → 'aXb'`, the old side): one ellipsis.
            return Units(out == [g.ellipsis, g.ellipsis] ? [g.ellipsis] : out)
        }
        return (side(a), side(b))
    }
}
