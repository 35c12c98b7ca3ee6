public import Foundation
public import Tenancy

/// How the portal's pages behave in one deployment: where it is reached, whether browsers
/// talk to it over TLS, how long sessions live, when log-in is throttled, what a new password
/// must be, and the clock.
///
/// A configuration value (STYLE.md habit 8): build it with the defaults, change what the
/// deployment needs, and call `validate()` at start so a bad value stops the process with a
/// message naming the setting.
public struct PortalConfiguration: Sendable {
    /// The platform's own domain (`portal.example`): `<slug>.<baseDomain>` names a partner,
    /// the domain itself the platform partner (`PartnerHost`).
    public var baseDomain: String
    /// The portal's public origin as browsers see it (`https://portal.example`). Only its
    /// scheme is used for links in mails: the host of a link is the host the request came to,
    /// so a partner's customers get links to their partner's domain.
    public var publicURL: String
    /// Whether browsers reach the portal over TLS (directly or through a terminating proxy).
    /// Then every cookie is `Secure` and carries the `__Host-` prefix (RFC 6265bis §4.1.3.2),
    /// which binds it to exactly this host and path `/`.
    public var servedOverTLS: Bool
    /// Idle and absolute session expiry, enforced on the server.
    public var sessionPolicy: SessionPolicy
    /// When failed log-ins stop being checked.
    public var loginThrottlePolicy: LoginThrottlePolicy
    /// What a password set through a reset link must be.
    public var passwordPolicy: PasswordPolicy
    /// How long the cookie that carries a reset link's token lives, in seconds (see
    /// `PasswordResetCookie`): 15 minutes by default, long enough to choose a password.
    public var resetCookieLifetime: Int
    /// The clock every expiry and throttle decision reads (STYLE.md habit 7); tests move it.
    public var now: @Sendable () -> Date

    /// The defaults: a local development portal at `http://localhost:8080` (`servedOverTLS`
    /// follows the scheme of `publicURL`), the default policies and the system clock.
    public init(baseDomain: String = "localhost", publicURL: String = "http://localhost:8080",
                servedOverTLS: Bool? = nil, sessionPolicy: SessionPolicy = SessionPolicy(),
                loginThrottlePolicy: LoginThrottlePolicy = LoginThrottlePolicy(),
                passwordPolicy: PasswordPolicy = PasswordPolicy(), resetCookieLifetime: Int = 15 * 60,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.baseDomain = baseDomain
        self.publicURL = publicURL
        self.servedOverTLS = servedOverTLS ?? publicURL.lowercased().hasPrefix("https://")
        self.sessionPolicy = sessionPolicy
        self.loginThrottlePolicy = loginThrottlePolicy
        self.passwordPolicy = passwordPolicy
        self.resetCookieLifetime = resetCookieLifetime
        self.now = now
    }

    /// `https` or `http`, from `publicURL`.
    public var scheme: String { publicURL.lowercased().hasPrefix("https://") ? "https" : "http" }

    /// Throws `PortalConfigurationError` naming every setting that is out of range, including
    /// those of the policies.
    public func validate() throws(PortalConfigurationError) {
        var problems: [FieldProblem] = []
        if baseDomain.isEmpty || PartnerHost(host: baseDomain, baseDomain: baseDomain) == nil {
            problems.append(FieldProblem(field: "base_domain", message: "must be a host name such as portal.example"))
        }
        let lowered = publicURL.lowercased()
        if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) || lowered.hasSuffix("://") {
            problems.append(FieldProblem(field: "public_url", message: "must be an http:// or https:// URL"))
        } else if servedOverTLS != (scheme == "https") {
            // A TLS-terminating proxy still counts as TLS: what matters is what the browser sees.
            problems.append(FieldProblem(field: "served_over_tls",
                                         message: "must be true exactly when public_url is https (browsers see \(scheme))"))
        }
        if !(60...3600).contains(resetCookieLifetime) {
            problems.append(FieldProblem(field: "reset_cookie_lifetime", message: "must be 60–3600 seconds"))
        }
        if passwordPolicy.minimumLength < 8 || passwordPolicy.maximumLength < max(64, passwordPolicy.minimumLength) {
            // NIST SP 800-63B §5.1.1.2: at least 8 characters, and allow at least 64.
            problems.append(FieldProblem(field: "password_policy", message: "needs a minimum of 8 or more and a maximum of 64 or more"))
        }
        for check in [sessionPolicy.validate, loginThrottlePolicy.validate] as [() throws(TenancyError) -> Void] {
            do throws(TenancyError) { try check() } catch {
                if case .invalid(let more) = error { problems += more }
            }
        }
        if !problems.isEmpty { throw PortalConfigurationError(problems: problems) }
    }
}

/// Settings of a `PortalConfiguration` that are out of range; start-up stops on it.
public struct PortalConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Each setting at fault and what is allowed.
    public var problems: [FieldProblem]

    /// An error listing `problems`.
    public init(problems: [FieldProblem]) {
        self.problems = problems
    }

    /// `portal configuration: base_domain: must be …; public_url: …`.
    public var description: String {
        "portal configuration: " + problems.map(\.description).joined(separator: "; ")
    }
}
