import HTTP
import Logging
import Tenancy

/// The partner a request's host names, with what its pages need: the theme branded with the
/// partner's name, and the origin links in mails point to.
struct PortalSite: Sendable {
    /// The active partner the host names.
    let partner: PartnerHost.Match
    /// The `Host` field as the request sent it, lower-cased (`acme.portal.example:8443`).
    let host: String
    /// The theme, showing the partner's name.
    let templates: ThemeTemplates
    /// `scheme://host` for links in mails: the scheme the deployment is reached by, the host
    /// the request came to. Host-header poisoning (pointing a victim's reset link at an
    /// attacker's host) is not possible here: the host has just been resolved to this very
    /// partner, so a link can only point at one of the partner's own hosts.
    let origin: String

    /// What every portal log line carries.
    func metadata(_ request: Request) -> Logger.Metadata {
        request.logMetadata(["partner": "\(partner.slug)", "partner_id": "\(partner.id.uuidString.lowercased())"])
    }
}
