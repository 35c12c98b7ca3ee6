// swift-tools-version: 6.0
// A libFuzzer harness for the HTTP request parser. It is its own package so that the
// sanitizer flags it is built with (`Tests/Fuzz/fuzz.sh`) never reach the main build.
import PackageDescription

let package = Package(
    name: "CounterpartFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its directory's name,
        // which is whatever the checkout is called.
        .package(name: "counterpart", path: "../.."),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "RequestParserFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "HTTP", package: "counterpart")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]
        ),
    ]
)
