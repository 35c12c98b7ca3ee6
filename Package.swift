// swift-tools-version: 6.0
// Counterpart — a white-label retail integration platform. The module graph follows
// DESIGN.md: C shims (module maps only) at the bottom, infrastructure that knows nothing of
// retail above them, and one composition root (App) under the `counterpart` executable.
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "counterpart",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "counterpart", targets: ["counterpart"]),
        // The fuzzer package under Tests/Fuzz links the parser through this product.
        .library(name: "HTTP", targets: ["HTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Portal's server-rendered pages (DESIGN.md names it): NIO-free, no dependencies of its own.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Operations (issue 7 §6, DESIGN.md names both): modules record through CoreMetrics' API;
        // only App links the Prometheus backend and serves /metrics.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: C shims — module maps over Debian's headers; no C code of our own.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),

        // MARK: Infrastructure
        .target(name: "Sockets", dependencies: ["CLinux"], swiftSettings: strictSwift),
        .target(name: "HTTP", dependencies: ["Sockets", .product(name: "Logging", package: "swift-log"),
                                             .product(name: "CoreMetrics", package: "swift-metrics")],
                swiftSettings: strictSwift),
        .target(name: "Postgres", dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log"),
                                                 .product(name: "CoreMetrics", package: "swift-metrics")],
                swiftSettings: strictSwift),
        .target(name: "HTTPClient", dependencies: ["CCurl"], swiftSettings: strictSwift),
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: strictSwift),

        // MARK: Domain
        // The canonical retail model (issue 5 §1): pure values over Foundation alone.
        .target(name: "Commerce", swiftSettings: strictSwift),
        // One system's API to and from Commerce (issue 5): WooCommerce, Tryton, file drop, outbound
        // webhook. Never imports Postgres or HTTP (DESIGN.md): cursors and credentials arrive as values.
        .target(name: "Connectors", dependencies: ["Commerce", "HTTPClient", "Crypto"], swiftSettings: strictSwift),
        // Flow templates, mappings and the connections they use (issues 5 and 6).
        .target(name: "Flows", dependencies: ["Commerce", "Connectors", "Tenancy", "Postgres", "Crypto", "HTTPClient", "Jobs",
                                              .product(name: "CoreMetrics", package: "swift-metrics")],
                swiftSettings: strictSwift),
        // Logging: key rotation reports its batches to the operator's logger.
        .target(name: "Tenancy", dependencies: ["Postgres", "Crypto", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strictSwift),

        // The PostgreSQL queue, worker pool and scheduler (issue 6 §1). Infrastructure: knows
        // nothing of flows or tenants; App enters the platform scope for it through a hook.
        .target(name: "Jobs", dependencies: ["Postgres", .product(name: "Logging", package: "swift-log"),
                                             .product(name: "CoreMetrics", package: "swift-metrics")],
                swiftSettings: strictSwift),

        // Tiers, prices, wholesale prices and margins (issue 4 item 3).
        .target(name: "Billing", dependencies: ["Commerce", "Tenancy", "Postgres"], swiftSettings: strictSwift),

        // Measurements from the messages, SLA reports and alerts (issue 7). Reads tiers' targets from Billing.
        .target(name: "Monitoring", dependencies: ["Tenancy", "Postgres", "Billing", "HTTPClient", "Crypto"], swiftSettings: strictSwift),

        // MARK: Application
        .target(name: "Portal", dependencies: [
            "HTTP", "Crypto", "Tenancy", "Postgres", "Billing", "Connectors", "Flows", "Monitoring",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], swiftSettings: strictSwift),
        .target(name: "App", dependencies: [
            "HTTP", "Postgres", "Crypto", "HTTPClient", "Tenancy", "API", "Portal", "Connectors", "Flows", "Jobs", "Monitoring",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], swiftSettings: strictSwift),
        .target(name: "API", dependencies: [
            "HTTP", "Crypto", "Tenancy", "Billing", "Postgres", "Connectors", "Flows", "Monitoring",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strictSwift),
        .executableTarget(name: "counterpart", dependencies: [
            "App", "Tenancy", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strictSwift),

        // MARK: Tests
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Sockets"], swiftSettings: strictSwift),
        .testTarget(name: "ServerTests", dependencies: ["HTTP", "Sockets"], swiftSettings: strictSwift),
        .testTarget(name: "AppTests", dependencies: ["App", "HTTP", "HTTPClient", "Postgres", "Sockets", "Tenancy", "Flows", "TestSupport", "Jobs",
                                                   .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "Prometheus", package: "swift-prometheus")],
                    swiftSettings: strictSwift),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: strictSwift),
        .testTarget(name: "HTTPClientTests", dependencies: [
            "HTTPClient", "HTTP", "TestSupport", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strictSwift),
        .testTarget(name: "APITests", dependencies: ["API", "HTTP", "Crypto", "TestSupport", "Tenancy", "Flows", "Postgres"],
                    swiftSettings: strictSwift),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport",
                                                        .product(name: "MetricsTestKit", package: "swift-metrics")],
                    swiftSettings: strictSwift),
        // Fixtures shared by the test targets: a migrated schema per test, log-in helpers, a mailer that records,
        // a real OpenSSH server for the file drop's connector and flow tests (HTTPClient: its SFTP login).
        .target(name: "TestSupport", dependencies: [
            "Tenancy", "Postgres", "Crypto", "HTTP", "HTTPClient", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport", swiftSettings: strictSwift),
        .testTarget(name: "AccessControlTests", dependencies: [
            "App", "API", "HTTP", "Postgres", "Tenancy", "TestSupport",
        ], swiftSettings: strictSwift),
        .testTarget(name: "TenancyTests", dependencies: ["Tenancy", "Postgres", "Crypto", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "CommerceTests", dependencies: ["Commerce"], exclude: ["Fixtures"], swiftSettings: strictSwift),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "Commerce", "HTTPClient", "HTTP", "Crypto", "TestSupport",
                                                            "WooCommerceSimulator"],
                    exclude: ["WooCommerce/Fixtures"], swiftSettings: strictSwift),
        // A WooCommerce 11 store's REST API and webhooks on our own server, for the connector's
        // tests and bench-connectors (issue 5 §3). HTTPClient sends its webhook deliveries.
        .target(name: "WooCommerceSimulator", dependencies: [
            "HTTP", "Sockets", "Crypto", "HTTPClient", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/WooCommerceSimulator", swiftSettings: strictSwift),
        // make bench-connectors: WooCommerce order mapping and a catalogue push to the simulator.
        .executableTarget(name: "bench-connectors", dependencies: ["Connectors", "Commerce", "HTTPClient", "WooCommerceSimulator"],
                          path: "Tests/Benchmarks/Connectors", swiftSettings: strictSwift),
        .testTarget(name: "FlowsTests", dependencies: ["Flows", "Connectors", "Commerce", "Tenancy", "Postgres", "HTTPClient", "Crypto", "Jobs",
                                                       "WooCommerceSimulator", "TestSupport",
                                                       .product(name: "MetricsTestKit", package: "swift-metrics")],
                    exclude: ["Fixtures"], swiftSettings: strictSwift),
        .testTarget(name: "BillingTests", dependencies: ["Billing", "Tenancy", "Postgres", "TestSupport", "Monitoring", "Flows"],
                    swiftSettings: strictSwift),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "Billing", "Tenancy", "Postgres", "Flows", "Jobs",
                                                            "HTTPClient", "Crypto", "TestSupport"],
                    swiftSettings: strictSwift),
        .testTarget(name: "PortalTests", dependencies: [
            "Portal", "HTTP", "Crypto", "Tenancy", "Postgres", "HTTPClient", "Flows", "TestSupport", "Monitoring", "Billing",
            .product(name: "Logging", package: "swift-log"), .product(name: "InMemoryLogging", package: "swift-log"),
        ], swiftSettings: strictSwift),
        // make bench-flow: web orders to confirmed Tryton sales through a running server.
        .executableTarget(name: "bench-flow", dependencies: ["Connectors", "Commerce", "Crypto", "HTTPClient", "Postgres",
                                                             "WooCommerceSimulator", .product(name: "Logging", package: "swift-log")],
                          path: "Tests/Benchmarks/Flow", swiftSettings: strictSwift),
        // make bench-queue: no-op jobs end to end through the worker pool.
        .executableTarget(name: "bench-queue", dependencies: ["Jobs", "Postgres", .product(name: "Logging", package: "swift-log")],
                          path: "Tests/Benchmarks/Queue", swiftSettings: strictSwift),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Postgres", "Tenancy", "TestSupport",
                                                      .product(name: "Logging", package: "swift-log")],
                    swiftSettings: strictSwift),
        // Headless Chromium through chromedriver (W3C WebDriver) against the real binary.
        .testTarget(name: "BrowserTests", dependencies: ["HTTPClient", "TestSupport", "Monitoring", "Billing", "Flows",
                                                          "Tenancy", "Postgres"], swiftSettings: strictSwift),
    ]
)
