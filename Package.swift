// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "auditlog",
    products: [
        .executable(name: "auditlog", targets: ["auditlog"]),
        .library(name: "AuditStore", targets: ["AuditStore"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // A setgid auditlog switches the calling thread's group and stays undumpable: C, as prctl(2) and the raw
        // setresgid(2) system call are variadic or absent in Swift.
        .target(name: "CCredentials"),
        .target(name: "AuditStore", dependencies: ["CSQLite", "CCredentials"], exclude: ["Demo/Catalog"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Text on a terminal: measured in cells, escaped, drawn into a grid; numbers, dates and matches as
        // people read them. The browser, the commands and the report share it.
        .target(name: "TextCells", dependencies: ["AuditStore"]),
        .target(name: "AuditBrowser", dependencies: ["AuditStore", "TextCells", "AuditReview"]),
        // The review: the detectors of unusual patterns in a period against its baseline, and their findings.
        .target(name: "AuditReview", dependencies: ["AuditStore", "TextCells"]),
        // The compliance report: counted from a view's records, written as text, CSV, JSON or one HTML page.
        .target(name: "AuditReport", dependencies: ["AuditStore", "TextCells", "AuditReview"]),
        // The stop-signal flag and handlers: C state needs exactly one definition, so it lives in a .c file.
        .target(name: "CStopSignals"),
        .target(name: "Terminal", dependencies: ["AuditBrowser", "CNcursesw", "CStopSignals"]),
        .executableTarget(name: "auditlog", dependencies: ["AuditStore", "AuditBrowser", "AuditReport", "AuditReview", "Terminal",
                                                          "CStopSignals"]),
        .executableTarget(name: "auditlog-bench", dependencies: ["AuditStore", "PseudoTerminal"]),
        // Runs a program in a pseudo-terminal: the benchmark and the end-to-end byte tests.
        .target(name: "PseudoTerminal"),
        // "requires tmux (apt-get install tmux)": tests that run an external tool skip, saying so, where it is missing.
        .target(name: "TestTools", path: "Tests/TestTools"),
        .testTarget(
            name: "AuditStoreTests",
            dependencies: ["AuditStore", "TextCells", "TestTools"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AuditBrowserTests", dependencies: ["AuditBrowser", "AuditStore", "TextCells"], exclude: ["Golden"]),
        .testTarget(name: "AuditReviewTests", dependencies: ["AuditReview", "AuditStore", "TextCells"]),
        .testTarget(name: "AuditReportTests", dependencies: ["AuditReport", "AuditStore", "TextCells"]),
        .testTarget(name: "auditlogTests", dependencies: ["auditlog", "AuditStore", "AuditBrowser", "PseudoTerminal",
                                                          "TestTools"]),
    ]
)
