/// What an update changed, as the paths of the fields that differ between the stored record
/// and the new one (`name`, `variants[1].barcodes`, `list.amount`), in the form Commerce's
/// validation uses. Enough for a flow to publish only what changed and for a person to read
/// what a message did; the records themselves stay in the hub.
public struct HubDiff: Sendable, Hashable, CustomStringConvertible {
    /// The paths that differ, sorted; objects are compared member by member, arrays of equal
    /// length element by element, and an array whose length changed is one path.
    public var changedPaths: [String]

    /// The most paths kept; a record rewritten from top to bottom says so in `truncated`.
    public static let maximumPaths = 50

    /// Whether more paths differed than `maximumPaths`.
    public var truncated: Bool

    /// A diff of `changedPaths`.
    public init(changedPaths: [String], truncated: Bool = false) {
        self.changedPaths = changedPaths
        self.truncated = truncated
    }

    /// The differences between two JSON documents.
    public init(from old: JSON, to new: JSON) {
        var paths: [String] = []
        Self.collect(old, new, at: "", into: &paths)
        paths.sort()
        truncated = paths.count > Self.maximumPaths
        changedPaths = Array(paths.prefix(Self.maximumPaths))
    }

    /// `name, list.amount` (and `…` when truncated).
    public var description: String {
        changedPaths.joined(separator: ", ") + (truncated ? ", …" : "")
    }

    private static func collect(_ old: JSON, _ new: JSON, at path: String, into paths: inout [String]) {
        guard old != new else { return }
        switch (old, new) {
        case (.object(let before), .object(let after)):
            for name in Set(before.keys).union(after.keys) {
                collect(before[name] ?? .null, after[name] ?? .null, at: path.isEmpty ? name : path + "." + name, into: &paths)
            }
        case (.array(let before), .array(let after)) where before.count == after.count:
            for (index, (element, other)) in zip(before, after).enumerated() {
                collect(element, other, at: path + "[\(index)]", into: &paths)
            }
        default:
            paths.append(path)
        }
    }
}
