/// A shell-style file name pattern: `*` matches any run of characters, `?` one character,
/// everything else itself, case-sensitively (SFTP servers are mostly Unix). `items*.csv` takes
/// `items-2026-11-22.csv` but not a `.items-….csv.part` that the other side is still writing.
public struct FileNamePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern.
    public let text: String

    /// A pattern; it must be a file name (no `/`) and not empty.
    ///
    /// - Throws: ``FileNamePattern/Invalid``.
    public init(_ text: String) throws(Invalid) {
        guard !text.isEmpty, !text.contains("/") else { throw Invalid(pattern: text) }
        self.text = text
    }

    /// Whether `name` matches. Hidden files (a leading `.`) match only a pattern that starts
    /// with one, as in the shell, so temporary upload names never match `*.csv`.
    public func matches(_ name: String) -> Bool {
        if name.hasPrefix(".") && !text.hasPrefix(".") { return false }
        let pattern = Array(text), candidate = Array(name)
        // Iterative wildcard matching with one backtrack point for the last `*`: linear in
        // practice, never exponential.
        var p = 0, c = 0, star: Int?, resume = 0
        while c < candidate.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = c
                p += 1
            } else if p < pattern.count, pattern[p] == "?" || pattern[p] == candidate[c] {
                p += 1
                c += 1
            } else if let star {
                p = star + 1
                resume += 1
                c = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// The pattern.
    public var description: String { text }

    /// A pattern that is empty or holds a `/`.
    public struct Invalid: Error, CustomStringConvertible {
        /// The pattern given.
        public var pattern: String
        /// What is wrong.
        public var description: String { "\(pattern.debugDescription) is not a file name pattern (no /, not empty)" }
    }
}
