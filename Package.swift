// swift-tools-version:6.1
//
// Zhengming (正名): a rule-based annotator for Chinese political text.
//
// Targets draw the architecture:
//   CICU       a thin C shim over the system ICU (libicu-dev); Swift cannot call
//              ICU's version-renamed C functions (ubrk_open_72 …) directly.
//   Zhengming  the library: text decoding and normalisation, segmentation,
//              transliteration, lexicons, the rule engine, annotation, writers,
//              evaluation and export.
//   ZhengmingServer  `zhengming serve`: the HTTP API and the browser page on
//              Hummingbird 2; kept out of the library, so that users of
//              Zhengming never build or link an HTTP server.
//   CSQLite    the system SQLite (libsqlite3-dev), a module map and nothing else.
//   ZhengmingSQLite  the SQLite database of documents, mentions and posts
//              (`posts --format sqlite`); kept out of the library, so that
//              users of Zhengming never link SQLite.
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
        // Without its default traits (swift-configuration support, full
        // Foundation): the server needs neither, and they cost build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already dependencies of Hummingbird; named because the server
        // target uses them directly (the bound port, the rule watcher).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
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
        .target(
            name: "ZhengmingServer",
            dependencies: [
                "Zhengming",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "ZhengmingSQLite",
            dependencies: ["Zhengming", "CSQLite"]
        ),
        .executableTarget(
            name: "zhengming",
            dependencies: [
                "Zhengming",
                "ZhengmingServer",
                "ZhengmingSQLite",
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
            name: "ZhengmingServerTests",
            dependencies: [
                "ZhengmingServer", "Zhengming", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ZhengmingSQLiteTests",
            dependencies: ["ZhengmingSQLite", "Zhengming", "TestSupport"]
        ),
        .testTarget(
            name: "zhengmingCLITests",
            dependencies: ["zhengming", "ZhengmingSQLite", "TestSupport"]
        ),
    ]
)
