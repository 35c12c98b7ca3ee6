import Foundation
import Logging
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct APITokenAuthenticationTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func aValidTokenBecomesItsCreatorsPrincipalWithTheTokensScope() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let issued = try db.issue(for: admin, scope: .write, now: Self.now)
            let principal = try db.authenticate(issued.plaintext, now: Self.now)
            #expect(principal.userID == admin.userID)
            #expect(principal.partnerID == partner.id)
            #expect(principal.customerID == nil)
            #expect(principal.role == .partnerAdmin)
            #expect(principal.email == admin.email)
            #expect(principal.credential == .apiToken(id: issued.token.id, scope: .write))
            #expect(principal.may(.customersWrite))
            #expect(!principal.may(.usersWrite), "a write token cannot manage users even for an admin")
        }
    }

    @Test func theTransactionIsScopedToTheTokensPartnerSoTheEndpointsQueriesFollowOnTheSameConnection() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner()
            let beta = try db.makePartner()
            _ = try db.makeCustomer(in: acme.id, name: "Acme shop")
            _ = try db.makeCustomer(in: beta.id, name: "Beta shop")
            let admin = try db.makeUser(.partnerAdmin, partner: acme.id)
            let issued = try db.issue(for: admin, scope: .read, now: Self.now)
            let names = try db.database.pool.transaction { connection in
                let principal = try APITokens.authenticate(bearer: issued.plaintext, now: Self.now, on: connection)
                // No WHERE partner_id here: row-level security alone must narrow it.
                let all = try connection.query("SELECT name FROM customers ORDER BY name").decode(String.self, column: "name")
                let listed = try Customers.list(for: principal, after: nil, limit: 10, on: connection).map(\.name)
                return (all, listed)
            }
            #expect(names.0 == ["Acme shop"])
            #expect(names.1 == ["Acme shop"])
        }
    }

    @Test func aCustomerViewersTokenSeesOnlyTheirCustomer() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let mine = try db.makeCustomer(in: partner.id, name: "Mine")
            _ = try db.makeCustomer(in: partner.id, name: "Theirs")
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: mine)
            let issued = try db.issue(for: viewer, scope: .read, now: Self.now)
            #expect(issued.token.customerID == mine)
            let (principal, visible) = try db.database.pool.transaction { connection in
                let principal = try APITokens.authenticate(bearer: issued.plaintext, now: Self.now, on: connection)
                let visible = try connection.query("SELECT name FROM customers").decode(String.self, column: "name")
                return (principal, visible)
            }
            #expect(principal.customerID == mine)
            #expect(principal.scope == .customer(mine, of: partner.id))
            #expect(visible == ["Mine"])
        }
    }

    @Test func unknownAndMalformedTokensAreRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let admin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let issued = try db.issue(for: admin, now: Self.now)
            var altered = Array(issued.plaintext)
            altered[20] = altered[20] == "A" ? "B" : "A"
            for bearer in ["", "cpt_", "Bearer \(issued.plaintext)", issued.plaintext + "x", String(altered),
                           "ghp_" + issued.plaintext.dropFirst(4)] {
                #expect(throws: TenancyError.unauthenticated) { try db.authenticate(bearer, now: Self.now) }
            }
        }
    }

    @Test func revokedExpiredAndDisabledCreatorsTokensAreRefusedAndLeaveNoScopeBehind() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let revoked = try db.issue(for: admin, now: Self.now)
            _ = try db.asCaller(admin) { try APITokens.revoke(revoked.token.id, by: $1, now: Self.now, on: $0) }
            let expiring = try db.issue(for: admin, expiresAt: Self.now.addingTimeInterval(3600), now: Self.now)
            let ofDisabled = try db.issue(for: operatorUser, scope: .read, now: Self.now)
            _ = try db.asCaller(admin) {
                try Users.update(try #require(operatorUser.userID), UserChanges(status: .disabled), by: $1, on: $0)
            }

            #expect(try db.authenticate(expiring.plaintext, now: Self.now.addingTimeInterval(3599)).userID == admin.userID)
            let refusals: [(String, Date)] = [
                (revoked.plaintext, Self.now), (expiring.plaintext, Self.now.addingTimeInterval(3600)),
                (ofDisabled.plaintext, Self.now),
            ]
            for (bearer, now) in refusals {
                let scopeAfterRefusal = try db.database.pool.transaction { connection in
                    #expect(throws: TenancyError.unauthenticated) {
                        try APITokens.authenticate(bearer: bearer, now: now, on: connection)
                    }
                    return try connection.query("""
                        SELECT coalesce(current_setting('app.partner_id', true), ''), (SELECT count(*) FROM api_tokens)
                        """).single().decode((String, Int).self)
                }
                #expect(scopeAfterRefusal == ("", 0))
            }
        }
    }

    @Test func tokensOfSuspendedPartnersAndCustomersAreRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let customer = try db.makeCustomer(in: partner.id)
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer)
            let adminToken = try db.issue(for: admin, now: Self.now)
            let viewerToken = try db.issue(for: viewer, scope: .read, now: Self.now)

            _ = try db.asCaller(admin) { try Customers.update(customer, CustomerChanges(status: .suspended), by: $1, on: $0) }
            #expect(throws: TenancyError.unauthenticated) { try db.authenticate(viewerToken.plaintext, now: Self.now) }
            #expect(try db.authenticate(adminToken.plaintext, now: Self.now).userID == admin.userID)

            _ = try db.database.transaction(.system) {
                try Partners.update(partner.id, PartnerChanges(status: .suspended), by: db.system, on: $0)
            }
            #expect(throws: TenancyError.unauthenticated) { try db.authenticate(adminToken.plaintext, now: Self.now) }
        }
    }

    @Test func aTokenWhoseCreatorWasMovedToACustomerIsRefused() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let customer = try db.makeCustomer(in: partner.id)
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let partnerWide = try db.issue(for: operatorUser, scope: .read, now: Self.now)
            _ = try db.asCaller(admin) {
                try Users.update(try #require(operatorUser.userID),
                                 UserChanges(role: .customerViewer, customerID: .some(customer)), by: $1, on: $0)
            }
            // Otherwise a customer viewer would act with the partner-wide scope of the old token.
            #expect(throws: TenancyError.unauthenticated) { try db.authenticate(partnerWide.plaintext, now: Self.now) }
        }
    }

    @Test func authenticationTakesTwoRoundTripsPlusOneAMinuteToRecordUseAndNoneForGarbage() throws {
        try TenantTestDatabase.withSchema { db in
            let admin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let issued = try db.issue(for: admin, now: Self.now)
            let counter = StatementCounter()
            var logger = Logger(label: "round-trips") { _ in StatementCountingLogHandler(counter: counter) }
            logger.logLevel = .trace
            var configuration = PostgresConfiguration(url: try TenantTestDatabase.environment("DATABASE_URL"))
            configuration.runtimeParameters["search_path"] = db.schema
            let connection = try PostgresConnection(configuration: configuration, logger: logger)
            defer { connection.close() }
            // Statements sent inside the request's transaction, BEGIN and COMMIT excluded.
            func statements(_ bearer: String, now: Date) -> Int {
                (try? connection.transaction { connection in
                    let before = counter.value
                    _ = try? APITokens.authenticate(bearer: bearer, now: now, on: connection)
                    return counter.value - before
                }) ?? -1
            }
            #expect(statements(issued.plaintext, now: Self.now) == 3, "the first use records last_used_at")
            #expect(statements(issued.plaintext, now: Self.now.addingTimeInterval(30)) == 2)
            #expect(statements("cpt_not-a-token", now: Self.now) == 0)
        }
    }

    @Test func lastUsedIsWrittenAtMostOnceAMinute() throws {
        try TenantTestDatabase.withSchema { db in
            let admin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let issued = try db.issue(for: admin, now: Self.now)
            let lastUsed = { try db.owner.query("SELECT last_used_at FROM api_tokens").single().decode(Date?.self, at: 0) }
            #expect(try lastUsed() == nil)

            _ = try db.authenticate(issued.plaintext, now: Self.now)
            #expect(try lastUsed() == Self.now)
            _ = try db.authenticate(issued.plaintext, now: Self.now.addingTimeInterval(59))
            #expect(try lastUsed() == Self.now, "within the minute nothing is written")
            _ = try db.authenticate(issued.plaintext, now: Self.now.addingTimeInterval(60))
            #expect(try lastUsed() == Self.now.addingTimeInterval(60))
        }
    }

    @Test func aTokenHeldBusyByAnotherRequestIsNotWaitedForToRecordItsUse() throws {
        try TenantTestDatabase.withSchema { db in
            let admin = try db.makeUser(.partnerAdmin, partner: try db.makePartner().id)
            let issued = try db.issue(for: admin, now: Self.now)
            // Another request of the same token is inside its transaction, holding the row.
            try db.owner.transaction { owner in
                _ = try owner.query("SELECT id FROM api_tokens FOR UPDATE")
                let principal = try db.authenticate(issued.plaintext, now: Self.now)
                #expect(principal.userID == admin.userID)
            }
            #expect(try db.owner.query("SELECT last_used_at FROM api_tokens").single().decode(Date?.self, at: 0) == nil)
        }
    }
}

extension TenantTestDatabase {
    /// Authenticates `bearer` in a transaction of its own, as a request's first step would.
    func authenticate(_ bearer: String, now: Date) throws -> Principal {
        try database.pool.transaction { connection in
            try APITokens.authenticate(bearer: bearer, now: now, on: connection)
        }
    }
}

/// Counts the statements a connection sends, from the Postgres module's one trace line per
/// statement ("running SQL").
private final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

private struct StatementCountingLogHandler: LogHandler {
    let counter: StatementCounter
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "running SQL" { counter.increment() }
    }
}
