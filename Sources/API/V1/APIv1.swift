public import Flows
import HTTP
public import Tenancy

/// The JSON API v1: every endpoint, in the order the OpenAPI document lists them.
public enum APIv1 {
    /// The description — routes and OpenAPI document from the same list. `branding` holds
    /// what only the deployment knows: the portal's theme names and the platform's domain.
    /// `connectors` and `secretBox` serve the connection endpoints; without a catalog they
    /// answer 503 (the document lists them all the same).
    public static func description(gateway: TenantGateway, version: String,
                                   branding: BrandingRules = BrandingRules(), connectors: ConnectorCatalog? = nil,
                                   secretBox: SecretBox? = nil) -> APIDescription {
        APIDescription(
            title: "Counterpart API", version: version,
            description: "Partners, customers and their contacts, tiers, wholesale prices and margins, users, API tokens, "
                + "connections to the customers' systems, field mappings with their lookup tables, the hub's cross-references between system ids, "
                + "customers' flows between sandbox and production, the flows' messages with their recovery (retry, replay, resolve), SLA reports against the tiers' targets, alerts with their rules and escalation chains, and the audit log. "
                + "Money is `{\"amount\": \"49.00\", \"currency\": \"EUR\"}`: exact decimal "
                + "strings, never JSON numbers. Authenticate with "
                + "`Authorization: Bearer <token>`; errors are RFC 9457 problem details.",
            endpoints: MeAPI.endpoints(gateway) + PartnersAPI.endpoints(gateway) + WholesalePricesAPI.endpoints(gateway)
                + CustomersAPI.endpoints(gateway) + CustomerContactsAPI.endpoints(gateway)
                + EnvironmentsAPI.endpoints(gateway) + TiersAPI.endpoints(gateway) + MarginsAPI.endpoints(gateway) + BillingAPI.endpoints(gateway)
                + UsersAPI.endpoints(gateway) + TokensAPI.endpoints(gateway) + BrandingAPI.endpoints(gateway, rules: branding)
                + ConnectionsAPI.endpoints(gateway, .init(catalog: connectors, secretBox: secretBox))
                + AuditLogAPI.endpoints(gateway) + MappingsAPI.endpoints(gateway) + CrossReferencesAPI.endpoints(gateway)
                + FlowsAPI.endpoints(gateway) + FlowCursorsAPI.endpoints(gateway, .init(catalog: connectors, secretBox: secretBox))
                + ReconciliationsAPI.endpoints(gateway)
                + MessagesAPI.endpoints(gateway) + ProblemsAPI.endpoints(gateway) + SLAAPI.endpoints(gateway)
                + AlertsAPI.endpoints(gateway) + AlertRulesAPI.endpoints(gateway, secretBox: secretBox),
            schemas: [EnvironmentsAPI.environment, TokensAPI.token, CustomerContactsAPI.contact, MoneyJSON.schema,
                      MoneyJSON.inputSchema, TierJSON.schema, TermsJSON.schema, WholesalePricesAPI.dated,
                      ConnectionsAPI.connection, ConnectionsAPI.connector, ConnectionsAPI.connectorField,
                      CrossReferencesAPI.crossReference]
                + MappingJSON.schemas + FlowJSON.schemas + [FlowCursorsAPI.cursor, FlowCursorsAPI.list, FlowCursorsAPI.reset]
                + ReconciliationsAPI.schemas
                + BillingJSON.schemas
                + MessageJSON.schemas + [ProblemsAPI.problem, ProblemsAPI.list, ProblemsAPI.resolve] + SLAJSON.schemas
                + AlertJSON.schemas)
    }
}
