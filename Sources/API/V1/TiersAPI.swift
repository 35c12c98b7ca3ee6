import Billing
import Foundation
import HTTP
import Tenancy

/// `/tiers`: the partner's bronze/silver/gold (or its own) tiers and their terms (issue 4 §3).
/// Partner staff read them (`tiers:read`); partner admins change them (`tiers:write`). A new
/// name applies at once; new terms apply from the first day of the next billing month, so the
/// month being billed is never repriced.
enum TiersAPI {
    static let codeParameter = EndpointParameter(
        path: "code", .string(minLength: 1, maxLength: 32, pattern: TierJSON.codePattern),
        description: "The tier's stable code, e.g. `bronze`.")

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/tiers", operationID: "listTiers",
                             summary: "The partner's tiers with this month's terms and any scheduled for later",
                             tag: "billing", permission: .tiersRead, response: TierJSON.list) { context in
                let tiers = try Tiers.list(for: context.principal, at: context.now, on: context.connection)
                return try .json(TierJSON.ListBody(data: tiers.map(TierJSON.init)))
            },
            gateway.endpoint(.get, "/tiers/{code}", operationID: "getTier", summary: "Read a tier", tag: "billing",
                             permission: .tiersRead, parameters: [codeParameter], response: TierJSON.schema) { context in
                let code = context.request.parameters["code"] ?? ""
                return try .json(TierJSON(Tiers.get(code, for: context.principal, at: context.now, on: context.connection)))
            },
            gateway.endpoint(.patch, "/tiers/{code}", operationID: "updateTier",
                             summary: "Rename a tier (at once) or change its terms (from the first day of next month: "
                                + "the answer shows them under `scheduled` with their `effective_from`)",
                             tag: "billing", permission: .tiersWrite, parameters: [codeParameter],
                             requestBody: TierPatch.schema, response: TierJSON.schema) { context in
                try update(context)
            },
        ]
    }

    /// Checks the whole patch before changing anything, so one 422 names every bad field and
    /// a refused patch neither renames nor schedules.
    static func update(_ context: APIContext) throws -> Response {
        let code = context.request.parameters["code"] ?? ""
        let patch = try context.request.decodeJSON(TierPatch.self)
        let tier = try Tiers.get(code, for: context.principal, at: context.now, on: context.connection)
        var validation = Validation()
        if let name = patch.name {
            if let problem = InputRules.name(name) { validation.fail("/name", problem.message) }
            validation.require(name.trimmingWhitespace.count <= 100, at: "/name",
                               "must be at most 100 characters")
        }
        var terms: TierTerms?
        if patch.changesTerms {
            if let base = termsForNextMonth(of: tier, now: context.now) {
                terms = patch.terms(from: base, into: &validation)
            } else {
                validation.fail("", "the tier has no terms to change")
            }
        }
        try validation.finish()
        if let name = patch.name, name.trimmingWhitespace != tier.name {
            try Tiers.rename(code, to: name, by: context.caller, on: context.connection)
        }
        if let terms {
            try Tiers.scheduleTerms(code, terms, by: context.caller, now: context.now, on: context.connection)
        }
        return try .json(TierJSON(Tiers.get(code, for: context.principal, at: context.now, on: context.connection)))
    }

    /// What next month would be billed on without this change: terms already scheduled for it,
    /// else the terms in force now.
    static func termsForNextMonth(of tier: Tier, now: Date) -> TierTerms? {
        let next = BillingMonth(containing: now).next
        if let scheduled = tier.scheduled, scheduled.effectiveFrom <= next { return scheduled.terms }
        return tier.current?.terms
    }
}
