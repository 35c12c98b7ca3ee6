/// The product's version, reported by `counterpart version` and `GET /version`.
public enum Version {
    /// Semantic version of this build.
    public static let current = "0.1.0"
    /// The body of `GET /version`, built once: it never changes while the process runs.
    static let json: [UInt8] = Array(#"{"name":"counterpart","version":"\#(current)"}"#.utf8)
}
