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
        .target(name: "AuditStore", dependencies: ["CSQLite"]),
        .target(name: "AuditBrowser", dependencies: ["AuditStore"]),
        .executableTarget(name: "auditlog", dependencies: ["AuditStore", "AuditBrowser"]),
        .executableTarget(name: "auditlog-bench", dependencies: ["AuditStore"]),
        .testTarget(
            name: "AuditStoreTests",
            dependencies: ["AuditStore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "auditlogTests", dependencies: ["auditlog"]),
    ]
)
