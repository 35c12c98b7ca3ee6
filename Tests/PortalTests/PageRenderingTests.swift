import HTTP
import Portal
import Testing

/// The default theme's pages: escaping, forms with CSRF tokens, accessible fields, and nothing
/// the Content-Security-Policy would block.
@Suite struct PageRenderingTests {
    private let templates: ThemeTemplates
    private static let hostile = #"<script>alert("x")</script> & 'Co'"#
    private static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"

    init() throws {
        templates = try ThemeTemplates(themesDirectory: repositoryThemes)
    }

    /// One rendering of every page, for checks that apply to all of them.
    private func everyPage() throws -> [(PortalPage, String)] {
        [
            (.login, try templates.render(.login, LoginView(csrfToken: "tok", email: "a@b.example", formError: "Wrong", next: "/flows"))),
            (.forgotPassword, try templates.render(.forgotPassword, ForgotPasswordView(csrfToken: "tok"))),
            (.resetPassword, try templates.render(.resetPassword, ResetPasswordView(csrfToken: "tok", resetToken: "r"))),
            (.error, try templates.render(.error, ErrorView(status: 404, title: "Page not found", message: "Check the address."))),
        ]
    }

    @Test func everyPageIsACompleteDocumentInsideTheLayout() throws {
        for (page, html) in try everyPage() {
            #expect(html.hasPrefix("<!doctype html>"), "\(page)")
            #expect(html.contains(#"<html lang="en">"#), "\(page)")
            #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#), "\(page)")
            #expect(html.contains(#"<link rel="stylesheet" href="/assets/default/portal.css">"#), "\(page)")
            #expect(html.contains(#"<main id="main" class="site-main">"#), "\(page)")
            #expect(html.contains("<footer"), "\(page)")
            #expect(html.contains("· Counterpart</title>"), "\(page)")
        }
    }

    @Test func noPageHasInlineScriptsStylesOrEventHandlers() throws {
        for (page, html) in try everyPage() {
            #expect(!html.contains("<script"), "\(page)")
            #expect(!html.contains("style="), "\(page)")
            #expect(!html.contains("<style"), "\(page)")
            #expect(!html.contains(" onclick="), "\(page)")
        }
    }

    @Test func everyFormCarriesTheCSRFToken() throws {
        for (page, html) in try everyPage() where html.contains("<form") {
            let forms = html.components(separatedBy: "<form").count - 1
            let tokens = html.components(separatedBy: #"<input type="hidden" name="_csrf" value="tok">"#).count - 1
            #expect(forms == tokens, "\(page)")
            #expect(html.contains(#"method="post""#), "\(page)")
        }
    }

    @Test func escapesMarkupQuotesAndAmpersandsInUserData() throws {
        let login = try templates.render(.login, LoginView(csrfToken: Self.hostile, email: #"x" autofocus onfocus="alert(1)"#,
                                                           formError: Self.hostile, next: #"/"><script>"#))
        #expect(!login.contains("<script>"))
        #expect(login.contains(#"value="x&quot; autofocus onfocus=&quot;alert(1)""#))
        #expect(login.contains("<p>\(Self.escaped)</p>"))
        #expect(login.contains(#"name="_csrf" value="\#(Self.escaped)""#))
        let error = try templates.render(.error, ErrorView(status: 500, title: Self.hostile, message: Self.hostile, requestID: Self.hostile))
        #expect(!error.contains("<script>"))
    }

    @Test func loginFormHasLabelledFieldsAutocompleteAndAnAlertRegion() throws {
        let html = try templates.render(.login, LoginView(csrfToken: "t", email: "ada@example.com"))
        #expect(html.contains(#"<label class="field__label" for="field-email">"#))
        #expect(html.contains(#"id="field-email" name="email" type="email" autocomplete="username" value="ada@example.com" required"#))
        #expect(html.contains(#"<label class="field__label" for="field-password">"#))
        #expect(html.contains(#"id="field-password" name="password" type="password" autocomplete="current-password" required>"#))
        #expect(html.contains(#"<div class="form-error" role="alert"></div>"#))
        #expect(html.contains(#"href="/forgot-password""#))
        #expect(html.contains(#"action="/login""#))
    }

    @Test func aFieldWithoutItsOwnErrorDoesNotShowTheFormsError() throws {
        let html = try templates.render(.login, LoginView(csrfToken: "t", formError: "E-mail or password is wrong."))
        #expect(html.components(separatedBy: "E-mail or password is wrong.").count == 2)
        #expect(!html.contains("aria-invalid"))
    }

    @Test func neverEchoesAPassword() throws {
        let html = try templates.render(.resetPassword, ResetPasswordView(csrfToken: "t", resetToken: "r"))
        #expect(!html.contains(#"type="password" autocomplete="new-password" value="#))
    }

    @Test func resetPasswordShowsEachErrorNextToItsField() throws {
        let html = try templates.render(.resetPassword, ResetPasswordView(
            csrfToken: "t", resetToken: "reset-123", passwordError: "Too short.", confirmationError: "Does not match."))
        #expect(html.contains(#"<input type="hidden" name="token" value="reset-123">"#))
        #expect(html.contains(#"aria-invalid="true" aria-describedby="field-password-hint field-password-error""#))
        #expect(html.contains(#"aria-invalid="true" aria-describedby="field-confirmation-error""#))
        #expect(html.contains(#"<p class="field__error" id="field-password-error">Too short.</p>"#))
        #expect(html.contains(#"<p class="field__error" id="field-confirmation-error">Does not match.</p>"#))
        #expect(html.contains("At least 12 characters."))
    }

    @Test func forgotPasswordSaysTheSameWhetherOrNotTheAccountExists() throws {
        let form = try templates.render(.forgotPassword, ForgotPasswordView(csrfToken: "t"))
        #expect(form.contains(#"action="/forgot-password""#))
        let sent = try templates.render(.forgotPassword, ForgotPasswordView(csrfToken: "t", email: "x@y.example", submitted: true))
        #expect(sent.contains("If an account exists for that address"))
        #expect(!sent.contains("<form"))
        #expect(!sent.contains("x@y.example"))
    }

    @Test func errorPageShowsStatusAndMessageOnly() throws {
        let html = try templates.render(.error, ErrorView(status: 503, title: "Try again shortly",
                                                          message: "The portal is busy.", requestID: "abc123"))
        #expect(html.contains(#"<p class="status-code">503</p>"#))
        #expect(html.contains("<title>Try again shortly · Counterpart</title>"))
        #expect(html.contains("The portal is busy."))
        #expect(html.contains("<code>abc123</code>"))
    }

    @Test func responsesAreHTMLThatIsNeverCached() throws {
        let response = try templates.response(.error, ErrorView(status: 404, title: "Not found", message: "No."), status: .notFound)
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(String(decoding: response.body, as: UTF8.self).contains("Not found"))
    }
}
