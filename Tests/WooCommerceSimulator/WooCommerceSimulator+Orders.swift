import Foundation

extension WooCommerceSimulator {
    static let orderStatuses = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "checkout-draft"]

    /// `/orders…`, `/orders/{id}/notes`, `/orders/{id}/refunds` (spec §8–§10).
    func orders(_ request: SimulatorRequest, segments: [String]) -> SimulatorReply {
        let now = clock.epochSeconds
        if segments.count == 1 && request.method == "GET" { return listOrders(request) }
        guard segments.count >= 2, let id = Int(segments[1]) else { return .noRoute }
        return state.withLock { store in
            guard var order = store.orders[id] else {
                let code = segments.count == 2 ? "woocommerce_rest_shop_order_invalid_id" : "woocommerce_rest_order_invalid_id"
                return .error(segments.count == 2 && request.method != "GET" && request.method != "DELETE" ? 400 : 404, code, "Invalid ID.")
            }
            switch (request.method, segments.count > 2 ? segments[2] : "") {
            case ("GET", ""):
                return .json(order.json(baseURL: homeURL), headers: [("Allow", "GET, POST, PUT, PATCH, DELETE")])
            case ("POST", ""), ("PUT", ""), ("PATCH", ""):
                guard let body = request.jsonObject else { return .error(400, "rest_invalid_json", "Invalid JSON body passed.") }
                if let status = body["status"] as? String {
                    guard Self.orderStatuses.contains(status) else {
                        return .invalidParameter("status", "rest_not_in_enum", "status is not one of \(Self.orderStatuses.joined(separator: ", ")).")
                    }
                    if status != order.status {
                        order.notes.append(.init(id: store.nextNoteID, note: "Order status changed from \(order.status) to \(status).",
                                                 customerNote: false, created: now))
                        store.nextNoteID += 1
                        order.status = status
                        if status == "completed" { order.completed = now }
                        order.modified = now
                    }
                }
                // meta_data rows: `{key, value}` updates the row with that key or adds one (spec §8).
                for row in body["meta_data"] as? [[String: Any]] ?? [] {
                    guard let key = row["key"] as? String, let value = row["value"] as? String else { continue }
                    if let index = order.meta.firstIndex(where: { $0.key == key }) {
                        guard order.meta[index].value != value else { continue }
                        order.meta[index].value = value
                    } else {
                        order.meta.append((store.nextNoteID, key, value))
                        store.nextNoteID += 1
                    }
                    order.modified = now
                }
                if let note = body["customer_note"] as? String, note != order.customerNote {
                    order.customerNote = note
                    order.modified = now
                }
                store.orders[id] = order
                if order.modified == now { store.enqueue(topic: "order.updated", recordID: id) }
                return .json(order.json(baseURL: homeURL))
            case ("GET", "notes"):
                let type = request.value("type") ?? "any"
                let notes = order.notes.filter { type == "any" || (type == "customer") == $0.customerNote }.reversed()
                return .json(notes.map { Self.noteJSON($0) })
            case ("POST", "notes"):
                guard let body = request.jsonObject, let text = body["note"] as? String, !text.isEmpty else {
                    return .error(400, "rest_missing_callback_param", "Missing parameter(s): note", data: ["params": ["note"]])
                }
                let note = SimulatedOrder.Note(id: store.nextNoteID, note: text, customerNote: body["customer_note"] as? Bool ?? false, created: now)
                store.nextNoteID += 1
                order.notes.append(note)
                store.orders[id] = order
                return .json(Self.noteJSON(note), status: 201)
            case ("GET", "refunds"):
                return page(order.refunds.sorted { $0.created > $1.created }.map { order.json(refund: $0, baseURL: homeURL) }, request)
            default:
                return .noRoute
            }
        }
    }

    private func listOrders(_ request: SimulatorRequest) -> SimulatorReply {
        let bounds: (after: Int64?, before: Int64?)
        switch modifiedBounds(request) {
        case .success(let value): bounds = value
        case .failure(let reply): return reply
        }
        let statuses = (request.value("status") ?? "any").split(separator: ",").map(String.init)
        for status in statuses where status != "any" && status != "trash" && !Self.orderStatuses.contains(status) {
            return .invalidParameter("status", "rest_not_in_enum", "status[0] is not one of any, trash, \(Self.orderStatuses.joined(separator: ", ")).")
        }
        let all = state.withLock { Array($0.orders.values) }
        let matching = all.filter { order in
            if !statuses.contains("any") && !statuses.contains(order.status) { return false }
            if let after = bounds.after, order.modified <= after { return false }
            if let before = bounds.before, order.modified >= before { return false }
            return order.status != "checkout-draft" || statuses.contains("checkout-draft")
        }
        switch sorted(matching, request, allowed: ["date", "id", "include", "title", "slug", "modified"], defaultOrderBy: "date",
                      defaultOrder: "desc", keys: { order, orderBy in
                          switch orderBy {
                          case "modified": (order.modified, order.id)
                          case "id": (Int64(order.id), order.id)
                          default: (order.created, order.id)
                          }
                      }) {
        case .success(let ordered): return page(ordered.map { $0.json(baseURL: homeURL) }, request)
        case .failure(let reply): return reply
        }
    }

    private static func noteJSON(_ note: SimulatedOrder.Note) -> [String: Any] {
        ["id": note.id, "author": "WooCommerce", "date_created": SimulatedClock.text(note.created),
         "date_created_gmt": SimulatedClock.text(note.created), "note": note.note, "customer_note": note.customerNote]
    }
}
