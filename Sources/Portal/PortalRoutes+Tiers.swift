import Billing
import Foundation
import HTTP
import Tenancy

// The tiers and pricing pages: the price list with cost and margin, and the editor. Changes
// to terms apply from the next billing month (`Tiers.scheduleTerms`); the page says so.
extension PortalRoutes {
    func registerTierPages(on router: Router) {
        router.get("/tiers", page(signedIn(.tiersRead, Self.tierList)))
        router.get("/tiers/:code", page(signedIn(.tiersWrite, Self.tierEditor)))
        router.post("/tiers/:code", page(signedIn(.tiersWrite, Self.saveTier)))
    }

    /// `GET /tiers`: the price list; cost and margin only with `pricing:read`.
    func tierList(_ visit: PortalVisit) throws -> Response {
        let principal = visit.principal
        let showsPricing = principal.may(.pricingRead)
        let nextMonth = BillingMonth(containing: visit.now).next
        let wholesaleNow = showsPricing ? try WholesalePrices.current(principal.partnerID, at: visit.now, on: visit.connection) : nil
        let wholesaleNext = showsPricing
            ? try WholesalePrices.current(principal.partnerID, at: nextMonth.firstDay, on: visit.connection) : nil
        let tiers = try Tiers.list(for: principal, at: visit.now, on: visit.connection)
        func sentence(_ dated: DatedWholesalePrice, from: String) -> String {
            "\(from) the platform charges \(dated.price.perCustomerMonth) per customer a month and \(dated.price.perThousand) per 1,000 transactions."
        }
        var wholesale: [String] = []
        if let wholesaleNow { wholesale.append(sentence(wholesaleNow, from: "Since \(Self.monthName(wholesaleNow.effectiveFrom)),")) }
        if let wholesaleNext, wholesaleNext != wholesaleNow {
            wholesale.append(sentence(wholesaleNext, from: "From \(Self.monthName(wholesaleNext.effectiveFrom)),"))
        }
        return try visit.render(.tiers, TiersView(
            chrome: visit.chrome(.tiers),
            tiers: tiers.map { tier in
                TierRowView(code: tier.code, name: tier.name, editPath: "/tiers/\(tier.code)",
                            current: tier.current.map { Self.summary($0, wholesale: wholesaleNow?.price) },
                            // Scheduled terms meet the wholesale price in force when they start.
                            scheduled: tier.scheduled.map { Self.summary($0, wholesale: wholesaleNext?.price) })
            },
            canEdit: principal.may(.tiersWrite), showsPricing: showsPricing, wholesale: wholesale))
    }

    /// `GET /tiers/:code`: the editor, filled with the terms that will apply next month (the
    /// scheduled ones, or else the current ones).
    func tierEditor(_ visit: PortalVisit) throws -> Response {
        let tier = try tier(visit)
        guard let terms = (tier.scheduled ?? tier.current)?.terms else { throw TenancyError.notFound("tier terms") }
        return try renderTierEditor(visit, tier, name: tier.name, form: TierTermsForm(terms), errors: FieldErrors())
    }

    /// `POST /tiers/:code`: renames the tier (at once — a name bills nobody) and schedules the
    /// terms for next month; both audited, both or neither.
    func saveTier(_ visit: PortalVisit) throws -> Response {
        let tier = try tier(visit)
        let name = visit.form["name"] ?? ""
        let form = TierTermsForm(form: visit.form)
        do {
            let terms = try form.terms().get()
            try visit.connection.transaction { connection in
                if name.trimmingCharacters(in: .whitespaces) != tier.name {
                    try Tiers.rename(tier.code, to: name, by: visit.caller, on: connection)
                }
                try Tiers.scheduleTerms(tier.code, terms, by: visit.caller, now: visit.now, on: connection)
            }
            return Response.redirect(to: "/tiers?notice=" + PortalNotice.tierScheduled.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderTierEditor(visit, tier, name: name, form: form, errors: errors,
                                        status: .unprocessableContent)
        }
    }

    private func renderTierEditor(_ visit: PortalVisit, _ tier: Tier, name: String, form: TierTermsForm, errors: FieldErrors,
                                  status: HTTPStatus = .ok) throws -> Response {
        let shown = Set(TierTermsForm.fields.map(\.name)).union(["name"])
        return try visit.render(.tier, TierEditorView(
            chrome: visit.chrome(.tiers), csrfToken: visit.csrfToken, tierName: tier.name, formPath: "/tiers/\(tier.code)",
            appliesFrom: Self.monthName(BillingMonth(containing: visit.now).next),
            nameField: FormFieldView(name: "name", label: "Name", value: name, errorMessage: errors["name"],
                                     hint: "Shown to your customers. Renaming applies at once."),
            controls: form.controls(errors), formError: errors.unplaced(shown: shown)), status: status)
    }

    private func tier(_ visit: PortalVisit) throws -> Tier {
        try Tiers.get(visit.request.parameters["code"] ?? "", for: visit.principal, at: visit.now, on: visit.connection)
    }

    /// Terms as the price list shows them, with cost and margin per customer when known.
    static func summary(_ dated: DatedTierTerms, wholesale: WholesalePrice?) -> TierTermsSummaryView {
        let terms = dated.terms
        let margin = wholesale.flatMap { try? Margin.of(terms, wholesale: $0) }
        let support = switch terms.supportWindow {
        case .allDay: "24×7"
        case .businessHours(let zone, let start, let end): "\(start):00–\(end):00 \(zone)"
        }
        return TierTermsSummaryView(
            effectiveFrom: monthName(dated.effectiveFrom), price: terms.monthlyPrice.description,
            included: terms.includedTransactions.formatted(.number.locale(Locale(identifier: "en_GB"))),
            overage: "\(terms.overage) per 1,000",
            sla: "\(TierTermsForm.text(terms.slaSuccessRate))% success · p95 \(terms.slaP95LatencyMilliseconds) ms · \(TierTermsForm.text(terms.slaAvailability))% available",
            support: support, limits: "\(terms.rateLimitPerMinute)/min · \(terms.concurrencyLimit) at once",
            retention: "\(terms.logRetentionDays) days", cost: margin?.cost.description, margin: margin?.margin.description,
            isLoss: margin?.margin.isNegative ?? false)
    }

    /// `December 2026`.
    static func monthName(_ month: BillingMonth) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                     "November", "December"]
        return "\(names[month.month - 1]) \(month.year)"
    }
}
