/// One entry of a remote directory listing.
public struct SFTPDirectoryEntry: Sendable, Hashable {
    /// What the entry is.
    public enum Kind: Sendable, Hashable {
        /// A regular file.
        case file
        /// A directory.
        case directory
        /// A symbolic link (not followed).
        case symbolicLink
        /// Anything else (a socket, a device) or a type the server did not say.
        case other
    }

    /// The name inside the directory.
    public var name: String
    /// What it is.
    public var kind: Kind
    /// The size in bytes, when the server said.
    public var size: Int?

    /// Creates an entry.
    public init(name: String, kind: Kind, size: Int? = nil) {
        self.name = name
        self.kind = kind
        self.size = size
    }

    /// Reads one line of libcurl's long SFTP listing: the server's SSH_FXP_NAME `longname`, for
    /// which draft-ietf-secsh-filexfer-02 §7 recommends the `ls -l` layout —
    /// `-rwxr-xr-x   1 mjos     staff      348911 Mar 25 14:29 t-filexfer` — and that OpenSSH,
    /// ProFTPD and most servers follow: permissions, links, owner, group, size, three date
    /// fields, then the name, which may contain spaces. libcurl appends ` -> target` to links.
    ///
    /// Returns nil for a line in another layout and for `.` and `..`.
    static func parse(longName line: Substring) -> SFTPDirectoryEntry? {
        var rest = line[...]
        var fields: [Substring] = []
        while fields.count < 8 {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
            fields.append(rest[..<end])
            rest = rest[end...]
        }
        // Exactly one separating space belongs to the layout; any further blanks are the name's.
        guard rest.first == " " || rest.first == "\t" else { return nil }
        var name = String(rest.dropFirst())
        guard let type = fields[0].first, fields[0].count >= 10 else { return nil }
        let kind: Kind
        switch type {
        case "-": kind = .file
        case "d": kind = .directory
        case "l":
            kind = .symbolicLink
            if let arrow = name.firstRange(of: " -> ") { name = String(name[..<arrow.lowerBound]) }
        default: kind = .other
        }
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        return SFTPDirectoryEntry(name: name, kind: kind, size: Int(fields[4]))
    }
}
