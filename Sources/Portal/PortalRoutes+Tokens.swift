import Foundation
import HTTP
import Tenancy

// The API tokens page: a user's own tokens for scripts and integrations.
extension PortalRoutes {
    /// Tokens listed; older ones are in the API's paged list.
    static let tokensShown = 200
    /// The lifetimes offered, in days (the store caps them at `APITokens.maximumLifetime`).
    static let tokenLifetimes = [30, 90, 180, 365]

    func registerTokenPages(on router: Router) {
        router.get("/tokens", page(signedIn(.tokensOwn, Self.tokenList)))
        router.post("/tokens", page(signedIn(.tokensOwn, Self.createToken)))
        router.post("/tokens/:id/revoke", page(signedIn(.tokensOwn, Self.revokeToken)))
    }

    /// `GET /tokens`.
    func tokenList(_ visit: PortalVisit) throws -> Response {
        try renderTokens(visit, issued: nil, errors: FieldErrors())
    }

    /// `POST /tokens`: creates a token and shows its secret on this response only — it is
    /// stored hashed, so no later page can show it again. The page is `no-store`, like all.
    func createToken(_ visit: PortalVisit) throws -> Response {
        let scope = visit.form["scope"].flatMap(TokenScope.init(rawValue:))
        let days = visit.form["lifetime_days"].flatMap(Int.init).flatMap { Self.tokenLifetimes.contains($0) ? $0 : nil }
        var problems: [FieldProblem] = []
        if scope == nil { problems.append(FieldProblem(field: "scope", message: "must be one of the scopes offered")) }
        if days == nil { problems.append(FieldProblem(field: "lifetime_days", message: "must be one of the lifetimes offered")) }
        guard let scope, let days, problems.isEmpty else {
            return try renderTokens(visit, issued: nil, errors: FieldErrors(problems), status: .unprocessableContent)
        }
        do {
            let issued = try APITokens.create(name: visit.form["name"] ?? "", scope: scope,
                                              expiresAt: visit.now.addingTimeInterval(TimeInterval(days) * 86_400),
                                              by: visit.caller, now: visit.now, on: visit.connection)
            return try renderTokens(visit, issued: IssuedTokenView(name: issued.token.name, plaintext: issued.plaintext),
                                    errors: FieldErrors())
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderTokens(visit, issued: nil, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /tokens/:id/revoke`: the visitor's own token (another's is not found).
    func revokeToken(_ visit: PortalVisit) throws -> Response {
        guard let id = visit.request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw TenancyError.notFound("token") }
        let token = try APITokens.get(id, for: visit.principal, on: visit.connection)
        guard token.userID == visit.principal.userID else { throw TenancyError.notFound("token") }
        _ = try APITokens.revoke(id, by: visit.caller, now: visit.now, on: visit.connection)
        return Response.redirect(to: "/tokens?notice=" + PortalNotice.tokenRevoked.rawValue)
    }

    private func renderTokens(_ visit: PortalVisit, issued: IssuedTokenView?, errors: FieldErrors,
                              status: HTTPStatus = .ok) throws -> Response {
        let tokens = try APITokens.list(for: visit.principal, all: false, after: nil, limit: Self.tokensShown, on: visit.connection)
        let widest = TokenScope.widest(for: visit.principal.role)
        let scopes = [TokenScope.read, .write, .admin].filter { $0 <= widest }
        // After a successful creation the form starts empty again.
        let typed = issued == nil && visit.request.method == .post
        return try visit.render(.tokens, TokensView(
            chrome: visit.chrome(.tokens), csrfToken: visit.csrfToken,
            tokens: tokens.reversed().map { token in
                let state = token.revokedAt != nil ? "Revoked" : (token.expiresAt.map { $0 <= visit.now } ?? false) ? "Expired" : "Active"
                return TokenRowView(name: token.name, prefix: token.displayPrefix + "…", scope: token.scope.rawValue,
                                    createdOn: PortalFormat.day(token.createdAt),
                                    expires: token.expiresAt.map(PortalFormat.day) ?? "Never",
                                    lastUsed: token.lastUsedAt.map(PortalFormat.minute) ?? "Never", state: state,
                                    isActive: state == "Active", revokePath: "/tokens/\(token.id.uuidString.lowercased())/revoke")
            },
            issued: issued,
            nameField: FormFieldView(name: "name", label: "Name", value: typed ? visit.form["name"] : nil,
                                     errorMessage: errors["name"], hint: "What uses it, e.g. “ERP nightly export”."),
            scopeSelect: SelectFieldView(name: "scope", label: "Scope", choices: scopes.map { ($0.rawValue, Self.scopeLabel($0)) },
                                         selected: typed ? visit.form["scope"] : TokenScope.read.rawValue, errorMessage: errors["scope"]),
            lifetimeSelect: SelectFieldView(name: "lifetime_days", label: "Expires after",
                                            choices: Self.tokenLifetimes.map { ("\($0)", "\($0) days") },
                                            selected: typed ? visit.form["lifetime_days"] : "90", errorMessage: errors["lifetime_days"]),
            formError: errors.unplaced(shown: ["name", "scope", "lifetime_days", "expires_at"])), status: status)
    }

    static func scopeLabel(_ scope: TokenScope) -> String {
        switch scope {
        case .read: "Read — look, change nothing"
        case .write: "Write — also change customers and tiers"
        case .admin: "Admin — also manage users and tokens"
        }
    }
}
