import Commerce
import Foundation
import Postgres

/// One of the hub's tables that keep a record as a document (`hub_items`, `hub_prices`,
/// `hub_orders`): how to read a record's stored state and how to write a new one, with the
/// read-compare-write every such record goes through in `write`.
///
/// Parameters are laid out alike in every table's statements: the scope ($1–$3), then for the
/// upsert the document, its hash, the source system and connection ($4–$7), then the table's
/// key columns, then any extra columns (an order's status).
struct HubDocumentTable: Sendable {
    /// The domain whose ownership rules the table.
    let domain: HubDomain
    /// Scope and key → content_hash, document::text, source_system, change_seq.
    let currentSQL: String
    /// Scope, document, hash, source, key, extras → change_seq, taking the next change number.
    let upsertSQL: String

    /// The stored state of a record, as far as a write needs it.
    struct Stored {
        let contentHash: [UInt8]
        let documentText: String
        let sourceSystem: SystemKind
        let changeSeq: Int64
    }

    static let items = HubDocumentTable(domain: .items, currentSQL: Hub.currentItemSQL, upsertSQL: Hub.upsertItemSQL)
    static let prices = HubDocumentTable(domain: .prices, currentSQL: Hub.currentPriceSQL, upsertSQL: Hub.upsertPriceSQL)
    static let orders = HubDocumentTable(domain: .orders, currentSQL: Hub.currentOrderSQL, upsertSQL: Hub.upsertOrderSQL)

    /// The record's stored state, or nil when the hub does not have it.
    func stored(_ keyBinds: [any PostgresEncodable], in scope: HubScope, on connection: PostgresConnection) throws -> Stored? {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: currentSQL, binds: scope.binds + keyBinds)).first else {
            return nil
        }
        let (hash, text, system, seq) = try row.decode(([UInt8], String, String, Int64).self)
        return Stored(contentHash: hash, documentText: text, sourceSystem: SystemKind(rawValue: system), changeSeq: seq)
    }

    /// Writes `document` as the record `key` unless its owner is another system (throws
    /// `HubRefusal`) or the hub already holds this content (`unchanged`, nothing written).
    /// Inside `Hub.publishing`, which holds the scope's head.
    func write(_ document: HubDocument, key: String, keyBinds: [any PostgresEncodable], extraBinds: [any PostgresEncodable] = [],
               from source: HubSource, ownership: SystemOfRecord, in scope: HubScope,
               on connection: PostgresConnection) throws -> HubWriteResult {
        let stored = try stored(keyBinds, in: scope, on: connection)
        if let refusal = ownership.refusal(of: source.system, changing: key, in: domain, publishedBy: stored?.sourceSystem) {
            throw refusal
        }
        if let stored, stored.contentHash == document.contentHash {
            return HubWriteResult(key: key, outcome: .unchanged, changeSeq: stored.changeSeq)
        }
        let outcome: HubOutcome = try stored.map {
            .updated(HubDiff(from: try JSON(parsing: $0.documentText), to: try JSON(parsing: document.text)))
        } ?? .inserted
        let binds: [any PostgresEncodable] = scope.binds + [
            document.text, document.contentHash, source.system.rawValue, source.connectionID,
        ] + keyBinds + extraBinds
        let seq = try connection.query(PostgresQuery(unsafeSQL: upsertSQL, binds: binds)).single().decode(Int64.self, at: 0)
        return HubWriteResult(key: key, outcome: outcome, changeSeq: seq)
    }
}
