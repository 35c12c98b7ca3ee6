import HTTP
import Tenancy

/// The JSON API v1: every endpoint, in the order the OpenAPI document lists them.
public enum APIv1 {
    /// The description — routes and OpenAPI document from the same list.
    public static func description(gateway: TenantGateway, version: String) -> APIDescription {
        APIDescription(
            title: "Counterpart API", version: version,
            description: "Partners, customers, users, API tokens and the audit log. Authenticate with "
                + "`Authorization: Bearer <token>`; errors are RFC 9457 problem details.",
            endpoints: MeAPI.endpoints(gateway) + PartnersAPI.endpoints(gateway) + CustomersAPI.endpoints(gateway)
                + EnvironmentsAPI.endpoints(gateway) + UsersAPI.endpoints(gateway) + TokensAPI.endpoints(gateway)
                + AuditLogAPI.endpoints(gateway),
            schemas: [EnvironmentsAPI.environment, TokensAPI.token])
    }
}
