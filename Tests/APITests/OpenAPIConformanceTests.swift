import API
import Foundation
import HTTP
import Testing
import TestSupport

@Suite struct OpenAPIConformanceTests {
    @Test(.enabled(if: OpenAPIConformance.shouldRun, OpenAPIConformance.skipReason),
          .timeLimit(.minutes(10))) // a guard against a hang: schemathesis is slow on a busy machine
    func sampleAPIMatchesItsDocumentUnderGeneratedRequests() throws {
        let outcome = try OpenAPIConformance.check(router: try SampleAPI().makeRouter(), token: SampleAPI.token)
        if outcome.status != 0 { print(outcome.output) }
        #expect(outcome.status == 0, "check-openapi.sh failed; its output is printed above")
    }
}
