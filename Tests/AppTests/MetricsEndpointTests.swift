import Foundation
import HTTP
import HTTPClient
import Jobs
import Logging
import Postgres
import Prometheus
import Tenancy
import Testing
import TestSupport
@testable import App

/// `GET /metrics` (issue 7 §6): the application as `serve` wires it, scraped over a real socket
/// after some requests and a job. Each test gives the application a registry of its own, so the
/// process-wide `MetricsSystem` is never bootstrapped and tests stay independent.
@Suite struct MetricsEndpointTests {
    @Test(.timeLimit(.minutes(20))) // a guard against a hang, not a speed test: a full parallel run is slow
    func scrapeCountsRequestsAndJobsInPrometheusTextFormatWithoutPerCustomerLabels() throws {
        try withRunningApplication(extra: [:]) { app, client, base, _ in
            for _ in 0..<3 { _ = try client.send(OutboundRequest(method: .get, url: base + "/healthz")) }
            let customer = UUID().uuidString.lowercased()
            let unauthenticated = try client.send(OutboundRequest(method: .get, url: base + "/api/v1/customers/\(customer)"))
            #expect(unauthenticated.status == 401)
            // A path no route has: GET falls back to the portal's pages, POST is the router's own 404.
            _ = try client.send(OutboundRequest(method: .get, url: base + "/no/such/\(customer)"))
            _ = try client.send(OutboundRequest(method: .post, url: base + "/no/such/\(customer)"))

            // A job through the worker pool: the tier limits' (cheap, present in every schema).
            try app.startJobWorkers()
            defer { app.jobWorkers.stop() }
            _ = try app.database.transaction { connection in
                try connection.enter(.system)
                return try JobQueue.insert(NewJob(kind: TierJobLimits.jobKind, payloadJSON: "{}"), now: Date(), on: connection)
            }
            app.jobWorkers.wake()
            let finished = #"jobs_finished_total{kind="limits.tiers",outcome="completed"}"#
            #expect(try waitFor(timeout: 600) { app.metricsRegistry.emitToString().contains(finished) },
                    "the job's completion is counted")

            let scrape = try client.send(OutboundRequest(method: .get, url: base + "/metrics"))
            #expect(scrape.status == 200)
            #expect(scrape.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
            let samples = try ExpositionText(scrape.text)
            #expect(samples.value(#"http_requests_total{method="GET",route="/healthz",status="2xx"}"#) == 3)
            #expect(samples.names.contains { $0.hasPrefix(#"http_requests_total{method="GET",route="/api/v1/customers/:"#) },
                    "the route's pattern, not its path: \(samples.names.filter { $0.contains("customers") })")
            #expect(samples.value(#"http_requests_total{method="GET",route="fallback",status="4xx"}"#) == 1)
            #expect(samples.value(#"http_requests_total{method="POST",route="unmatched",status="4xx"}"#) == 1)
            #expect(samples.names.contains { $0.hasPrefix("http_request_duration_seconds_bucket{") })
            #expect(samples.value("http_open_connections") ?? 0 >= 1, "this scrape's own connection is open")
            #expect(samples.value(#"jobs_claimed_total{kind="limits.tiers"}"#) ?? 0 >= 1)
            #expect(samples.value(finished) ?? 0 >= 1)
            #expect(samples.value("postgres_pool_connections_open") ?? 0 >= 1)
            #expect(samples.types["http_requests_total"] == "counter")
            #expect(samples.types["http_request_duration_seconds"] == "histogram")
            #expect(samples.types["postgres_pool_connections_in_use"] == "gauge")
            // No label value carries an id: a UUID anywhere in the text is a cardinality leak.
            #expect(scrape.text.range(of: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                                      options: .regularExpression) == nil)
        }
    }

    @Test func withATokenConfiguredAScrapeMustPresentIt() throws {
        let token = "metrics-" + UUID().uuidString
        try withRunningApplication(extra: ["COUNTERPART_METRICS_TOKEN": token]) { _, client, base, _ in
            let missing = try client.send(OutboundRequest(method: .get, url: base + "/metrics"))
            #expect(missing.status == 401)
            #expect(missing.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
            let wrong = try client.send(OutboundRequest(method: .get, url: base + "/metrics",
                                                        headers: ["Authorization": "Bearer \(token)x"]))
            #expect(wrong.status == 401)
            let right = try client.send(OutboundRequest(method: .get, url: base + "/metrics",
                                                        headers: ["Authorization": "Bearer \(token)"]))
            #expect(right.status == 200)
            #expect(right.text.contains("# TYPE "))
        }
    }

    @Test func withoutATokenOnlyLoopbackClientsThatNoProxyForwardedAreAnswered() {
        let access = MetricsRoutes.Access.loopback
        func request(from address: String, headers: HTTPHeaders = [:]) -> Request {
            var request = Request(method: .get, target: "/metrics", headers: headers)
            request.remoteAddress = address
            return request
        }
        #expect(access.refusal(of: request(from: "127.0.0.1:40000")) == nil)
        #expect(access.refusal(of: request(from: "[::1]:40000")) == nil)
        #expect(access.refusal(of: request(from: "192.0.2.7:40000"))?.status == .forbidden)
        #expect(access.refusal(of: request(from: "[2001:db8::1]:40000"))?.status == .forbidden)
        #expect(access.refusal(of: request(from: "127.0.0.1:40000", headers: ["X-Forwarded-For": "198.51.100.4"]))?.status == .forbidden,
                "a proxy on the same host must not make the internet loopback")
        #expect(access.refusal(of: request(from: "127.0.0.1:40000", headers: ["Forwarded": "for=198.51.100.4"]))?.status == .forbidden)
    }

    @Test func aMetricsTokenTooShortStopsStartNamingTheVariableWithoutEchoingIt() {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["COUNTERPART_METRICS_TOKEN": "short"], requireDatabase: false)
        }
        #expect(error?.variable == "COUNTERPART_METRICS_TOKEN")
        #expect(error?.description.contains("short") == false)
    }
}

/// Samples and types parsed from the text exposition format 0.0.4: every line is a comment
/// (`# HELP name text`, `# TYPE name kind`) or a sample `name{label="value",…} number`; anything
/// else fails the parse.
struct ExpositionText {
    /// Sample values by `name{labels}` exactly as written.
    var samples: [String: Double] = [:]
    /// `# TYPE` declarations by metric name.
    var types: [String: String] = [:]
    var names: Dictionary<String, Double>.Keys { samples.keys }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not exposition format: \(line)" }
    }

    init(_ text: String) throws {
        let sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})?) (-?[0-9.eE+-]+|NaN|[+-]Inf)$/
        let type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/
        for line in text.split(separator: "\n") {
            if let match = line.wholeMatch(of: type) {
                types[String(match.1)] = String(match.2)
            } else if line.hasPrefix("# HELP ") {
                continue
            } else if let match = line.wholeMatch(of: sample) {
                guard let value = Double(String(match.5)) ?? (match.5 == "+Inf" ? .infinity : nil) else { throw Malformed(line: String(line)) }
                samples[String(match.1)] = value
            } else {
                throw Malformed(line: String(line))
            }
        }
    }

    func value(_ name: String) -> Double? { samples[name] }
}

/// Polls `condition` until it holds or `timeout` seconds pass (a wait on an outcome, not a sleep).
func waitFor(timeout: TimeInterval, _ condition: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// The application on a fresh migrated schema, listening on a free loopback port.
func withRunningApplication(extra: [String: String], logHandler: (@Sendable (String) -> any LogHandler)? = nil,
                            _ body: (Application, HTTPClient, String, TenantTestDatabase) throws -> Void) throws {
    try TenantTestDatabase.withSchema { db in
        let configuration = try AppConfiguration(environment: [
            "DATABASE_URL": db.applicationURL, "COUNTERPART_LISTEN": "127.0.0.1:0", "COUNTERPART_LOG_LEVEL": "info",
            "COUNTERPART_MIGRATIONS_DIR": TenantTestDatabase.migrationsDirectory.path, "COUNTERPART_PUBLIC_DIR": "/nonexistent",
            "COUNTERPART_WORKERS": "2", "COUNTERPART_EVENT_LOOPS": "1", "COUNTERPART_JOB_WORKERS": "1",
            "COUNTERPART_JOB_MAINTENANCE_INTERVAL": "1", "COUNTERPART_JOB_LEADER_LEASE": "3",
            "COUNTERPART_MAIL_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID())").path,
        ].merging(extra) { $1 })
        let app = try Application(configuration: configuration, metricsRegistry: PrometheusCollectorRegistry(),
                                  logHandler: logHandler ?? { _ in SwiftLogNoOpLogHandler() })
        try app.start()
        defer {
            app.server.shutdown()
            app.database.close()
        }
        try body(app, try HTTPClient(), "http://127.0.0.1:\(app.server.port)", db)
    }
}
