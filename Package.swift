// swift-tools-version: 6.0
// ThiDua — emulation and commendation campaigns for Vietnamese public agencies.
import PackageDescription

/// Strict settings shared by every Swift target.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ThiDua",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "thidua", targets: ["thidua"]),
        .library(name: "ThiDuaYAML", targets: ["ThiDuaYAML"]),
        .library(name: "ThiDuaCore", targets: ["ThiDuaCore"]),
        .library(name: "ThiDuaOrganization", targets: ["ThiDuaOrganization"]),
        .library(name: "ThiDuaCriteria", targets: ["ThiDuaCriteria"]),
        .library(name: "ThiDuaSQLite", targets: ["ThiDuaSQLite"]),
        .executable(name: "thidua-dev", targets: ["thidua-dev"]),
        .plugin(name: "CheckConfig", targets: ["CheckConfig"]),
        .plugin(name: "ScaffoldModule", targets: ["ScaffoldModule"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: - libyaml (system library, Debian: libyaml-dev)
        .systemLibrary(
            name: "CYAML",
            path: "Sources/CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),

        // MARK: - libcurl headers (Debian: libcurl4-openssl-dev): SMTP and HTTP for notifications.
        // Not linked: the library is loaded with dlopen when a message is sent (Sources/CCurl/shim.h).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),

        // MARK: - YAML layer: nodes with positions, one Decoder, diagnostics
        .target(name: "ThiDuaYAML", dependencies: ["CYAML"], swiftSettings: strict),

        // MARK: - Core host: module contract, host configuration, event bus, value types
        .target(
            name: "ThiDuaCore",
            dependencies: [
                "ThiDuaYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Embedded SQLite store (the core's store protocols on GRDB)
        .target(
            name: "ThiDuaSQLite",
            dependencies: [
                "ThiDuaCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Feature modules
        .target(
            name: "ThiDuaOrganization",
            dependencies: ["ThiDuaCore"],
            path: "Sources/Modules/Organization",
            swiftSettings: strict
        ),
        .target(
            name: "ThiDuaCriteria",
            dependencies: [
                "ThiDuaCore",
                "ThiDuaOrganization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Criteria",
            swiftSettings: strict
        ),
        .target(
            name: "ThiDuaCampaigns",
            dependencies: ["ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria"],
            path: "Sources/Modules/Campaigns",
            swiftSettings: strict
        ),

        .target(
            name: "ThiDuaDossiers",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria", "ThiDuaCampaigns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Dossiers",
            swiftSettings: strict
        ),
        .target(
            name: "ThiDuaInitiatives",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Initiatives",
            swiftSettings: strict
        ),

        .target(
            name: "ThiDuaBudget",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria", "ThiDuaCampaigns", "ThiDuaDossiers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Budget",
            swiftSettings: strict
        ),
        .target(
            name: "ThiDuaCouncil",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria", "ThiDuaCampaigns", "ThiDuaDossiers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Council",
            swiftSettings: strict
        ),
        .target(
            name: "ThiDuaDecisions",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria", "ThiDuaCampaigns", "ThiDuaDossiers", "ThiDuaBudget", "ThiDuaCouncil",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Decisions",
            swiftSettings: strict
        ),

        .target(
            name: "ThiDuaNotifications",
            dependencies: [
                "ThiDuaCore", "ThiDuaOrganization", "ThiDuaCriteria", "ThiDuaCampaigns", "ThiDuaDossiers", "CCurl",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Modules/Notifications",
            swiftSettings: strict
        ),

        // @scaffold: module targets

        // MARK: - Command-line host
        .target(
            name: "ThiDuaCLI",
            dependencies: [
                "ThiDuaCore",
                "ThiDuaOrganization",
                "ThiDuaCriteria",
                "ThiDuaCampaigns",
                "ThiDuaDossiers",
                "ThiDuaBudget",
                "ThiDuaCouncil",
                "ThiDuaDecisions",
                "ThiDuaNotifications",
                "ThiDuaSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "ThiDuaInitiatives",
                // @scaffold: linked modules
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "thidua", dependencies: ["ThiDuaCLI"], swiftSettings: strict),

        // MARK: - Developer kit: the module scaffold behind `swift package scaffold-module`
        .target(name: "ThiDuaDevKit", swiftSettings: strict),
        .executableTarget(
            name: "thidua-dev",
            dependencies: ["ThiDuaDevKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // MARK: - Plugins
        .plugin(
            name: "CheckConfig",
            capability: .command(
                intent: .custom(verb: "check-config", description: "Validate the ThiDua configuration (./config or --config DIR) like 'thidua check'"),
                permissions: []
            ),
            dependencies: ["thidua"]
        ),
        .plugin(
            name: "ScaffoldModule",
            capability: .command(
                intent: .custom(verb: "scaffold-module", description: "Create and register a new feature module: scaffold-module NAME"),
                permissions: [.writeToPackageDirectory(reason: "writes the new module's sources, tests, docs page and example, and registers it")]
            ),
            dependencies: ["thidua-dev"]
        ),

        // MARK: - Tests
        // Helpers shared by the test targets: the package root, the built `thidua`, process runs,
        // temporary directories and workspaces with a copy of config/.
        .target(name: "ThiDuaTestSupport", path: "Tests/ThiDuaTestSupport", swiftSettings: strict),
        .testTarget(
            name: "ThiDuaYAMLTests",
            dependencies: ["ThiDuaYAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaCoreTests",
            dependencies: ["ThiDuaCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaSQLiteTests",
            dependencies: ["ThiDuaSQLite", "ThiDuaCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaOrganizationTests",
            dependencies: ["ThiDuaOrganization"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaCriteriaTests",
            dependencies: ["ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaCampaignsTests",
            dependencies: ["ThiDuaCampaigns", "ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaCore", "ThiDuaInitiatives"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaDossiersTests",
            dependencies: [
                "ThiDuaDossiers", "ThiDuaCampaigns", "ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaSQLite", "ThiDuaCore", "thidua",
                "ThiDuaTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaBudgetTests",
            dependencies: [
                "ThiDuaBudget", "ThiDuaDossiers", "ThiDuaCampaigns", "ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaSQLite", "ThiDuaCore",
                "ThiDuaCLI", "ThiDuaTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaNotificationsTests",
            dependencies: [
                "ThiDuaNotifications", "ThiDuaDossiers", "ThiDuaCampaigns", "ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaSQLite",
                "ThiDuaCore",
                "thidua",
                "ThiDuaTestSupport",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaCouncilTests",
            dependencies: ["ThiDuaCouncil", "ThiDuaCore", "thidua", "ThiDuaTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaDecisionsTests",
            dependencies: ["ThiDuaDecisions", "ThiDuaSQLite", "ThiDuaCore", "thidua", "ThiDuaTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaCLITests",
            dependencies: ["ThiDuaCLI", "thidua", "ThiDuaSQLite", "ThiDuaTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaDevKitTests",
            dependencies: ["ThiDuaDevKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ThiDuaInitiativesTests",
            dependencies: [
                "ThiDuaInitiatives", "ThiDuaCampaigns", "ThiDuaCriteria", "ThiDuaOrganization", "ThiDuaCore", "ThiDuaSQLite", "ThiDuaTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // @scaffold: test targets
    ]
)
