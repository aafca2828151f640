// swift-tools-version: 6.0
// ThiDuaBenchmarks — side-by-side YAML decoding and `--help` start-up benchmarks.
//
// A separate package on purpose: Yams is a dependency here only, never of the
// ThiDua product. Build it on its own, in release:
//
//   swift build -c release --package-path Benchmarks --scratch-path Benchmarks/.build
//
// and run everything with `bash Benchmarks/run.sh` (see docs/performance.md).
//
// Yams compiles its own copy of libyaml (target CYaml) into any executable that
// links it, and those copies would take precedence over the system libyaml that
// ThiDuaYAML links. So the Yams decoder lives in its own executable
// (`yaml-bench-yams`), and `yaml-bench` (ThiDua) links only the system libyaml;
// `yaml-bench yams …` just hands over to `yaml-bench-yams` with execv.
import PackageDescription

/// SwiftPM names a path dependency after its directory, so the main package's
/// identity is whatever the clone's folder is called (`main` here).
let mainPackage = Context.packageDirectory
    .split(separator: "/")
    .dropLast()
    .last
    .map(String.init) ?? "main"

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ThiDuaBenchmarks",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yaml-bench", targets: ["yaml-bench"]),
        .executable(name: "yaml-bench-yams", targets: ["yaml-bench-yams"]),
        .executable(name: "bare-help", targets: ["bare-help"]),
        .executable(name: "criteria-bench", targets: ["criteria-bench"]),
    ],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The Codable types both decoders fill; no dependency on Yams or ThiDua.
        .target(name: "ProvinceModel", swiftSettings: strict),

        // Timing, peak RSS and argument handling shared by both decoder executables.
        .target(name: "BenchSupport", swiftSettings: strict),

        // `yaml-bench thidua FILE --iterations N` (and `yams`, handed to yaml-bench-yams).
        .executableTarget(
            name: "yaml-bench",
            dependencies: [
                "ProvinceModel",
                "BenchSupport",
                .product(name: "ThiDuaYAML", package: mainPackage),
            ],
            swiftSettings: strict
        ),

        // `yaml-bench-yams FILE --iterations N`: Yams' YAMLDecoder into the same types.
        .executableTarget(
            name: "yaml-bench-yams",
            dependencies: [
                "ProvinceModel",
                "BenchSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),

        // `criteria-bench [--people 24000] [--units 400] [--iterations 10]`: evaluation speed of
        // ThiDuaCriteria (target ≥ 5 million criterion evaluations per second).
        .executableTarget(
            name: "criteria-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "ThiDuaCore", package: mainPackage),
                .product(name: "ThiDuaOrganization", package: mainPackage),
                .product(name: "ThiDuaCriteria", package: mainPackage),
            ],
            swiftSettings: strict
        ),

        // A bare swift-argument-parser CLI of about thidua's size, to time `--help`.
        .executableTarget(
            name: "bare-help",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
    ]
)
