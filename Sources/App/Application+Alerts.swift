import Foundation
import HTTPClient
import Monitoring
import Tenancy

extension Application {
    /// The alert evaluator: e-mail over `COUNTERPART_SMTP_URL` when set (else e-mail contacts
    /// get a "no SMTP server configured" failure in their history), webhooks with their own
    /// HTTP client (short timeouts: a chat tool that hangs must not hold the evaluation).
    static func alertEvaluator(_ configuration: AppConfiguration, _ tenants: TenantDatabase,
                               _ secretBox: SecretBox?) throws -> AlertEvaluator {
        let email: (any AlertChannel)? = try configuration.smtpURL.map { url in
            EmailAlertChannel(smtp: try SMTPClient(url: url), from: SMTPMailer.address(in: configuration.mailSender))
        }
        let webhook = WebhookAlertChannel(client: try HTTPClient(configuration: .init(totalTimeout: .seconds(10))))
        return AlertEvaluator(database: tenants, channels: AlertChannels(email: email, webhook: webhook), box: secretBox)
    }
}
