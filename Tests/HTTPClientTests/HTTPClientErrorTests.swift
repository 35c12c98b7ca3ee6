import Testing
import HTTPClient

@Suite struct HTTPClientErrorTests {
    private func error(_ kind: HTTPClientError.Kind) -> HTTPClientError {
        HTTPClientError(kind: kind, detail: "", url: "https://h.example/")
    }

    @Test func timeoutsAndConnectionFailuresAreTransient() {
        #expect(error(.timeout).isTransient)
        #expect(error(.connection).isTransient)
    }

    @Test(arguments: [500, 502, 503, 504, 429, 408])
    func serverErrorsAndThrottlingAreTransient(status: Int) {
        #expect(error(.httpStatus(status: status, bodyExcerpt: "")).isTransient)
    }

    @Test(arguments: [400, 401, 403, 404, 409, 422])
    func clientErrorsAreNotTransient(status: Int) {
        #expect(!error(.httpStatus(status: status, bodyExcerpt: "")).isTransient)
    }

    @Test func tlsAndRequestProblemsAreNotTransient() {
        for kind: HTTPClientError.Kind in [.tls, .invalidRequest, .responseTooLarge, .malformedResponse, .internalFailure] {
            #expect(!error(kind).isTransient, "\(kind)")
        }
    }

    @Test func descriptionNamesKindURLAndDetail() {
        let failure = HTTPClientError(kind: .connection, detail: "Connection refused", url: "http://h.example/")
        #expect(failure.description == "connection failed (http://h.example/): Connection refused")
    }
}
