/// The characters that must never reach a terminal as they are, besides the C0 controls and DEL: C1
/// controls, bidi overrides and isolates, zero-width and other invisible format characters, private-use
/// and tag characters. One set for every place text from the data is shown — the browser's `Sanitizer`
/// and the import's error messages (`LineError.quote`) — so they cannot disagree.
public enum InvisibleText {
    public static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0x061C, 0xFEFF, 0xFFF9...0xFFFB,
             0xE0000...0xE007F:
            return true
        default:
            let category = scalar.properties.generalCategory
            return category == .format || category == .privateUse || category == .surrogate
        }
    }
}
