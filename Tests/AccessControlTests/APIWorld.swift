import API
import App
import Foundation
import HTTP
import Postgres
import Tenancy
import TestSupport

/// Two partners with a bit of everything, a token for every role, and the whole application
/// (router, middleware, API) over a migrated schema — requests go through `Router.respond`,
/// exactly as the server calls it, without sockets.
///
/// Partner A ("acme"): customers a1 and a2, an admin, an operator, a viewer of a1.
/// Partner B ("beta"): customer b1, an admin, a viewer of b1.
/// The platform: a platform admin.
struct APIWorld {
    struct Member {
        let principal: Principal
        /// A bearer token with the widest scope the role allows.
        let token: String
        let tokenID: UUID
        /// A second token of the same user, for revocation tests.
        let spareTokenID: UUID
    }

    let db: TenantTestDatabase
    let application: Application
    let acme: Partner, beta: Partner
    let a1: Customer, a2: Customer, b1: Customer
    let platformAdmin: Member, acmeAdmin: Member, acmeOperator: Member, acmeViewer: Member
    let betaAdmin: Member, betaViewer: Member

    static func with(_ body: (APIWorld) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let application = try Application(configuration: AppConfiguration(environment: [
                "DATABASE_URL": db.applicationURL, "COUNTERPART_LISTEN": "127.0.0.1:0", "COUNTERPART_LOG_LEVEL": "critical",
                "COUNTERPART_MIGRATIONS_DIR": TenantTestDatabase.migrationsDirectory.path,
                "COUNTERPART_PUBLIC_DIR": "/nonexistent", "COUNTERPART_DB_POOL_SIZE": "4",
                // Connections seal their credentials under it.
                "COUNTERPART_MASTER_KEY": Data((0..<32).map { UInt8($0) }).base64EncodedString(),
            ]))
            defer { application.database.close() }
            let admin = application.administration
            let acme = try admin.addPartner(slug: "acme", name: "Acme", customDomain: nil)
            let beta = try admin.addPartner(slug: "beta", name: "Beta", customDomain: nil)
            func customer(_ partner: Partner, _ name: String) throws -> Customer {
                try db.database.transaction(.partner(partner.id)) { connection in
                    try Customers.create(NewCustomer(name: name), by: Caller(principal: db.principal(.partnerAdmin, partner: partner.id)),
                                         on: connection)
                }
            }
            let a1 = try customer(acme, "Alpha One"), a2 = try customer(acme, "Alpha Two"), b1 = try customer(beta, "Beta One")
            func member(_ partner: String, _ role: Role, customer: Customer? = nil) throws -> Member {
                let email = "\(role.rawValue)-\(partner)@example.com"
                let user = try admin.addUser(partnerSlug: partner, email: email, name: "\(role.rawValue) of \(partner)",
                                             role: role, customerID: customer?.id, password: nil)
                let scope = TokenScope.widest(for: role)
                let issued = try admin.addToken(partnerSlug: partner, email: email, name: "main", scope: scope, expiresAt: nil)
                let spare = try admin.addToken(partnerSlug: partner, email: email, name: "spare", scope: .read, expiresAt: nil)
                let principal = Principal(userID: user.id, partnerID: user.partnerID, customerID: user.customerID, role: role,
                                          email: user.email, name: user.name, credential: .apiToken(id: issued.token.id, scope: scope))
                return Member(principal: principal, token: issued.plaintext, tokenID: issued.token.id, spareTokenID: spare.token.id)
            }
            try body(APIWorld(
                db: db, application: application, acme: acme, beta: beta, a1: a1, a2: a2, b1: b1,
                platformAdmin: try member("platform", .platformAdmin),
                acmeAdmin: try member("acme", .partnerAdmin), acmeOperator: try member("acme", .partnerOperator),
                acmeViewer: try member("acme", .customerViewer, customer: a1),
                betaAdmin: try member("beta", .partnerAdmin), betaViewer: try member("beta", .customerViewer, customer: b1)))
        }
    }

    var members: [Member] { [platformAdmin, acmeAdmin, acmeOperator, acmeViewer] }

    /// The API's endpoints, as installed.
    var endpoints: [Endpoint] {
        APIv1.description(gateway: TenantGateway(database: db.database), version: "test").endpoints
    }

    /// Sends a request through the application's router.
    func call(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil,
              headers extra: HTTPHeaders = [:]) -> Response {
        var headers = extra
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if json != nil, headers["Content-Type"] == nil { headers.add("Content-Type", "application/json") }
        var request = Request(method: method, target: "/api/v1" + path, headers: headers, body: Array((json ?? "").utf8))
        request.remoteAddress = "192.0.2.10:40000"
        return application.router.respond(to: request)
    }

    /// How many rows `query` counts, read as the owner (behind row-level security).
    func count(_ query: PostgresQuery) throws -> Int {
        try db.owner.query(query).single().decode(Int.self, at: 0)
    }
}

extension Response {
    /// The body as text, for messages.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
}
