internal import CCurl

/// Owns a `curl_slist` of request header lines for `CURLOPT_HTTPHEADER`.
///
/// libcurl does not copy the list (CURLOPT_HTTPHEADER(3)): it must stay alive until the transfer
/// ends, so the transfer holds this object across `curl_easy_perform`, and `deinit` frees it.
final class HeaderList {
    /// The list head, or nil for no lines. Valid while `self` is alive.
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    /// Builds the list from fields already validated (tokens as names, no CR/LF/NUL in values).
    ///
    /// - Throws: ``HTTPClientError`` of kind `internalFailure` when libcurl cannot allocate.
    init(_ headers: OutboundHeaders) throws {
        for field in headers {
            // CURLOPT_HTTPHEADER(3): "Name:" with nothing after the colon removes a header libcurl
            // would add; to send a header with an empty value, write "Name;".
            try append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
    }

    /// Appends a raw line; also used for directives such as "Expect:" that remove a libcurl
    /// default. libcurl copies the string.
    func append(_ line: String) throws {
        guard let appended = curl_slist_append(head, line) else {
            throw HTTPClientError(kind: .internalFailure, detail: "curl_slist_append failed", url: "")
        }
        head = appended
    }

    deinit {
        curl_slist_free_all(head)
    }
}

extension HeaderList {
    /// A list of raw lines, e.g. SFTP quote commands (`CURLOPT_QUOTE`, `CURLOPT_POSTQUOTE`),
    /// which libcurl takes as the same `curl_slist` and, like headers, does not copy.
    convenience init(lines: [String]) throws {
        try self.init(OutboundHeaders())
        for line in lines { try append(line) }
    }
}
