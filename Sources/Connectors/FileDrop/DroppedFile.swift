public import Commerce
public import Foundation

/// One file taken from the inbound directory, read whole: its records, or — if any row is bad —
/// only its problems. It stays in the inbound directory until the flow acknowledges it with
/// ``FileDropConnector/markProcessed(_:)`` or ``FileDropConnector/markFailed(_:)``.
public struct DroppedFile: Sendable, Hashable {
    /// What a file holds.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Products and prices.
        case itemMaster = "item-master"
        /// Stock levels.
        case stock
    }

    /// What was read.
    public enum Contents: Sendable, Hashable {
        /// Every row of an item master file.
        case items([ItemMasterRecord])
        /// Every row of a stock file.
        case stock([StockLevel])
        /// The file is rejected whole: nothing from it may be applied.
        case rejected([FileDropProblem])
    }

    /// The file's name in the inbound directory.
    public var name: String
    /// What it holds.
    public var kind: Kind
    /// When the other system last wrote it (the SFTP modification time), or when it was read.
    public var modifiedAt: Date
    /// Its records or its problems.
    public var contents: Contents
    /// The SHA-256 of the file's bytes, in hex: with the name, what recognises the same file
    /// dropped again (its records are then not taken twice). Empty when the bytes were not read.
    public var contentDigest: String

    /// Creates a dropped file.
    public init(name: String, kind: Kind, modifiedAt: Date, contents: Contents, contentDigest: String = "") {
        self.name = name
        self.kind = kind
        self.modifiedAt = modifiedAt
        self.contents = contents
        self.contentDigest = contentDigest
    }

    /// The problems when rejected; empty otherwise.
    public var problems: [FileDropProblem] {
        if case .rejected(let problems) = contents { problems } else { [] }
    }

    /// The text of `<name>.errors.txt` written beside a rejected file: one problem per line.
    public var errorReport: String {
        var text = "\(name) was rejected as a whole: nothing from it was applied.\n"
        text += "Fix the lines below and drop the corrected file again.\n\n"
        for problem in problems { text += problem.description + "\n" }
        return text
    }
}
