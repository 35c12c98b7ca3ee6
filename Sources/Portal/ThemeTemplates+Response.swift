public import HTTP

extension ThemeTemplates {
    /// `page` rendered with `view` as an HTML response.
    ///
    /// `Cache-Control: no-store`: portal pages carry per-user data and CSRF tokens, and must
    /// not be kept by shared caches or shown again from the browser's history after sign-out.
    public func response(_ page: PortalPage, _ view: Any, status: HTTPStatus = .ok) throws(ThemeTemplateError) -> Response {
        let html = try render(page, view)
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
                        body: Array(html.utf8))
    }
}
