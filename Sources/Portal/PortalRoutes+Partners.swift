import Billing
import Foundation
import HTTP
import Tenancy

// The platform admin's pages: partners and their wholesale prices. They run in the platform
// scope (`PageReach.platform`), the one deliberate way across tenants; changes are audited in
// the partner's own log.
extension PortalRoutes {
    static let partnersShown = 500

    func registerPartnerPages(on router: Router) {
        router.get("/platform/partners", page(signedIn(.partnersRead, reach: .platform, Self.partnerList)))
        router.post("/platform/partners", page(signedIn(.partnersWrite, reach: .platform, Self.createPartner)))
        router.get("/platform/partners/:id", page(signedIn(.partnersRead, reach: .platform, Self.partnerDetail)))
        router.post("/platform/partners/:id/wholesale", page(signedIn(.partnersWrite, reach: .platform, Self.setWholesale)))
        router.post("/platform/partners/:id/status", page(signedIn(.partnersWrite, reach: .platform, Self.changePartnerStatus)))
        router.post("/platform/partners/:id/admins", page(signedIn(.partnersWrite, reach: .platform, Self.invitePartnerAdmin)))
    }

    /// `GET /platform/partners`.
    func partnerList(_ visit: PortalVisit) throws -> Response {
        try renderPartners(visit, errors: FieldErrors())
    }

    /// `POST /platform/partners`: a new partner (its tiers come with it, Migrations/0002).
    func createPartner(_ visit: PortalVisit) throws -> Response {
        do {
            let partner = try Partners.create(NewPartner(slug: visit.form["slug"] ?? "", name: visit.form["name"] ?? "",
                                                         customDomain: visit.field("custom_domain")),
                                              by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: partner) + "?notice=" + PortalNotice.partnerCreated.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderPartners(visit, errors: errors, status: .unprocessableContent)
        }
    }

    /// `GET /platform/partners/:id`.
    func partnerDetail(_ visit: PortalVisit) throws -> Response {
        try renderPartner(visit, try reseller(visit), errors: FieldErrors())
    }

    /// `POST /platform/partners/:id/wholesale`: next month's wholesale price.
    func setWholesale(_ visit: PortalVisit) throws -> Response {
        let partner = try reseller(visit)
        var problems: [FieldProblem] = []
        let currency = CurrencyCode(visit.form["currency"] ?? "")
        if currency == nil, let problem = CurrencyCode.problem(visit.form["currency"] ?? "") { problems.append(problem) }
        let perCustomer = Decimal(exactText: visit.form["per_customer_month"] ?? "")
        if perCustomer == nil { problems.append(FieldProblem(field: "per_customer_month", message: "must be a number such as 12.50")) }
        let perThousand = Decimal(exactText: visit.form["per_thousand_transactions"] ?? "")
        if perThousand == nil { problems.append(FieldProblem(field: "per_thousand_transactions", message: "must be a number such as 0.40")) }
        do {
            guard let currency, let perCustomer, let perThousand else { throw TenancyError.invalid(problems) }
            try WholesalePrices.set(partner.id, WholesalePrice(perCustomerMonth: Money(perCustomer, currency), perThousandTransactions: perThousand),
                                    by: visit.caller, now: visit.now, on: visit.connection)
            return Response.redirect(to: Self.path(of: partner) + "?notice=" + PortalNotice.wholesaleSaved.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderPartner(visit, partner, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /platform/partners/:id/status`: suspend (its portal and API stop) or reactivate.
    func changePartnerStatus(_ visit: PortalVisit) throws -> Response {
        let partner = try reseller(visit)
        guard let status = visit.form["status"].flatMap(Partner.Status.init(rawValue:)) else {
            return try renderPartner(visit, partner, errors: FieldErrors([FieldProblem(field: "status", message: "must be active or suspended")]),
                                     status: .unprocessableContent)
        }
        _ = try Partners.update(partner.id, PartnerChanges(status: status), by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.path(of: partner))
    }

    /// `POST /platform/partners/:id/admins`: a partner admin, mailed a link to their own
    /// portal to set a password.
    func invitePartnerAdmin(_ visit: PortalVisit) throws -> Response {
        let partner = try reseller(visit)
        do {
            let user = try Users.create(NewUser(email: visit.form["email"] ?? "", name: visit.form["name"] ?? "", role: .partnerAdmin),
                                        in: partner.id, by: visit.caller, on: visit.connection)
            try PasswordResets.request(email: user.email, in: partner.id, baseURL: partnerOrigin(partner, visit),
                                       composer: try mailComposer(for: partner, on: visit),
                                       remoteAddress: PortalRoutes.clientAddress(visit.request), requestID: visit.request.requestID,
                                       now: visit.now, mailer: mailer, on: visit.connection)
            return Response.redirect(to: Self.path(of: partner) + "?notice=" + PortalNotice.userCreated.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderPartner(visit, partner, errors: errors, status: .unprocessableContent)
        }
    }

    private func renderPartners(_ visit: PortalVisit, errors: FieldErrors, status: HTTPStatus = .ok) throws -> Response {
        let partners = try Partners.list(after: nil, limit: Self.partnersShown, on: visit.connection).filter { $0.kind == .reseller }
        let typed = visit.request.method == .post
        return try visit.render(.partners, PartnersView(
            chrome: visit.chrome(.partners), csrfToken: visit.csrfToken,
            partners: try partners.map { partner in
                PartnerRowView(name: partner.name, path: Self.path(of: partner), host: partnerHost(partner, visit),
                               isSuspended: partner.status == .suspended,
                               wholesale: try WholesalePrices.current(partner.id, at: visit.now, on: visit.connection)
                                   .map { "\($0.price.perCustomerMonth) + \($0.price.perThousand) per 1,000" } ?? "Not set")
            },
            slugField: FormFieldView(name: "slug", label: "Slug", value: typed ? visit.form["slug"] : nil, errorMessage: errors["slug"],
                                     hint: "Lower-case letters, digits and hyphens: the portal is at <slug>.\(configuration.baseDomain)."),
            nameField: FormFieldView(name: "name", label: "Name", value: typed ? visit.form["name"] : nil, autocomplete: "organization",
                                     errorMessage: errors["name"]),
            domainField: FormFieldView(name: "custom_domain", label: "Custom domain", value: typed ? visit.form["custom_domain"] : nil,
                                       errorMessage: errors["custom_domain"], isRequired: false,
                                       hint: "Optional, e.g. portal.partner.example; the partner can set it later."),
            formError: errors.unplaced(shown: ["slug", "name", "custom_domain"])), status: status)
    }

    private func renderPartner(_ visit: PortalVisit, _ partner: Partner, errors: FieldErrors,
                               status: HTTPStatus = .ok) throws -> Response {
        let next = BillingMonth(containing: visit.now).next
        let now = try WholesalePrices.current(partner.id, at: visit.now, on: visit.connection)
        let scheduled = try WholesalePrices.current(partner.id, at: next.firstDay, on: visit.connection).flatMap { $0 == now ? nil : $0 }
        let shown = scheduled ?? now
        let typed = visit.request.method == .post && visit.request.path.hasSuffix("/wholesale")
        let invited = visit.request.method == .post && visit.request.path.hasSuffix("/admins")
        func describe(_ price: DatedWholesalePrice) -> String {
            "\(price.price.perCustomerMonth) per customer a month + \(price.price.perThousand) per 1,000 transactions"
        }
        return try visit.render(.partner, PartnerDetailView(
            chrome: visit.chrome(.partners), csrfToken: visit.csrfToken, partnerName: partner.name, partnerPath: Self.path(of: partner),
            host: partnerHost(partner, visit), isSuspended: partner.status == .suspended,
            statusAction: partner.status == .active ? "Suspend partner" : "Reactivate partner",
            statusValue: partner.status == .active ? Partner.Status.suspended.rawValue : Partner.Status.active.rawValue,
            wholesaleNow: now.map(describe) ?? "Not set", wholesaleScheduled: scheduled.map { "From \(Self.monthName($0.effectiveFrom)): \(describe($0))" },
            appliesFrom: Self.monthName(next),
            perCustomerField: FormFieldView(name: "per_customer_month", label: "Per customer a month",
                                            value: typed ? visit.form["per_customer_month"] : shown.map { TierTermsForm.text($0.price.perCustomerMonth.amount) },
                                            errorMessage: errors["per_customer_month"]),
            currencySelect: SelectFieldView(name: "currency", label: "Currency", choices: CurrencyCode.supported.map { ($0, $0) },
                                            selected: typed ? visit.form["currency"] : shown?.price.perCustomerMonth.currency.code ?? "EUR",
                                            errorMessage: errors["currency"]),
            perThousandField: FormFieldView(name: "per_thousand_transactions", label: "Per 1,000 transactions",
                                            value: typed ? visit.form["per_thousand_transactions"] : shown.map { TierTermsForm.text($0.price.perThousandTransactions) },
                                            errorMessage: errors["per_thousand_transactions"]),
            adminEmailField: FormFieldView(name: "email", label: "E-mail address", inputType: "email",
                                           value: invited ? visit.form["email"] : nil, errorMessage: invited ? errors["email"] : nil),
            adminNameField: FormFieldView(name: "name", label: "Name", value: invited ? visit.form["name"] : nil,
                                          errorMessage: invited ? errors["name"] : nil),
            formError: errors.unplaced(shown: ["per_customer_month", "currency", "per_thousand_transactions", "email", "name"])),
                                status: status)
    }

    /// The reseller partner the path names; the platform's own row is not managed here.
    private func reseller(_ visit: PortalVisit) throws -> Partner {
        guard let id = visit.request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw TenancyError.notFound("partner") }
        let partner = try Partners.get(id, on: visit.connection)
        guard partner.kind == .reseller else { throw TenancyError.notFound("partner") }
        return partner
    }

    /// The partner's portal host: its custom domain, or its slug under the base domain with the
    /// port this request came in on (a local deployment's `:8080`).
    private func partnerHost(_ partner: Partner, _ visit: PortalVisit) -> String {
        if let domain = partner.customDomain { return domain }
        let port = visit.site.host.split(separator: ":").dropFirst().first.map { ":\($0)" } ?? ""
        return "\(partner.slug).\(configuration.baseDomain)\(port)"
    }

    private func partnerOrigin(_ partner: Partner, _ visit: PortalVisit) -> String {
        "\(configuration.scheme)://\(partnerHost(partner, visit))"
    }

    /// Mail in the partner's own theme and brand, sent from the platform's pages on the
    /// partner's behalf: an invited admin must meet the partner's product, not the platform.
    private func mailComposer(for partner: Partner, on visit: PortalVisit) throws -> ThemeMailComposer {
        let branding = try PartnerBrandings.get(partner.id, on: visit.connection).hostBranding
        let match = PartnerHost.Match(id: partner.id, kind: partner.kind, slug: partner.slug, name: partner.name,
                                      status: partner.status, branding: branding)
        return ThemeMailComposer(templates: templates.branded(for: match))
    }

    static func path(of partner: Partner) -> String { "/platform/partners/\(partner.id.uuidString.lowercased())" }
}
