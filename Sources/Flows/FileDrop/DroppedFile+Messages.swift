import Commerce
public import Connectors
import Foundation

extension DroppedFile {
    /// The subject of an item master row's message: its product and price as one record
    /// (``ItemMasterRecord``), so the price never waits for a product still in the queue.
    public static let itemSubject = "item"
    /// The subject of a stock row's message: a ``StockLevel``, as the ERP's polls carry it.
    public static let stockSubject = "stock-level"
    /// The subject of the message that stands for a whole file: a rejected one (an exception)
    /// or one without rows (skipped).
    public static let fileSubject = "file"

    /// The messages of a good file, one per record, for `flow`.
    ///
    /// Each de-duplication key is the file's name, the SHA-256 of its bytes, and the record's
    /// place in it (an item master row's line; a stock row's ordinal, since a stock level keeps
    /// no line): the same file dropped twice — a re-sent export, or a file read again because it
    /// could not be moved after its records were stored — is the same messages, taken once. A
    /// corrected file has other bytes, so its rows are new messages.
    ///
    /// Every message carries the file's name as its `file-drop` id, so an operator searching for
    /// the file finds all its rows.
    /// - Throws: a permanent ``ConnectorError`` when a record cannot be stored as JSON.
    func messages(for flow: CustomerFlow, connectionID: UUID) throws(ConnectorError) -> [NewMessage] {
        let fileID = MessageExternalID(system: SystemKind.fileDrop.rawValue, id: shownName)
        func message<Record: Codable & Sendable>(_ record: Record, subject: String, reference: String,
                                                 place: String) throws(ConnectorError) -> NewMessage {
            let payload: MessagePayload
            do {
                payload = try CanonicalPayload(subject: subject, record: record).payload()
            } catch {
                throw ConnectorError.permanent("Could not store \(name) \(place) as a message: \(error)")
            }
            return NewMessage(customerID: flow.customerID, environmentID: flow.environmentID, flow: flow.flow, subject: subject,
                              sourceSystem: ConnectorKind.fileDrop.rawValue, sourceConnectionID: connectionID, reference: reference,
                              dedupKey: "\(dedupPrefix):\(place)", input: payload, externalIDs: [fileID])
        }
        var messages: [NewMessage] = []
        switch contents {
        case .items(let records):
            for record in records {
                messages.append(try message(record, subject: Self.itemSubject, reference: record.product.sku.text,
                                            place: "line \(record.line)"))
            }
        case .stock(let levels):
            for (ordinal, level) in levels.enumerated() {
                messages.append(try message(level, subject: Self.stockSubject, reference: level.sku.text,
                                            place: "row \(ordinal + 1)"))
            }
        case .rejected:
            break
        }
        return messages
    }

    /// The message that stands for the file itself when it has no row to show for it, so no
    /// file passes unseen: a rejected file is an exception whose input lists every problem
    /// (line, column, rule) and whose error says the same in words; a file with a header and no
    /// rows is skipped, saying so. Nil for a file with rows. Received twice (the same file dropped
    /// again) it is one message.
    func fileMessage(for flow: CustomerFlow, connectionID: UUID) throws -> (NewMessage, AttemptOutcome)? {
        let outcome: AttemptOutcome
        switch contents {
        case .rejected:
            outcome = .exception(MessageError(.business, errorReport + "The file is in the failed directory with \(name).errors.txt."))
        case .items(let records) where records.isEmpty:
            outcome = .skipped(reason: "\(name) has no item rows; nothing to take.")
        case .stock(let levels) where levels.isEmpty:
            outcome = .skipped(reason: "\(name) has no stock rows; nothing to take.")
        case .items, .stock:
            return nil
        }
        let input = try MessagePayload(encoding: FileReport(file: name, kind: kind, problems: problems))
        let message = NewMessage(customerID: flow.customerID, environmentID: flow.environmentID, flow: flow.flow,
                                 subject: Self.fileSubject, sourceSystem: ConnectorKind.fileDrop.rawValue,
                                 sourceConnectionID: connectionID, reference: shownName, dedupKey: "\(dedupPrefix):file",
                                 input: input, externalIDs: [MessageExternalID(system: SystemKind.fileDrop.rawValue, id: shownName)])
        return (message, outcome)
    }

    /// `file-drop:<name>:<digest>`. A file too large to read has no digest; its time stands in.
    /// The name is cut to 180 characters (Migrations/0009 keeps keys to 300); the digest still
    /// tells two long names' files apart unless their bytes are the same.
    private var dedupPrefix: String {
        let digest = contentDigest.isEmpty ? "unread-\(Int(modifiedAt.timeIntervalSince1970))" : String(contentDigest.prefix(32))
        return "\(ConnectorKind.fileDrop.rawValue):\(Self.cut(name, to: 180)):\(digest)"
    }

    /// The name as a message's reference and `file-drop` id: at most 200 characters
    /// (Migrations/0009); SFTP servers allow 255.
    private var shownName: String { Self.cut(name, to: 200) }

    /// `text`'s first `length` Unicode scalars, which is what PostgreSQL's `length()` counts.
    private static func cut(_ text: String, to length: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(length)))
    }
}

/// The input of a file's own message: its name, kind and problems (none for an empty file).
struct FileReport: Encodable {
    var file: String
    var kind: DroppedFile.Kind
    var problems: [FileDropProblem]
}
