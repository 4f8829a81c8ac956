/// Numbers as people read them.
public enum NumberText {
    /// `48 210`: groups of three, as the status bar shows counts.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(" ") }
            out.append(digit)
        }
        return n < 0 ? "-" + out : out
    }
}
