/// SplitMix64: small, fast and the same on every platform, so a seed always makes the same data.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func hex(_ digits: Int) -> String {
        var text = ""
        for _ in 0..<digits { text.append(Character(String(next() % 16, radix: 16))) }
        return text
    }

    mutating func uuid() -> String {
        "\(hex(8))-\(hex(4))-4\(hex(3))-\(pick(["8", "9", "a", "b"]))\(hex(3))-\(hex(12))"
    }
}

/// The people and things the demo's records are about.
struct DemoDirectory {
    struct Admin { let id: String; let email: String }
    struct Customer { let id: String; let email: String; let name: String }
    struct Subscription { let id: String; let customer: Int; let plan: String }

    var admins: [Admin] = []
    var customers: [Customer] = []
    var subscriptions: [Subscription] = []

    static let plans = ["Starter", "Team", "Business", "Enterprise", "Gold (annual)", "Silver (monthly)"]

    /// Names a support agent will meet, including some a terminal must not take as commands.
    static let hostileNames = [
        "Evil \u{1B}[31mRed\u{1B}[0m Corp",                   // CSI colour
        "Title \u{1B}]0;pwned\u{07} Ltd",                      // OSC title
        "Clip \u{1B}]52;c;ZWNobyBoaQ==\u{07} GmbH",           // OSC 52 clipboard
        "\u{202E}moc.elpmaxe\u{202C} Reversed",                // bidi override
        "Bär & Söhne 🐻 GmbH",
        "株式会社テスト商事",
        "شركة الاختبار",
        "Zero\u{200B}Width\u{200D}Join",
        "Tab\tand\r\nnewline Inc",
    ]

    static let firstNames = ["Ada", "Bruno", "Chen", "Dalia", "Emre", "Fatima", "Gustav", "Hana", "Ivan", "Jules",
                             "Kofi", "Lena", "Mateo", "Nia", "Olga", "Pedro", "Qi", "Rosa", "Sven", "Tariq"]
    static let companyWords = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
                               "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Aperture", "Oscorp", "Pied Piper"]
    static let companySuffixes = ["Ltd", "GmbH", "Inc", "SAS", "BV", "AB", "Oy", "LLC"]

    init(random: inout SeededRandom, customerCount: Int) {
        let adminEmails = ["ops@acme.example", "jürgen.müller@acme.example", "support-lead@acme.example",
                           "finance@acme.example", "ana.o'neil@acme.example", "李雷@acme.example",
                           "night-shift@acme.example", "sam.support@acme.example"]
        admins = adminEmails.map { Admin(id: random.uuid(), email: $0) }
        for index in 0..<customerCount {
            let name: String
            if index < Self.hostileNames.count {
                name = Self.hostileNames[index]
            } else if index % 97 == 5 {
                name = Self.hostileNames[index % Self.hostileNames.count]
            } else if random.chance(0.4) {
                name = "\(random.pick(Self.firstNames)) \(random.pick(Self.companyWords))"
            } else {
                name = "\(random.pick(Self.companyWords)) \(random.pick(Self.companyWords)) \(random.pick(Self.companySuffixes))"
            }
            let slug = name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }.prefix(12)
            let domain = slug.isEmpty ? "customer\(index)" : String(String.UnicodeScalarView(slug))
            let email = "billing\(index % 7 == 0 ? "" : String(index))@\(domain).example"
            customers.append(Customer(id: random.uuid(), email: email, name: name))
        }
        for index in 0..<(customerCount * 3 / 2) {
            let owner = index < customerCount ? index : random.int(0..<customerCount)
            subscriptions.append(Subscription(id: random.uuid(), customer: owner, plan: random.pick(Self.plans)))
        }
    }
}
