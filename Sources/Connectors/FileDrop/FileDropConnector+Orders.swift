public import Commerce
import HTTPClient
import Foundation

extension FileDropConnector {
    /// Writes the order as `order-<reference>.csv` (the connection's file name template) into the
    /// outbound directory, atomically: the other system sees the whole file or none. An order
    /// already written under that reference with the same bytes is `.unchanged` (a retry after a
    /// timeout); with other bytes it is a business error, since the first file may already be in
    /// the other system's hands and cannot be replaced.
    ///
    /// - Throws: a business ``ConnectorError`` for an invalid order or reference, transient or
    ///   permanent ones from the server.
    public func upsertOrder(_ order: Order, reference: String) throws(ConnectorError) -> UpsertOutcome {
        let subject = "order \(reference)"
        let problems = order.validate()
        guard problems.isEmpty else {
            throw ConnectorError.business("The order cannot be written: " + problems.map(\.description).joined(separator: "; "),
                                          subject: subject)
        }
        let path = try orderPath(reference)
        let bytes = try OrderFile(dialect: settings.dialect).render(order, reference: reference)
        let externalID = ExternalID(.fileDrop, path.name)
        do throws(SFTPError) {
            try client.upload(bytes, to: path)
            return UpsertOutcome(key: reference, externalID: externalID, action: .created)
        } catch where error.kind == .alreadyExists {
            let existing = try sftp("reading \(path.name)") { () throws(SFTPError) in try client.download(path) }
            guard existing.bytes == bytes else {
                throw ConnectorError.business("\(path.name) is already in \(settings.outbound) with other contents; the other "
                    + "system has not taken the first version yet. Resolve it there before sending this order again.", subject: subject)
            }
            return UpsertOutcome(key: reference, externalID: externalID, action: .unchanged)
        } catch {
            throw ConnectorError(error, while: "writing \(path.name)", server: settings.server).about(subject)
        }
    }

    /// The order written under `reference`, read back from the outbound directory; nil when no
    /// such file is there (never written, or already taken by the other system).
    public func order(reference: String) throws(ConnectorError) -> Order? {
        let path = try orderPath(reference)
        do throws(SFTPError) {
            return OrderFile(dialect: settings.dialect).parse(try client.download(path).bytes)
        } catch where error.kind == .notFound {
            return nil
        } catch {
            throw ConnectorError(error, while: "reading \(path.name)", server: settings.server)
        }
    }

    /// The outbound path for `reference`; a reference that is not a safe file name part is a
    /// business error (it would otherwise choose the directory).
    private func orderPath(_ reference: String) throws(ConnectorError) -> SFTPPath {
        let allowed = reference.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        guard !reference.isEmpty, reference.count <= 100, allowed, !reference.hasPrefix(".") else {
            throw ConnectorError.business("The reference \(reference.debugDescription) cannot name a file; use letters, digits, - _ and .",
                                          subject: "order \(reference)")
        }
        let name = settings.orderFileName.replacingOccurrences(of: "{reference}", with: reference)
        return try sftp("naming the order file") { () throws(SFTPError) in try settings.outbound.appending(name) }
    }
}
