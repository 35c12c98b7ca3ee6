// swift-tools-version: 6.2
// The Hummingbird 2 peer for `make bench-http` (Tests/Benchmarks/bench-http.sh): a minimal server that
// answers `GET /healthz` and `GET /version` with fixed bodies, so the benchmark can measure our
// own server against Hummingbird on the same machine in the same run. It is a package of its
// own on purpose: Hummingbird (and so SwiftNIO) must never become a dependency of the product.
// Its build folder (.build/ beside this file) is git-ignored.
import PackageDescription

let package = Package(
    name: "HummingbirdPeer",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Pinned exactly so every figure compares against the same Hummingbird.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdPeer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
    ]
)
