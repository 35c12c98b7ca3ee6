internal import CCurl

/// libcurl's process-wide state.
enum LibCurl {
    /// `curl_global_init` must run once before any other libcurl call, and before libcurl 7.84 it
    /// was not thread-safe (curl_global_init(3)). A static `let` is initialised exactly once,
    /// under Swift's own once-guard, by whichever thread gets here first.
    private static let initialisation: UInt32 = curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue

    /// Runs the one-time initialisation if it has not run, and reports whether it failed.
    ///
    /// - Throws: ``HTTPClientError`` of kind `internalFailure`.
    static func requireInitialised() throws {
        let code = initialisation
        guard code == CURLE_OK.rawValue else {
            throw HTTPClientError(
                kind: .internalFailure,
                detail: "curl_global_init failed: \(String(cString: curl_easy_strerror(CURLcode(rawValue: code))))",
                url: "",
                curlCode: Int(code)
            )
        }
    }
}
