import Foundation
import HTTP
import Logging
import Postgres
import Tenancy

/// One signed-in request to a portal page, with everything its handler needs: who is asking,
/// inside which partner's site, the transaction already in their tenant scope, and the form
/// (for a POST, already CSRF-checked).
///
/// Handlers read and write only through `connection`: it is the request's one transaction,
/// entered with the principal's own scope (a customer viewer's is narrowed to their customer
/// by row-level security), so a page cannot reach rows its visitor may not see even by mistake.
struct PortalVisit {
    /// The partner the host names, with its branded templates.
    let site: PortalSite
    /// The HTTP request.
    let request: Request
    /// The signed-in user.
    let principal: Principal
    /// The request's transaction, in the principal's scope.
    let connection: PostgresConnection
    /// The token every form on the page carries as `_csrf`.
    let csrfToken: String
    /// The decoded form of a POST (CSRF already verified); empty for a GET. For a
    /// `multipart/form-data` POST, its text parts.
    let form: FormBody
    /// The whole body of a `multipart/form-data` POST (file uploads), or nil.
    let upload: MultipartFormData?
    /// The clock reading for this request.
    let now: Date

    /// Who the audit log records for changes made by this request.
    var caller: Caller {
        Caller(principal: principal, requestID: request.requestID, remoteAddress: PortalRoutes.clientAddress(request))
    }

    /// The frame around the page: navigation for this principal with `section` marked current,
    /// and the notice named by the query's `notice` (after a redirect that follows a change).
    func chrome(_ section: PortalSection) -> PageChrome {
        PageChrome(principal: principal, current: section, csrfToken: csrfToken,
                   notice: request.queryParameters["notice"].flatMap(PortalNotice.init(rawValue:))?.message)
    }

    /// Renders `page` with `view` in the site's theme.
    func render(_ page: PortalPage, _ view: Any, status: HTTPStatus = .ok) throws -> Response {
        try site.templates.response(page, view, status: status)
    }

    /// A form value with surrounding white space removed; nil when absent or blank.
    func field(_ name: String) -> String? {
        guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// What log lines about this request carry.
    var metadata: Logger.Metadata {
        site.metadata(request).merging(["user_id": "\(principal.userID?.uuidString ?? "-")"]) { $1 }
    }
}
