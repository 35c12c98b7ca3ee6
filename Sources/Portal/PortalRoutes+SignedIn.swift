import Foundation
import HTTP
import Postgres
import Tenancy

/// Where a signed-in page's transaction reaches.
enum PageReach: Sendable {
    /// The principal's own tenant: their partner, or for a customer viewer their customer.
    case tenant
    /// Every partner's rows: platform admins only (`TenantScope.platform(for:)`).
    case platform
}

// The gate every signed-in page passes: session, permission, scope, CSRF.
extension PortalRoutes {
    /// Every page behind the sign-in.
    func registerSignedInPages(on router: Router) {
        router.get("/", page(signedIn(nil, Self.dashboard)))
        registerBrandingPages(on: router)
        registerCustomerPages(on: router)
        registerConnectionPages(on: router)
        registerMessagePages(on: router)
        registerAlertPages(on: router)
        registerFlowPages(on: router)
        registerSLAPages(on: router)
        registerMappingPages(on: router)
        registerTierPages(on: router)
        registerBillingPages(on: router)
        registerUserPages(on: router)
        registerTokenPages(on: router)
        registerAuditPages(on: router)
        registerPartnerPages(on: router)
    }

    /// A handler for a page that needs a session. In order, inside one transaction:
    /// 1. the host names an active partner (else the neutral page);
    /// 2. the session cookie is valid for that partner (else 303 to the sign-in form, which
    ///    comes back here — for a GET; a POST without a session is not replayed);
    /// 3. the transaction enters the principal's own scope (or the platform scope for
    ///    `.platform` pages), so row-level security narrows every query that follows;
    /// 4. the principal holds `permission` (else a 403 page);
    /// 5. for a POST, the form's `_csrf` matches the session (else a 403 page, nothing done).
    /// `TenancyError.notFound` from the handler becomes a 404 page, `.forbidden` a 403 page.
    func signedIn(_ permission: Permission?, reach: PageReach = .tenant,
                  _ handle: @escaping @Sendable (PortalRoutes) -> (PortalVisit) throws -> Response)
        -> @Sendable (PortalRoutes) -> (Request) throws -> Response {
        { routes in
            { request in try routes.visit(request, permission: permission, reach: reach, handle(routes)) }
        }
    }

    private func visit(_ request: Request, permission: Permission?, reach: PageReach,
                       _ handle: (PortalVisit) throws -> Response) throws -> Response {
        let isPost = request.method == .post
        // Decoded before the transaction opens: a malformed body costs no connection.
        let upload = isPost && Self.isMultipart(request) ? try request.multipartFormData() : nil
        let form = if let upload {
            // Text parts only; a file's bytes are the handler's to read from `upload`.
            FormBody(fields: upload.parts.filter { $0.filename == nil }.compactMap { part in
                part.text.map { FormBody.Field(name: part.name, value: $0) }
            })
        } else {
            isPost ? try request.form() : FormBody(fields: [])
        }
        return try inSite(request) { site, connection in
            guard let (cookie, principal) = try authenticated(request, site: site, on: connection) else {
                return isPost ? Response.redirect(to: "/login") : signInFirst(request)
            }
            // Ids only, for every log line about this request (the access line included).
            request.logContext?.set("partner_id", principal.partnerID.uuidString.lowercased())
            if let customerID = principal.customerID {
                request.logContext?.set("customer_id", customerID.uuidString.lowercased())
            }
            do {
                switch reach {
                // inSite entered the partner's scope; a partner user's is that one already.
                case .tenant where principal.scope != .partner(site.partner.id): try connection.enter(principal.scope)
                case .tenant: break
                case .platform:
                    try connection.enter(try TenantScope.platform(for: principal))
                    // As through the API: looking across partners is never silent. Changes are
                    // audited where they land; reads leave this trace in the platform's own log.
                    if !isPost {
                        try AuditLog.record(AuditChange(action: "platform.read", partnerID: principal.partnerID,
                                                        targetType: "portal", targetID: request.path),
                                            by: caller(principal, request), on: connection)
                    }
                }
                if let permission { try principal.require(permission) }
                if isPost, !CSRFToken.verify(form[CSRFToken.formField], sessionSecret: cookie.csrfSecret) {
                    return try csrfRefusal(site, request)
                }
                return try handle(PortalVisit(site: site, request: request, principal: principal, connection: connection,
                                              csrfToken: CSRFToken.make(sessionSecret: cookie.csrfSecret), form: form, upload: upload,
                                              now: configuration.now()))
            } catch TenancyError.forbidden {
                return try errorPage(site.templates, request, status: .forbidden, title: "No access",
                                     message: "Your account does not have access to this page. Ask an administrator if you need it.")
            } catch TenancyError.notFound {
                return try errorPage(site.templates, request, status: .notFound, title: "Page not found",
                                     message: "There is nothing at this address, or it is not yours to see.")
            }
        }
    }

    /// Whether the body is `multipart/form-data` (a form with a file input).
    static func isMultipart(_ request: Request) -> Bool {
        request.headers["Content-Type"].map { $0.lowercased().hasPrefix(MultipartFormData.mediaType) } ?? false
    }
}
