// swift-tools-version:6.1
//
// Fuzz targets for Zhengming: one libFuzzer executable per input surface.
// A package of its own, depending on the library by path, so that
// `swift build` and `swift test` at the top level never build it (it needs
// `--sanitize fuzzer` and a build of its own). Run it with scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "ZhengmingFuzz",
    dependencies: [
        .package(name: "zhengming", path: ".."),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "Zhengming", package: "zhengming")]
        ),
        .executableTarget(
            name: "fuzz-decoder",
            dependencies: ["FuzzSupport", .product(name: "Zhengming", package: "zhengming")],
            path: "Sources/FuzzDecoder"
        ),
        .executableTarget(
            name: "fuzz-jsonl",
            dependencies: ["FuzzSupport", .product(name: "Zhengming", package: "zhengming")],
            path: "Sources/FuzzJSONL"
        ),
        .executableTarget(
            name: "fuzz-rulepack",
            dependencies: ["FuzzSupport", .product(name: "Zhengming", package: "zhengming")],
            path: "Sources/FuzzRulePack"
        ),
        .executableTarget(
            name: "fuzz-pattern",
            dependencies: ["FuzzSupport", .product(name: "Zhengming", package: "zhengming")],
            path: "Sources/FuzzPattern"
        ),
    ]
)
