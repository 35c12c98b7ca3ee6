import API
import Foundation
import HTTP
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 3: every role × every API endpoint matches the permission table, and every change
/// writes its audit row in the same request.
@Suite struct PermissionMatrixTests {
    /// A request for `endpoint` that `member` is entitled to make if their role allows it: ids
    /// of their own tenant, and a valid body that changes nothing anyone else relies on.
    static func request(for endpoint: Endpoint, as member: APIWorld.Member, in world: APIWorld) -> (path: String, body: String?) {
        let unique = UUID().uuidString.prefix(8).lowercased()
        let customer = member.principal.customerID ?? world.a1.id
        var path = endpoint.path
        let replacement: String = switch endpoint.path {
        case let p where p.hasPrefix("/partners/"): world.acme.id.uuidString
        case let p where p.hasPrefix("/customers/"): customer.uuidString
        case let p where p.hasPrefix("/users/"): member.principal.userID!.uuidString
        case let p where p.hasPrefix("/tokens/"): (endpoint.method == .delete ? member.spareTokenID : member.tokenID).uuidString
        case let p where p.hasPrefix("/environments/"): (try? environment(of: customer, in: world))?.uuidString ?? ""
        // A dead message of its own per request: retrying, replaying and resolving each need one that waits.
        case let p where p.hasPrefix("/messages/{id}"): (try? deadMessage(of: customer, in: world))?.uuidString ?? ""
        default: ""
        }
        if endpoint.path.contains("/reconciliations") {
            // The production reconciliation flow with a report of 2026-11-21 to read and run again.
            try? reconciliation(of: customer, in: world)
            path = path.replacingOccurrences(of: "{flow}", with: "reconciliation").replacingOccurrences(of: "{day}", with: "2026-11-21")
        }
        path = path.replacingOccurrences(of: "{id}", with: replacement).replacingOccurrences(of: "{code}", with: "bronze")
            .replacingOccurrences(of: "{flow}", with: "order-to-erp").replacingOccurrences(of: "{name}", with: "sku_xref")
            .replacingOccurrences(of: "{environment}", with: "production").replacingOccurrences(of: "{month}", with: "2026-03")
        if endpoint.operationID == "getPartnerBill" {
            // A closed month to read: its bill, stored as the month-end job would.
            try? partnerBill(of: world.acme.id, in: world)
        }
        if endpoint.operationID == "locateCrossReferences" {
            // "Where is WooCommerce order 123?" — an answer with no links is still a 200.
            path += "?system=woocommerce&external_id=123&entity=order"
        }
        if endpoint.operationID == "getCustomerTimeline" {
            path += "?reference=123"
        }
        if endpoint.path.contains("/flows") {
            // A sandbox and a production flow between production's own connections.
            try? flows(of: customer, in: world)
        }
        if endpoint.path.contains("{flow}") {
            // A saved version, so reading the current mapping finds one.
            try? mapping(of: customer, in: world)
        }
        if path.contains("{connection_id}") {
            // A connection of its own per request, for the same reason.
            path = path.replacingOccurrences(of: "{connection_id}",
                                             with: (try? connection(of: customer, in: world))?.uuidString ?? "")
        }
        if path.contains("{problem}") {
            // An open problem of its own per request: resolving needs one that is open.
            path = path.replacingOccurrences(of: "{problem}", with: (try? openProblem(of: customer, in: world))?.uuidString ?? "")
        }
        if path.contains("{alert}") {
            // An open alert of its own per request: resolving needs one that is not resolved.
            path = path.replacingOccurrences(of: "{alert}", with: (try? openAlert(of: customer, in: world))?.uuidString ?? "")
        }
        if path.contains("{rule}") {
            path = path.replacingOccurrences(of: "{rule}", with: (try? alertRule(of: customer, in: world))?.uuidString ?? "")
        }
        if path.contains("{contact}") {
            path = path.replacingOccurrences(of: "{contact}", with: (try? alertContact(of: customer, in: world))?.uuidString ?? "")
        }
        if path.contains("{contact_id}") {
            // A contact of its own per request: a DELETE must find one to remove.
            path = path.replacingOccurrences(of: "{contact_id}", with: (try? contact(of: customer, in: world))?.uuidString ?? "")
        }
        // A role the member may give (the lowest), with the customer a viewer needs.
        let invitedRole = member.principal.role.assignableRoles.last ?? .partnerOperator
        let invitee = #""role":"\#(invitedRole.rawValue)""#
            + (invitedRole.isCustomerScoped ? #","customer_id":"\#(world.a1.id)""# : "")
        let body: String? = switch endpoint.operationID {
        case "createPartner": #"{"slug":"p-\#(unique)","name":"Partner \#(unique)"}"#
        case "updatePartner": #"{"name":"Acme Renamed \#(unique)"}"#
        case "invitePartnerAdmin": #"{"email":"admin-\#(unique)@acme.example","name":"New Admin"}"#
        case "createCustomer": #"{"name":"Customer \#(unique)","tier_code":"gold"}"#
        case "updateCustomer": #"{"external_reference":"ERP-\#(unique)"}"#
        case "inviteUser": #"{"email":"u-\#(unique)@acme.example","name":"New User",\#(invitee)}"#
        case "updateUser": #"{"name":"Renamed \#(unique)"}"#
        case "createToken": #"{"name":"script \#(unique)","scope":"read"}"#
        case "updateTier": #"{"name":"Bronze \#(unique)","concurrency_limit":3}"#
        case "setWholesalePrice":
            #"{"per_customer_month":{"amount":"12.50","currency":"EUR"},"per_thousand_transactions":{"amount":"0.50","currency":"EUR"}}"#
        case "addCustomerContact":
            #"{"name":"Contact \#(unique)","email":"c-\#(unique)@shop.example","phone":"+31 20 123 4567","role":"technical","escalation_order":1}"#
        case "updateCustomerContact": #"{"escalation_order":2,"phone":null}"#
        case "updateBranding": ##"{"theme":"default","product_name":"Acme \##(unique)","primary_colour":"#123456"}"##
        case "createConnection":
            #"{"environment":"sandbox","kind":"outbound-webhook","name":"BI \#(unique)","values":{"url":"https://bi-\#(unique).example/hooks","signing_secret":"secret-\#(unique)-0123456789"}}"#
        case "updateConnection": #"{"name":"Renamed \#(unique)","values":{"timeout_seconds":"20","signing_secret":"secret-\#(unique)-0123456789"}}"#
        case "pauseConnection": #"{"reason":"Shop migrating"}"#
        case "setBrandingLogo": #"{"image_base64":"\#(Data(TestImages.png()).base64EncodedString())"}"#
        case "saveMapping": #"{"mapping":\#(mappingDocument),"note":"matrix \#(unique)"}"#
        case "previewMapping": #"{"record":{"number":"\#(unique)"},"mapping":\#(mappingDocument)}"#
        case "importLookupTable": "key,value\nMUG-\(unique),SKU-\(unique)\n"
        case "replayMessage": #"{"input":{"number":"\#(unique)"}}"#
        case "resolveMessage": #"{"resolution":"ignored","comment":"matrix \#(unique)"}"#
        case "resolveProblem": #"{"comment":"matrix \#(unique)"}"#
        case "resolveAlert": #"{"comment":"matrix \#(unique)"}"#
        case "createAlertRule":
            #"{"name":"Dead \#(unique)","scope":"flow","customer_id":"\#(customer)","flow":"order-to-erp","kind":"dead_messages","threshold":"1"}"#
        case "updateAlertRule": #"{"threshold":"2.5","enabled":false}"#
        case "createAlertContact":
            #"{"customer_id":"\#(customer)","position":\#((try? nextChainPosition(of: customer, in: world)) ?? 1),"channel":"webhook","address":"https://chat.example/hooks/\#(unique)","signing_secret":"whsec-\#(unique)-0123456789"}"#
        case "retryMessages": #"{"filter":{"status":"dead","reference":"matrix-\#(unique)"}}"#
        case "replayMessages": #"{"filter":{"status":"dead","reference":"matrix-\#(unique)"}}"#
        case "configureFlow":
            (try? productionConnections(of: customer, in: world)).map {
                #"{"source_connection_id":"\#($0.shop)","target_connection_id":"\#($0.erp)","options":{"price_tolerance":"0.0\#(unique.prefix(1))"}}"#
            }
        case "pauseFlow": #"{"reason":"Matrix \#(unique)"}"#
        case "runReconciliation": #"{"day":"2026-11-21"}"#
        case "resetFlowCursor":
            (try? cursor(of: customer, in: world)).map {
                #"{"feed":"order","connection_id":"\#($0)","reset_to":"2026-01-01T00:00:00Z"}"#
            }
        case "promoteFlow":
            // The difference as an admin sees it just now: promotion refuses any other.
            (world.call(.get, "/customers/\(customer)/flows/order-to-erp/promotion", token: world.acmeAdmin.token)
                .object["diff_hash"] as? String).map { #"{"diff_hash":"\#($0)"}"# }
        default: nil
        }
        return (path, body)
    }

    /// `partnerID`'s bill for March 2026, stored as the owner unless it exists (nothing charged).
    static func partnerBill(of partnerID: UUID, in world: APIWorld) throws {
        _ = try world.db.owner.execute("""
            INSERT INTO partner_bills (partner_id, month, customers, transactions)
            VALUES (\(partnerID), date '2026-03-01', 0, 0) ON CONFLICT DO NOTHING
            """)
    }

    /// A mapping document every flow endpoint accepts.
    static let mappingDocument = #"{"record":"order","fields":[{"target":"number","source":"number"}]}"#

    /// Version 1 of `customer`'s order-to-erp mapping, stored as the owner unless it exists.
    static func mapping(of customer: UUID, in world: APIWorld) throws {
        _ = try world.db.owner.execute("""
            INSERT INTO mapping_versions (partner_id, customer_id, flow, version, document, author_email)
            SELECT partner_id, id, 'order-to-erp', 1, \(mappingDocument)::jsonb, 'fixture@example.com' FROM customers WHERE id = \(customer)
            ON CONFLICT DO NOTHING
            """)
    }

    static func environment(of customer: UUID, in world: APIWorld) throws -> UUID {
        try world.db.owner.query("SELECT id FROM environments WHERE customer_id = \(customer) AND kind = 'sandbox'").single()
            .decode(UUID.self, at: 0)
    }

    /// A new outbound-webhook connection in `customer`'s sandbox, stored as the owner. It has no
    /// signing secret, so testing it reports that (without calling anything).
    static func connection(of customer: UUID, in world: APIWorld) throws -> UUID {
        let unique = UUID().uuidString.prefix(8).lowercased()
        return try world.db.owner.query("""
            INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, settings, endpoint)
            SELECT partner_id, customer_id, id, kind, 'outbound-webhook', \("Fixture " + unique),
                   jsonb_build_object('url', \("https://fixture-\(unique).example/hooks")::text), \("outbound-webhook " + unique)
            FROM environments WHERE customer_id = \(customer) AND kind = 'sandbox' RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// A new dead message of `customer`'s sandbox, stored as the owner.
    static func deadMessage(of customer: UUID, in world: APIWorld) throws -> UUID {
        try world.db.owner.query("""
            INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, status, source_system,
                                  reference, input, input_bytes, attempts, error_class, error_text, received_at, finished_at)
            SELECT partner_id, customer_id, id, kind, 'order-to-erp', 'order', 'dead', 'woocommerce', '123',
                   '{"number":"123"}'::jsonb, 16, 1, 'permanent', 'Rejected', now(), now()
            FROM environments WHERE customer_id = \(customer) AND kind = 'sandbox' RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// `customer`'s WooCommerce and Tryton connections in production, stored as the owner unless they exist.
    static func productionConnections(of customer: UUID, in world: APIWorld) throws -> (shop: UUID, erp: UUID) {
        func connection(_ kind: String) throws -> UUID {
            if let row = try world.db.owner.query("""
                SELECT c.id FROM connections c JOIN environments e ON e.id = c.environment_id
                WHERE c.customer_id = \(customer) AND e.kind = 'production' AND c.kind = \(kind)
                """).first { return try row.decode(UUID.self, at: 0) }
            return try world.db.owner.query("""
                INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, settings, endpoint)
                SELECT partner_id, customer_id, id, kind, \(kind), \("Matrix " + kind), '{}'::jsonb, \("\(kind) matrix \(customer)")
                FROM environments WHERE customer_id = \(customer) AND kind = 'production' RETURNING id
                """).single().decode(UUID.self, at: 0)
        }
        return (try connection("woocommerce"), try connection("tryton-erp"))
    }

    /// The production order-to-erp flow's cursor of the shop's orders, as its poller leaves it
    /// (stored as the owner unless it exists); returns the shop connection it reads.
    static func cursor(of customer: UUID, in world: APIWorld) throws -> UUID {
        try flows(of: customer, in: world)
        let shop = try productionConnections(of: customer, in: world).shop
        _ = try world.db.owner.execute("""
            INSERT INTO flow_cursors (partner_id, customer_id, flow_id, feed, connection_id)
            SELECT partner_id, customer_id, id, 'order', \(shop) FROM customer_flows
            WHERE customer_id = \(customer) AND environment_kind = 'production' AND flow = 'order-to-erp'
            ON CONFLICT DO NOTHING
            """)
        return shop
    }

    /// `customer`'s order-to-erp flow in both environments (the sandbox's without connections,
    /// production's between its own), stored as the owner unless they exist.
    static func flows(of customer: UUID, in world: APIWorld) throws {
        let (shop, erp) = try productionConnections(of: customer, in: world)
        _ = try world.db.owner.execute("""
            INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow, source_connection_id,
                                        target_connection_id, options)
            SELECT partner_id, customer_id, id, kind, 'order-to-erp', CASE WHEN kind = 'production' THEN \(shop) END,
                   CASE WHEN kind = 'production' THEN \(erp) END,
                   CASE WHEN kind = 'sandbox' THEN '{"price_tolerance":"0.05"}' ELSE '{}' END::jsonb
            FROM environments WHERE customer_id = \(customer)
            ON CONFLICT DO NOTHING
            """)
    }

    /// A new open problem of `customer` (credentials rejected on a connection of its own), stored as the owner.
    static func openProblem(of customer: UUID, in world: APIWorld) throws -> UUID {
        let connection = try connection(of: customer, in: world)
        return try world.db.owner.query("""
            INSERT INTO flow_problems (partner_id, customer_id, environment_id, connection_id, kind, summary, opened_at, last_seen_at)
            SELECT partner_id, customer_id, environment_id, id, 'credentials_rejected', 'Matrix: rejected', now(), now()
            FROM connections WHERE id = \(connection) RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// `customer`'s production reconciliation flow between its shop and ERP, with a report of
    /// 2026-11-21, stored as the owner unless they exist.
    static func reconciliation(of customer: UUID, in world: APIWorld) throws {
        let (shop, erp) = try productionConnections(of: customer, in: world)
        _ = try world.db.owner.execute("""
            INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow, source_connection_id,
                                        target_connection_id)
            SELECT partner_id, customer_id, id, kind, 'reconciliation', \(shop), \(erp)
            FROM environments WHERE customer_id = \(customer) AND kind = 'production'
            ON CONFLICT DO NOTHING
            """)
        _ = try world.db.owner.execute("""
            INSERT INTO reconciliation_reports (partner_id, customer_id, environment_id, flow_id, day, time_zone, shop_orders,
                                                erp_orders, shop_total, erp_total, currency, mismatches)
            SELECT partner_id, customer_id, environment_id, id, '2026-11-21', 'UTC', 1, 0, 20, 0, 'USD',
                   '[{"order_number":"7","kind":"missing_in_erp","shop_value":"20.00 USD","erp_value":null}]'::jsonb
            FROM customer_flows WHERE customer_id = \(customer) AND environment_kind = 'production' AND flow = 'reconciliation'
            ON CONFLICT DO NOTHING
            """)
    }

    /// A new dead-messages rule over `customer`'s order flow, stored as the owner.
    static func alertRule(of customer: UUID, in world: APIWorld) throws -> UUID {
        try world.db.owner.query("""
            INSERT INTO alert_rules (partner_id, name, scope, customer_id, flow, kind, threshold, impact)
            SELECT partner_id, 'Matrix', 'flow', id, 'order-to-erp', 'dead_messages', 1, 'order_capture'
            FROM customers WHERE id = \(customer) RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// A new open alert of a rule of its own over `customer`, stored as the owner.
    static func openAlert(of customer: UUID, in world: APIWorld) throws -> UUID {
        let rule = try alertRule(of: customer, in: world)
        return try world.db.owner.query("""
            INSERT INTO alerts (partner_id, rule_id, customer_id, flow, subject, impact, opened_at, last_seen_at, value, summary,
                                level)
            SELECT partner_id, \(rule), id, 'order-to-erp', 'order-to-erp', 'order_capture', now(), now(), 1,
                   'Matrix: 1 dead message', 1
            FROM customers WHERE id = \(customer) RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// A new e-mail contact at the end of the partner's own chain, stored as the owner.
    static func alertContact(of customer: UUID, in world: APIWorld) throws -> UUID {
        try world.db.owner.query("""
            INSERT INTO alert_contacts (partner_id, position, channel, address)
            SELECT c.partner_id, COALESCE((SELECT max(position) FROM alert_contacts a
                                           WHERE a.partner_id = c.partner_id AND a.customer_id IS NULL), 0) + 1,
                   'email', 'matrix@acme.example'
            FROM customers c WHERE c.id = \(customer) RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// The first free place at the end of `customer`'s own escalation chain.
    static func nextChainPosition(of customer: UUID, in world: APIWorld) throws -> Int {
        try world.db.owner.query("SELECT COALESCE(max(position), 0) + 1 FROM alert_contacts WHERE customer_id = \(customer)")
            .single().decode(Int.self, at: 0)
    }

    /// A new contact of `customer`, stored as the owner.
    static func contact(of customer: UUID, in world: APIWorld) throws -> UUID {
        let partner = try world.db.owner.query("SELECT partner_id FROM customers WHERE id = \(customer)").single()
            .decode(UUID.self, at: 0)
        let email = "fixture-\(UUID().uuidString.prefix(8).lowercased())@shop.example"
        return try world.db.owner.query("""
            INSERT INTO customer_contacts (partner_id, customer_id, name, email, role)
            VALUES (\(partner), \(customer), 'Fixture Contact', \(email), 'billing') RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    @Test func everyRoleGetsExactlyWhatThePermissionTableGrantsOnEveryEndpoint() throws {
        try APIWorld.with { world in
            for member in world.members {
                for endpoint in world.endpoints {
                    let permission = try #require(endpoint.permission.flatMap(Permission.init(rawValue:)))
                    let (path, body) = Self.request(for: endpoint, as: member, in: world)
                    let headers: HTTPHeaders = endpoint.requestMediaType == "application/json" ? [:]
                        : ["Content-Type": endpoint.requestMediaType]
                    let response = world.call(endpoint.method, path, token: member.token, json: body, headers: headers)
                    let who = "\(member.principal.role.rawValue) \(endpoint.method) \(path)"
                    if member.principal.may(permission) {
                        #expect((200..<300).contains(response.status.code), "\(who): \(response.status.code) \(response.text)")
                        // A preview is a POST that changes nothing, so it leaves no audit row.
                        if endpoint.method != .get, endpoint.operationID != "previewMapping", (200..<300).contains(response.status.code) {
                            let requestID = try #require(response.headers["X-Request-Id"])
                            let audited = try world.count("SELECT count(*) FROM audit_log WHERE request_id = \(requestID)")
                            #expect(audited >= 1, "\(who) changed something without an audit row")
                        }
                    } else {
                        #expect(response.status == .forbidden, "\(who): \(response.status.code) \(response.text)")
                        #expect(response.headers["Content-Type"] == "application/problem+json")
                    }
                }
            }
        }
    }

    @Test func everyEndpointRefusesRequestsWithoutAValidToken() throws {
        try APIWorld.with { world in
            for endpoint in world.endpoints {
                let (path, body) = Self.request(for: endpoint, as: world.acmeAdmin, in: world)
                let missing = world.call(endpoint.method, path, token: nil, json: body)
                #expect(missing.status == .unauthorized, "\(endpoint.operationID) without a token: \(missing.status.code)")
                #expect(missing.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
                let forged = world.call(endpoint.method, path, token: "cpt_" + String(repeating: "A", count: 43), json: body)
                #expect(forged.status == .unauthorized, "\(endpoint.operationID) with a forged token: \(forged.status.code)")
            }
        }
    }

    @Test func meTellsWhoTheTokenActsAsAndWhatItMayDo() throws {
        try APIWorld.with { world in
            let viewer = world.call(.get, "/me", token: world.acmeViewer.token).object
            #expect(viewer["role"] as? String == "customer_viewer")
            #expect((viewer["customer_id"] as? String)?.lowercased() == world.a1.id.uuidString.lowercased())
            #expect(viewer["token_scope"] as? String == "read")
            #expect(viewer["permissions"] as? [String] == ["self:read", "customers:read", "environments:read", "connections:read", "messages:read"])
            let admin = world.call(.get, "/me", token: world.acmeAdmin.token).object
            #expect((admin["permissions"] as? [String])?.contains("users:write") == true)
            #expect(admin["customer_id"] == nil)
        }
    }

    @Test func platformReadsLeaveATraceInThePlatformsAuditLog() throws {
        try APIWorld.with { world in
            let response = world.call(.get, "/partners/\(world.acme.id.uuidString)", token: world.platformAdmin.token)
            #expect(response.status == .ok)
            let requestID = try #require(response.headers["X-Request-Id"])
            let (action, partner, target) = try world.db.owner.query(
                "SELECT action, partner_id, target_id FROM audit_log WHERE request_id = \(requestID)").single()
                .decode((String, UUID, String).self)
            #expect(action == "platform.read")
            #expect(partner == world.platformAdmin.principal.partnerID)
            #expect(target == "/api/v1/partners/\(world.acme.id.uuidString)")
        }
    }

    @Test func aReadScopedTokenReadsButCannotChangeAnything() throws {
        try APIWorld.with { world in
            let token = try world.application.administration.addToken(
                partnerSlug: "acme", email: world.acmeAdmin.principal.email, name: "read only", scope: .read, expiresAt: nil)
            #expect(world.call(.get, "/customers", token: token.plaintext).status == .ok)
            let before = try world.count("SELECT count(*) FROM customers")
            let refused = world.call(.post, "/customers", token: token.plaintext, json: #"{"name":"Nope"}"#)
            #expect(refused.status == .forbidden)
            #expect((refused.object["detail"] as? String)?.contains("customers:write") == true)
            #expect(try world.count("SELECT count(*) FROM customers") == before)
        }
    }

    @Test func aRevokedTokenStopsWorkingAtOnce() throws {
        try APIWorld.with { world in
            let token = try world.application.administration.addToken(
                partnerSlug: "acme", email: world.acmeAdmin.principal.email, name: "short lived", scope: .admin, expiresAt: nil)
            #expect(world.call(.get, "/customers", token: token.plaintext).status == .ok)
            let revoked = world.call(.delete, "/tokens/\(token.token.id.uuidString)", token: world.acmeAdmin.token)
            #expect(revoked.status == .ok)
            #expect(revoked.object["revoked_at"] is String)
            #expect(world.call(.get, "/customers", token: token.plaintext).status == .unauthorized)
        }
    }
}
