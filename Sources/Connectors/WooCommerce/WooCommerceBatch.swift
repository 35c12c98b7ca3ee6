import Foundation

/// The batch endpoints (spec §5): `{"create":[…],"update":[…]}` in, always 200 with the same
/// lists in input order out, each element the record or `{"id","error":{code,message,data}}`.
/// At most 100 items a request; items run one by one without a transaction, so one refused
/// item never takes the others with it.
enum WooCommerceBatch {
    /// One write to make.
    enum Operation<Write: Encodable & Sendable>: Sendable {
        case create(Write)
        case update(Write)
    }

    /// What became of one write.
    enum ItemResult<Record: Sendable>: Sendable {
        /// Written; the record as WooCommerce answered it.
        case written(Record)
        /// WooCommerce refused this item (its `error`).
        case refused(WooCommerceErrorReply)
        /// The request carrying it failed (a transient error, or a refusal of the whole batch).
        case failed(ConnectorError)
    }

    private struct Body<Write: Encodable>: Encodable {
        var create: [Write]?
        var update: [Write]?
    }

    private struct Reply<Record: Decodable>: Decodable {
        var create: [Element]?
        var update: [Element]?

        enum Element: Decodable {
            case record(Record)
            case error(WooCommerceErrorReply)

            private enum Keys: String, CodingKey { case error }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                if let error = try container.decodeIfPresent(WooCommerceErrorReply.self, forKey: .error) {
                    self = .error(error)
                } else {
                    self = .record(try Record(from: decoder))
                }
            }
        }
    }

    /// Writes `operations` through `path` (`/products/batch`, `/products/{id}/variations/batch`)
    /// in requests of at most `size` items; one result per operation, in order.
    ///
    /// A transient failure stops the run: that request's items and all later ones carry it, so
    /// the worker retries exactly those (writes are keyed by SKU, so a retry repeats nothing).
    /// A permanent failure (credentials, URL) is thrown.
    static func write<Write: Encodable & Sendable, Record: Decodable & Sendable>(
        _ operations: [Operation<Write>], to path: String, as record: Record.Type, size: Int,
        through transport: WooCommerceTransport, while action: String
    ) throws(ConnectorError) -> [ItemResult<Record>] {
        var results: [ItemResult<Record>] = []
        results.reserveCapacity(operations.count)
        var start = 0
        while start < operations.count {
            let chunk = operations[start..<min(start + max(1, min(size, 100)), operations.count)]
            start = chunk.endIndex
            var creates: [Write] = [], updates: [Write] = []
            var order: [(isCreate: Bool, index: Int)] = []
            for operation in chunk {
                switch operation {
                case .create(let write): order.append((true, creates.count)); creates.append(write)
                case .update(let write): order.append((false, updates.count)); updates.append(write)
                }
            }
            let body = try WooCommerceTransport.encode(Body(create: creates.isEmpty ? nil : creates, update: updates.isEmpty ? nil : updates))
            let reply: Reply<Record>
            do {
                reply = try transport.fetch(Reply<Record>.self, path, method: .post, json: body, while: action).0
            } catch where error.errorClass == .permanent {
                throw error
            } catch where error.errorClass == .transient {
                results += Array(repeating: .failed(error), count: operations.count - results.count)
                return results
            } catch {
                results += Array(repeating: .failed(error), count: chunk.count)
                continue
            }
            let created = reply.create ?? [], updated = reply.update ?? []
            for (isCreate, index) in order {
                let list = isCreate ? created : updated
                guard index < list.count else {
                    results.append(.failed(.permanent("WooCommerce answered a batch \(action) without an answer for every item.")))
                    continue
                }
                switch list[index] {
                case .record(let record): results.append(.written(record))
                case .error(let error): results.append(.refused(error))
                }
            }
        }
        return results
    }
}
