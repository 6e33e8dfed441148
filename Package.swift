// swift-tools-version:6.0
//
// Zhengming (正名): a rule-based annotator for Chinese political text.
//
// Targets draw the architecture:
//   CICU       a thin C shim over the system ICU (libicu-dev); Swift cannot call
//              ICU's version-renamed C functions (ubrk_open_72 …) directly.
//   Zhengming  the library: text decoding and normalisation, segmentation,
//              transliteration, lexicons, the rule engine, annotation, writers,
//              evaluation and export.
//   zhengming  the command-line tool; the only target that imports ArgumentParser.
import PackageDescription

let package = Package(
    name: "zhengming",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "zhengming", targets: ["zhengming"]),
        .library(name: "Zhengming", targets: ["Zhengming"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(
            name: "Zhengming",
            dependencies: [
                "CICU",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [
                // The matcher's inner loop touches per-worker scratch state on
                // every step; dynamic exclusivity checks there cost more than
                // the work (measured with perf). Debug builds keep the checks.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "zhengming",
            dependencies: [
                "Zhengming",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures both test targets use (temporary directories, the export
        // test pack); not part of any product.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ZhengmingTests",
            dependencies: ["Zhengming", "TestSupport"]
        ),
        .testTarget(
            name: "zhengmingCLITests",
            dependencies: ["zhengming", "TestSupport"]
        ),
    ]
)
