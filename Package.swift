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
        .target(name: "AuditStore", dependencies: ["CSQLite"], exclude: ["Demo/Catalog"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "AuditBrowser", dependencies: ["AuditStore"]),
        // The compliance report: counted from a view's records, written as text, CSV, JSON or one HTML page.
        .target(name: "AuditReport", dependencies: ["AuditStore", "AuditBrowser"]),
        // The stop-signal flag and handlers: C state needs exactly one definition, so it lives in a .c file.
        .target(name: "CStopSignals"),
        .target(name: "Terminal", dependencies: ["AuditBrowser", "CNcursesw", "CStopSignals"]),
        .executableTarget(name: "auditlog", dependencies: ["AuditStore", "AuditBrowser", "AuditReport", "Terminal",
                                                          "CStopSignals"]),
        .executableTarget(name: "auditlog-bench", dependencies: ["AuditStore", "PseudoTerminal"]),
        // Runs a program in a pseudo-terminal: the benchmark and the end-to-end byte tests.
        .target(name: "PseudoTerminal"),
        .testTarget(
            name: "AuditStoreTests",
            dependencies: ["AuditStore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AuditBrowserTests", dependencies: ["AuditBrowser", "AuditStore"], exclude: ["Golden"]),
        .testTarget(name: "AuditReportTests", dependencies: ["AuditReport", "AuditStore"]),
        .testTarget(name: "auditlogTests", dependencies: ["auditlog", "AuditStore", "AuditBrowser", "PseudoTerminal"]),
    ]
)
