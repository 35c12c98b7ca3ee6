import Foundation
import Testing
import TestSupport

/// Issue 3 §6: the real API, served on a socket, checked against its own OpenAPI document by
/// openapi-spec-validator and schemathesis — no 5xx, every status, content type and body as
/// documented — once as a partner admin and once as a platform admin, so both the tenant
/// endpoints and the platform path are exercised past the permission check.
@Suite(.serialized) struct APIConformanceTests {
    @Test(.enabled(if: OpenAPIConformance.shouldRun, OpenAPIConformance.skipReason), .timeLimit(.minutes(12)))
    func theAPIMatchesItsDocumentUnderGeneratedRequests() throws {
        try APIWorld.with { world in
            for member in [world.acmeAdmin, world.platformAdmin] {
                let outcome = try OpenAPIConformance.check(router: world.application.router, token: member.token)
                if outcome.status != 0 { print(outcome.output) }
                #expect(outcome.status == 0, "check-openapi.sh failed as \(member.principal.role.rawValue); output above")
            }
        }
    }
}
