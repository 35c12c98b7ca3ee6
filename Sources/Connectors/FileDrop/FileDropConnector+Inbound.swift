import Crypto
import Foundation
import HTTPClient

extension FileDropConnector {
    /// Reads up to `limit` waiting files of `kinds` from the inbound directory, oldest name first
    /// (exports are usually named by date), each whole: `.items`/`.stock` with every record, or
    /// `.rejected` with every problem and no records. Files stay where they are until acknowledged.
    /// A flow that takes only stock files leaves item master files for the flow that takes them,
    /// and is not held up behind them.
    ///
    /// Only regular files matching the item or stock pattern are taken; hidden files (the
    /// `.name.part` of an upload in progress) never match. A file that vanished between the
    /// listing and the download (another worker took it) is skipped.
    ///
    /// - Throws: a transient or permanent ``ConnectorError`` when the server cannot be read.
    public func takeFiles(limit: Int = 10, kinds: Set<DroppedFile.Kind> = [.itemMaster, .stock]) throws(ConnectorError)
        -> [DroppedFile] {
        let entries = try sftp("listing the inbound directory") { () throws(SFTPError) in try client.list(settings.inbound) }
        let waiting = entries.filter { $0.kind == .file }.compactMap { entry -> (String, DroppedFile.Kind)? in
            if settings.itemFiles.matches(entry.name) { return (entry.name, .itemMaster) }
            if settings.stockFiles.matches(entry.name) { return (entry.name, .stock) }
            return nil
        }.filter { kinds.contains($0.1) }.sorted { $0.0 < $1.0 }

        var files: [DroppedFile] = []
        for (name, kind) in waiting.prefix(max(0, limit)) {
            let locator = ProblemLocator(file: name)
            let path = try sftp("naming an inbound file") { () throws(SFTPError) in try settings.inbound.appending(name) }
            let download: SFTPFile
            do throws(SFTPError) {
                download = try client.download(path)
            } catch where error.kind == .notFound {
                continue
            } catch where error.kind == .fileTooLarge {
                files.append(DroppedFile(name: name, kind: kind, modifiedAt: now(), contents: .rejected([
                    locator.problem(line: 0, .tooLong, "the file is larger than \(client.configuration.maxFileSize) bytes; split it"),
                ])))
                continue
            } catch {
                throw ConnectorError(error, while: "reading \(name)", server: settings.server)
            }
            let modifiedAt = download.modifiedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? now()
            files.append(DroppedFile(name: name, kind: kind, modifiedAt: modifiedAt,
                                     contents: read(download.bytes, kind: kind, modifiedAt: modifiedAt, locator: locator),
                                     contentDigest: Hex.encode(SHA256.hash(download.bytes))))
        }
        return files
    }

    /// Moves a file whose records the flow has stored to the processed directory. Calling it
    /// again for a file already moved does nothing.
    public func markProcessed(_ file: DroppedFile) throws(ConnectorError) {
        try move(file.name, to: settings.processed)
    }

    /// Writes `NAME.errors.txt` with the problems into the failed directory, then moves the file
    /// beside it. `problems` defaults to the file's own; the flow passes others when it refused
    /// a readable file (e.g. the file drop does not own the item data). Calling it again for a
    /// file already moved does nothing.
    public func markFailed(_ file: DroppedFile, problems: [FileDropProblem]? = nil) throws(ConnectorError) {
        var report = file
        if let problems { report.contents = .rejected(problems) }
        let inbound = try sftp("naming an inbound file") { () throws(SFTPError) in try settings.inbound.appending(file.name) }
        guard try sftp("looking for \(file.name)", { () throws(SFTPError) in try client.exists(inbound) }) else { return }
        let bytes = Array(report.errorReport.utf8)
        try sftp("writing the error report of \(file.name)") { () throws(SFTPError) in
            do throws(SFTPError) {
                try client.upload(bytes, to: settings.failed.appending(file.name + ".errors.txt"))
            } catch where error.kind == .alreadyExists {
                try client.upload(bytes, to: settings.failed.appending(stamped(file.name) + ".errors.txt"))
            }
        }
        try move(file.name, to: settings.failed)
    }

    /// The records of a file, or its problems.
    func read(_ bytes: [UInt8], kind: DroppedFile.Kind, modifiedAt: Date, locator: ProblemLocator) -> DroppedFile.Contents {
        switch kind {
        case .itemMaster:
            switch ItemMasterFile(settings: settings).read(bytes, locator: locator) {
            case .success(let records): return .items(records)
            case .failure(let rejection): return .rejected(rejection.problems)
            }
        case .stock:
            switch StockFile(settings: settings).read(bytes, asOf: modifiedAt, locator: locator) {
            case .success(let levels): return .stock(levels)
            case .failure(let rejection): return .rejected(rejection.problems)
            }
        }
    }

    /// Renames inbound/`name` into `directory`; when a file of that name is already there (the
    /// same export dropped twice), under a name prefixed with the time. A file no longer in the
    /// inbound directory was moved by an earlier call.
    private func move(_ name: String, to directory: SFTPPath) throws(ConnectorError) {
        try sftp("moving \(name) to \(directory)") { () throws(SFTPError) in
            let source = try settings.inbound.appending(name)
            do throws(SFTPError) {
                try client.rename(source, to: directory.appending(name))
            } catch where error.kind == .commandFailed {
                guard try client.exists(source) else { return }
                try client.rename(source, to: directory.appending(stamped(name)))
            }
        }
    }

    /// `20261122T103000Z-name`, from the injected clock.
    private func stamped(_ name: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: now()) + "-" + name
    }
}
