public import Commerce
import Foundation

/// A logged-in Tryton session and the context every model call carries.
///
/// `common.db.login` answers `[user_id, session_key, bus_url]`; later calls send
/// `Authorization: Session base64("<login>:<user_id>:<session_key>")` (trytond
/// `protocols/wrappers.py`, `user_application`/`session` auth). The context is the last
/// positional parameter of every model call: without `company`, company defaults (a sale's
/// company) stay empty and company-dependent fields (`list_price`) refuse to save.
public struct TrytonSession: Sendable, Hashable {
    /// The logged-in user's id (not always 1: the seeded admin is 3).
    public var userID: Int
    /// The `Authorization` header value; a credential, never logged.
    var authorization: String
    /// The company worked in.
    public var companyID: Int
    /// The company's name.
    public var companyName: String
    /// The company's currency: every amount the connector reads or writes is in it.
    public var currency: CurrencyCode
    /// The context sent with every model call: company and language.
    public var context: [String: TrytonValue]

    /// The header value for a session of `login`.
    static func authorization(login: String, userID: Int, key: String) -> String {
        "Session " + Data("\(login):\(userID):\(key)".utf8).base64EncodedString()
    }
}
