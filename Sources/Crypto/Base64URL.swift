/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5, §3.2):
/// the form used for tokens in URLs and cookies, JWT segments and similar.
public enum Base64URL {
    /// `bytes` as base64url text without `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        UnpaddedBase64.encode(bytes, alphabet: .url)
    }

    /// The bytes encoded in `text`, or nil if it is not base64url. Padding is optional;
    /// the standard alphabet's `+` and `/`, whitespace and anything else are rejected.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        UnpaddedBase64.decode(text, alphabet: .url)
    }
}
