public import Tenancy

/// A way of telling a contact about an alert: e-mail, a chat webhook. One method, so tests can
/// record what would be sent and the evaluator never knows how.
///
/// Contract: `deliver` returns once the far end accepted the notice and throws otherwise; the
/// error's description goes into the notification history, so it must never contain a secret.
public protocol AlertChannel: Sendable {
    /// Sends `notice` to `contact`; `signingSecret` is the webhook contact's, when it has one.
    func deliver(_ notice: AlertNotice, to contact: AlertContact, signingSecret: SecretValue?) throws
}

/// The channels the evaluator may use, by contact channel. A missing channel is a failed
/// notification ("no SMTP server configured"), recorded and retried like any other.
public struct AlertChannels: Sendable {
    /// E-mail, when an SMTP server is configured.
    public var email: (any AlertChannel)?
    /// Chat webhooks.
    public var webhook: (any AlertChannel)?

    /// Creates the set.
    public init(email: (any AlertChannel)?, webhook: (any AlertChannel)?) {
        self.email = email
        self.webhook = webhook
    }

    /// The channel for `channel`, or nil.
    public func channel(for channel: AlertContact.Channel) -> (any AlertChannel)? {
        switch channel {
        case .email: email
        case .webhook: webhook
        }
    }
}

/// A channel that is not configured.
struct ChannelNotConfigured: Error, CustomStringConvertible {
    let channel: AlertContact.Channel
    var description: String {
        channel == .email ? "no SMTP server configured (COUNTERPART_SMTP_URL)" : "webhook delivery not configured"
    }
}
