internal import CCurl

/// Owns one libcurl easy handle (`CURL *`) and its error buffer, and wraps every call on it.
///
/// A handle keeps its connection cache, DNS cache and TLS session cache across
/// `curl_easy_reset` (curl_easy_reset(3)), which is why ``HandlePool`` recycles handles instead of
/// creating one per request: a second request to the same host reuses the kept-alive connection.
///
/// libcurl allows a handle to be used by one thread at a time (libcurl-thread(3)). The pool hands
/// each handle to exactly one caller until it is checked in again, which is what the unchecked
/// `Sendable` conformance relies on.
final class EasyHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER` target; libcurl writes a NUL-terminated message of at most
    /// `CURL_ERROR_SIZE` bytes here when a call fails.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates a handle.
    ///
    /// - Throws: ``HTTPClientError`` of kind `internalFailure` when libcurl cannot initialise.
    init() throws {
        try LibCurl.requireInitialised()
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(kind: .internalFailure, detail: "curl_easy_init failed", url: "")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        // Closes the handle's cached connections too.
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Returns every option to its default (curl_easy_reset(3)), keeping live connections and
    /// caches, and drops every pointer libcurl held into our memory (buffers, callback contexts).
    func reset() {
        curl_easy_reset(handle)
    }

    // MARK: Options (curl_easy_setopt(3), through the typed shims)

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws {
        try check(cp_curl_setopt_long(handle, option, value), "setting option \(option.rawValue)")
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: curl_off_t) throws {
        try check(cp_curl_setopt_off(handle, option, value), "setting option \(option.rawValue)")
    }

    /// Sets a string option; libcurl copies the string (since 7.17.0), so it need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws {
        let code = value.withCString { cp_curl_setopt_ptr(handle, option, $0) }
        try check(code, "setting option \(option.rawValue)")
    }

    /// Sets a pointer option. The caller keeps the memory alive for as long as libcurl uses it.
    func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws {
        try check(cp_curl_setopt_ptr(handle, option, pointer), "setting option \(option.rawValue)")
    }

    /// Sets a data callback (`CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION`, which share the
    /// `size_t (*)(char *, size_t, size_t, void *)` signature).
    func set(
        _ option: CURLoption,
        callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
    ) throws {
        try check(cp_curl_setopt_write(handle, option, callback), "setting option \(option.rawValue)")
    }

    // MARK: Transfer

    /// Runs the configured transfer to completion on the calling thread (curl_easy_perform(3)).
    ///
    /// - Returns: libcurl's result code together with the error buffer's text (or, when that is
    ///   empty, the generic `curl_easy_strerror` text).
    func perform() -> (code: CURLcode, message: String) {
        errorBuffer[0] = 0
        do {
            try set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
        } catch {
            return (CURLE_FAILED_INIT, "could not set CURLOPT_ERRORBUFFER")
        }
        let code = curl_easy_perform(handle)
        guard code != CURLE_OK else { return (code, "") }
        let message = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        return (code, message)
    }

    // MARK: Information (curl_easy_getinfo(3)); read after `perform`, zero when unavailable

    /// Reads a `long` item.
    func longInfo(_ item: CURLINFO) -> Int {
        var value = 0
        return cp_curl_getinfo_long(handle, item, &value) == CURLE_OK ? value : 0
    }

    /// Reads a `curl_off_t` item.
    func offsetInfo(_ item: CURLINFO) -> curl_off_t {
        var value: curl_off_t = 0
        return cp_curl_getinfo_off(handle, item, &value) == CURLE_OK ? value : 0
    }

    /// Reads a string item; libcurl owns the memory, so it is copied at once.
    func stringInfo(_ item: CURLINFO) -> String {
        var value: UnsafeMutablePointer<CChar>?
        guard cp_curl_getinfo_string(handle, item, &value) == CURLE_OK, let value else { return "" }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ action: String) throws {
        guard code != CURLE_OK else { return }
        throw HTTPClientError(
            kind: HTTPClientError.Kind(curlCode: code, bodyLimitExceeded: false),
            detail: "\(action): \(String(cString: curl_easy_strerror(code)))",
            url: "",
            curlCode: Int(code.rawValue)
        )
    }
}
