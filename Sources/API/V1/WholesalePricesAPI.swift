import Billing
import Foundation
import HTTP
import Postgres
import Tenancy

/// `/partners/{id}/wholesale-price`: what the platform charges a partner (issue 4 §3). Platform
/// admins only, through the platform path (`Reach.platform`): reading leaves a `platform.read`
/// entry, setting is audited in the partner's log. Like tier terms, a new price applies from
/// the first day of the next billing month.
enum WholesalePricesAPI {
    /// A wholesale price and the month it applies from.
    struct DatedJSON: Encodable {
        var effectiveFrom: String
        var perCustomerMonth: MoneyJSON
        var perThousandTransactions: MoneyJSON

        init(_ dated: DatedWholesalePrice) {
            effectiveFrom = dated.effectiveFrom.firstDayText
            perCustomerMonth = MoneyJSON(dated.price.perCustomerMonth)
            perThousandTransactions = MoneyJSON(dated.price.perThousand)
        }
    }

    /// The price in force and the one scheduled, if any.
    struct ScheduleJSON: Encodable {
        var partnerID: UUID
        var current: DatedJSON?
        var scheduled: DatedJSON?
    }

    struct SetBody: StrictlyDecodable {
        var perCustomerMonth: MoneyInput
        var perThousandTransactions: MoneyInput
        enum CodingKeys: String, CodingKey, CaseIterable {
            case perCustomerMonth = "per_customer_month", perThousandTransactions = "per_thousand_transactions"
        }
        static var nestedObjects: [String: any StrictlyDecodable.Type] {
            ["per_customer_month": MoneyInput.self, "per_thousand_transactions": MoneyInput.self]
        }
    }

    static let dated = NamedSchema("DatedWholesalePrice", .object([
        .init("effective_from", JSONSchema.string(pattern: TermsJSON.firstDayPattern)
            .described("The first day of the first billing month (UTC) the price applies to.")),
        .init("per_customer_month", JSONSchema.reference("Money").described("Per active customer per month.")),
        .init("per_thousand_transactions", JSONSchema.reference("Money").described("Per 1,000 transactions.")),
    ]))

    static let schedule = NamedSchema("WholesalePriceSchedule", .object([
        .init("partner_id", .uuid),
        .init("current", JSONSchema.reference("DatedWholesalePrice").nullable
            .described("In force this month; absent until the platform has set a price."), required: false),
        .init("scheduled", JSONSchema.reference("DatedWholesalePrice").nullable
            .described("Applies from its `effective_from`; absent when no change is scheduled."), required: false),
    ]))

    static let set = NamedSchema("SetWholesalePrice", .object([
        .init("per_customer_month", .reference("MoneyInput")),
        .init("per_thousand_transactions", JSONSchema.reference("MoneyInput").described("In the same currency.")),
    ]))

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/partners/{id}/wholesale-price", operationID: "getWholesalePrice",
                             summary: "What the platform charges a partner, now and as scheduled", tag: "partners",
                             permission: .partnersRead, reach: .platform, parameters: [EndpointParameter(path: "id", .uuid)],
                             response: schedule) { context in
                let partner = try Partners.get(try context.request.uuidParameter("id"), on: context.connection)
                return try .json(try priceSchedule(of: partner.id, now: context.now, on: context.connection))
            },
            gateway.endpoint(.put, "/partners/{id}/wholesale-price", operationID: "setWholesalePrice",
                             summary: "Set what the platform charges a partner, from the first day of next month",
                             tag: "partners", permission: .partnersWrite, reach: .platform,
                             parameters: [EndpointParameter(path: "id", .uuid)], requestBody: set,
                             response: schedule) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(SetBody.self)
                let partner = try Partners.get(id, on: context.connection)
                var validation = Validation()
                let perCustomer = body.perCustomerMonth.money(at: "/per_customer_month", into: &validation)
                let perThousand = body.perThousandTransactions.money(at: "/per_thousand_transactions", into: &validation)
                // `money(at:into:)` recorded why whichever is nil could not be read.
                guard let perCustomer, let perThousand else { throw ProblemError.validation(validation.errors) }
                validation.require(perThousand.currency == perCustomer.currency, at: "/per_thousand_transactions/currency",
                                   "must be the per-customer price's currency, \(perCustomer.currency.code)")
                let price = WholesalePrice(perCustomerMonth: perCustomer, perThousandTransactions: perThousand.amount)
                // The ranges of Migrations/0002, named at the amount the client sent.
                for problem in price.problems { validation.fail("/\(problem.field)/amount", problem.message) }
                try validation.finish()
                try WholesalePrices.set(partner.id, price, by: context.caller, now: context.now, on: context.connection)
                return try .json(try priceSchedule(of: partner.id, now: context.now, on: context.connection))
            },
        ]
    }

    /// The price in force at `now` and the next one after it, if different.
    static func priceSchedule(of partnerID: UUID, now: Date, on connection: PostgresConnection) throws -> ScheduleJSON {
        let current = try WholesalePrices.current(partnerID, at: now, on: connection)
        let next = try WholesalePrices.current(partnerID, at: BillingMonth(containing: now).next.firstDay, on: connection)
        return ScheduleJSON(partnerID: partnerID, current: current.map(DatedJSON.init),
                            scheduled: next.flatMap { $0 == current ? nil : DatedJSON($0) })
    }
}
