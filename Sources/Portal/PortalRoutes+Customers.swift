import Billing
import Foundation
import HTTP
import Tenancy

// The customer pages: the list with search and paging, creating one, and one customer's page
// with its environments, tier, price and margin, and the forms that change it.
extension PortalRoutes {
    /// Customers per page of the list.
    static let customersPerPage = 25

    func registerCustomerPages(on router: Router) {
        router.get("/customers", page(signedIn(.customersRead, Self.customerList)))
        router.get("/customers/new", page(signedIn(.customersWrite, Self.newCustomerForm)))
        router.post("/customers", page(signedIn(.customersWrite, Self.createCustomer)))
        router.get("/customers/:id", page(signedIn(.customersRead, Self.customerDetail)))
        router.post("/customers/:id", page(signedIn(.customersWrite, Self.updateCustomer)))
        router.post("/customers/:id/tier", page(signedIn(.customersWrite, Self.changeCustomerTier)))
        router.post("/customers/:id/status", page(signedIn(.customersWrite, Self.changeCustomerStatus)))
        router.post("/customers/:id/contacts", page(signedIn(.customersWrite, Self.addContact)))
        router.post("/customers/:id/contacts/:contact/remove", page(signedIn(.customersWrite, Self.removeContact)))
    }

    /// `GET /customers?q=…&after=…`: one page in creation order, optionally those whose name
    /// contains `q`. A customer viewer has one customer: they go straight to its page.
    func customerList(_ visit: PortalVisit) throws -> Response {
        if let own = visit.principal.customerID { return Response.redirect(to: "/customers/\(own.uuidString.lowercased())") }
        let query = visit.request.queryParameters
        let search = query["q"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        let after = query["after"].flatMap(UUID.init(uuidString:))
        // One more than a page tells whether another page follows without counting them all.
        let found = try Customers.list(for: visit.principal, search: search, after: after, limit: Self.customersPerPage + 1,
                                       on: visit.connection)
        let shown = found.prefix(Self.customersPerPage)
        let tierNames = try tierNames(visit)
        let searchQuery = search.map { "q=" + Self.percentEncoded($0) + "&" } ?? ""
        return try visit.render(.customers, CustomerListView(
            chrome: visit.chrome(.customers), search: search,
            rows: shown.map { customer in
                CustomerRowView(name: customer.name, path: Self.path(of: customer), tierName: tierNames[customer.tierCode] ?? customer.tierCode,
                                isSuspended: customer.status == .suspended, externalReference: customer.externalReference,
                                createdOn: PortalFormat.day(customer.createdAt))
            },
            canCreate: visit.principal.may(.customersWrite),
            nextPage: found.count > Self.customersPerPage ? "/customers?\(searchQuery)after=\(shown.last!.id.uuidString.lowercased())" : nil,
            firstPage: after == nil ? nil : "/customers" + (search.map { "?q=" + Self.percentEncoded($0) } ?? "")))
    }

    /// `GET /customers/new`.
    func newCustomerForm(_ visit: PortalVisit) throws -> Response {
        try renderNewCustomer(visit, errors: FieldErrors())
    }

    /// `POST /customers`: creates the customer (with its two environments) and shows its page;
    /// refused input shows the form again, as typed, with each message by its field.
    func createCustomer(_ visit: PortalVisit) throws -> Response {
        let new = NewCustomer(name: visit.form["name"] ?? "", tierCode: visit.form["tier_code"] ?? "",
                              externalReference: visit.field("external_reference"))
        do {
            let customer = try Customers.create(new, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: customer) + "?notice=" + PortalNotice.customerCreated.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderNewCustomer(visit, errors: errors, status: .unprocessableContent)
        }
    }

    private func renderNewCustomer(_ visit: PortalVisit, errors: FieldErrors, status: HTTPStatus = .ok) throws -> Response {
        let tiers = try Tiers.list(for: visit.principal, at: visit.now, on: visit.connection)
        return try visit.render(.customerNew, NewCustomerView(
            chrome: visit.chrome(.customers), csrfToken: visit.csrfToken,
            nameField: FormFieldView(name: "name", label: "Name", value: visit.form["name"], autocomplete: "organization",
                                     errorMessage: errors["name"]),
            tierSelect: SelectFieldView(name: "tier_code", label: "Tier", choices: tiers.map { ($0.code, Self.tierLabel($0)) },
                                        selected: visit.form["tier_code"] ?? tiers.first?.code, errorMessage: errors["tier_code"]),
            referenceField: FormFieldView(name: "external_reference", label: "Your reference", value: visit.form["external_reference"],
                                          errorMessage: errors["external_reference"], isRequired: false,
                                          hint: "Optional: the customer's number in your own systems."),
            formError: errors.unplaced(shown: ["name", "tier_code", "external_reference"])), status: status)
    }

    /// `GET /customers/:id`.
    func customerDetail(_ visit: PortalVisit) throws -> Response {
        try renderCustomer(visit, try customer(visit), errors: FieldErrors())
    }

    /// `POST /customers/:id`: name and reference.
    func updateCustomer(_ visit: PortalVisit) throws -> Response {
        let changes = CustomerChanges(name: visit.form["name"] ?? "", externalReference: .some(visit.field("external_reference")))
        return try change(visit, changes, notice: .customerUpdated)
    }

    /// `POST /customers/:id/tier`: the customer's tier, from now on.
    func changeCustomerTier(_ visit: PortalVisit) throws -> Response {
        try change(visit, CustomerChanges(tierCode: visit.form["tier_code"] ?? ""), notice: .customerUpdated)
    }

    /// `POST /customers/:id/status`: suspend (its flows stop) or reactivate.
    func changeCustomerStatus(_ visit: PortalVisit) throws -> Response {
        guard let status = visit.form["status"].flatMap(Customer.Status.init(rawValue:)) else {
            return try renderCustomer(visit, try customer(visit), errors: FieldErrors([FieldProblem(field: "status", message: "must be active or suspended")]),
                                      status: .unprocessableContent)
        }
        return try change(visit, CustomerChanges(status: status),
                          notice: status == .suspended ? .customerSuspended : .customerReactivated)
    }

    /// `POST /customers/:id/contacts`.
    func addContact(_ visit: PortalVisit) throws -> Response {
        let customer = try customer(visit)
        var problems: [FieldProblem] = []
        let role = CustomerContact.Role(rawValue: visit.form["role"] ?? "")
        if role == nil { problems.append(FieldProblem(field: "role", message: "must be one of the roles offered")) }
        let order = visit.field("escalation_order").map { Int($0) }
        if case .some(.none) = order { problems.append(FieldProblem(field: "escalation_order", message: "must be a whole number from 1 to 100")) }
        do {
            guard let role, problems.isEmpty else { throw TenancyError.invalid(problems) }
            _ = try CustomerContacts.add(NewCustomerContact(name: visit.form["name"] ?? "", email: visit.form["email"] ?? "",
                                                            phone: visit.field("phone"), role: role, escalationOrder: order ?? nil),
                                         to: customer.id, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: customer) + "?notice=" + PortalNotice.contactAdded.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderCustomer(visit, customer, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /customers/:id/contacts/:contact/remove`.
    func removeContact(_ visit: PortalVisit) throws -> Response {
        let customer = try customer(visit)
        guard let contactID = visit.request.parameters["contact"].flatMap(UUID.init(uuidString:)) else {
            throw TenancyError.notFound("contact")
        }
        try CustomerContacts.remove(contactID, customer: customer.id, by: visit.caller, on: visit.connection)
        return Response.redirect(to: Self.path(of: customer) + "?notice=" + PortalNotice.contactRemoved.rawValue)
    }

    private func change(_ visit: PortalVisit, _ changes: CustomerChanges, notice: PortalNotice) throws -> Response {
        let current = try customer(visit)
        do {
            let saved = try Customers.update(current.id, changes, by: visit.caller, on: visit.connection)
            return Response.redirect(to: Self.path(of: saved) + "?notice=" + notice.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderCustomer(visit, current, errors: errors, status: .unprocessableContent)
        }
    }

    private func renderCustomer(_ visit: PortalVisit, _ customer: Customer, errors: FieldErrors,
                                status: HTTPStatus = .ok) throws -> Response {
        let tiers = try Tiers.list(for: visit.principal, at: visit.now, on: visit.connection)
        let tier = tiers.first { $0.code == customer.tierCode }
        let environments = try Environments.list(customer: customer.id, for: visit.principal, on: visit.connection)
        // A refused form shows what was typed; otherwise the stored values.
        let typed = visit.request.method == .post && !visit.request.path.hasSuffix("/contacts")
        let contactTyped = visit.request.method == .post && visit.request.path.hasSuffix("/contacts")
        let mayWrite = visit.principal.may(.customersWrite)
        let contacts = try CustomerContacts.list(customer: customer.id, for: visit.principal, on: visit.connection)
        let contactForm = mayWrite ? ContactFormView(
            nameField: FormFieldView(name: "name", label: "Name", value: contactTyped ? visit.form["name"] : nil,
                                     autocomplete: "name", errorMessage: contactTyped ? errors["name"] : nil),
            emailField: FormFieldView(name: "email", label: "E-mail address", inputType: "email",
                                      value: contactTyped ? visit.form["email"] : nil, autocomplete: "email",
                                      errorMessage: contactTyped ? errors["email"] : nil),
            phoneField: FormFieldView(name: "phone", label: "Phone", inputType: "tel", value: contactTyped ? visit.form["phone"] : nil,
                                      autocomplete: "tel", errorMessage: contactTyped ? errors["phone"] : nil, isRequired: false,
                                      hint: "Optional, international form: +31 20 123 4567."),
            roleSelect: SelectFieldView(name: "role", label: "Role",
                                        choices: CustomerContact.Role.allCases.map { ($0.rawValue, Self.contactRoleName($0)) },
                                        selected: contactTyped ? visit.form["role"] : CustomerContact.Role.technical.rawValue,
                                        errorMessage: contactTyped ? errors["role"] : nil),
            escalationField: FormFieldView(name: "escalation_order", label: "Escalation order",
                                           value: contactTyped ? visit.form["escalation_order"] : nil,
                                           errorMessage: contactTyped ? errors["escalation_order"] : nil, isRequired: false,
                                           hint: "1 is alerted first; leave empty for someone never alerted."),
            formError: contactTyped ? errors.unplaced(shown: ["name", "email", "phone", "role", "escalation_order"]) : nil) : nil
        let editing = mayWrite ? CustomerEditingView(
            nameField: FormFieldView(name: "name", label: "Name", value: typed ? visit.form["name"] ?? customer.name : customer.name,
                                     autocomplete: "organization", errorMessage: typed ? errors["name"] : nil),
            referenceField: FormFieldView(name: "external_reference", label: "Your reference",
                                          value: typed ? visit.form["external_reference"] ?? customer.externalReference : customer.externalReference,
                                          errorMessage: typed ? errors["external_reference"] : nil, isRequired: false),
            tierSelect: SelectFieldView(name: "tier_code", label: "Tier", choices: tiers.map { ($0.code, Self.tierLabel($0)) },
                                        selected: typed ? visit.form["tier_code"] ?? customer.tierCode : customer.tierCode,
                                        errorMessage: errors["tier_code"], hint: "The new tier's price and limits apply at once."),
            statusAction: customer.status == .active ? "Suspend" : "Reactivate",
            statusValue: customer.status == .active ? Customer.Status.suspended.rawValue : Customer.Status.active.rawValue,
            formError: typed ? errors.unplaced(shown: ["name", "external_reference", "tier_code"]) : nil) : nil
        return try visit.render(.customer, CustomerDetailView(
            chrome: visit.chrome(visit.principal.customerID == nil ? .customers : .dashboard), csrfToken: visit.csrfToken,
            customerName: customer.name, customerPath: Self.path(of: customer), isSuspended: customer.status == .suspended,
            tierName: tier?.name ?? customer.tierCode, externalReference: customer.externalReference,
            createdOn: PortalFormat.day(customer.createdAt),
            environments: environments.map {
                EnvironmentRowView(kindName: $0.kind == .production ? "Production" : "Sandbox", id: $0.id.uuidString.lowercased(),
                                   createdOn: PortalFormat.day($0.createdAt))
            },
            pricing: try pricing(visit, tier: tier), editing: editing,
            contacts: contacts.map { contact in
                ContactRowView(name: contact.name, email: contact.email, phone: contact.phone, roleName: Self.contactRoleName(contact.role),
                               escalation: contact.escalationOrder.map(Self.ordinal),
                               removePath: mayWrite ? "\(Self.path(of: customer))/contacts/\(contact.id.uuidString.lowercased())/remove" : nil)
            },
            contactForm: contactForm, connections: try connectionsSection(visit, customer: customer),
            mappingsPath: visit.principal.may(.mappingsRead) ? Self.path(of: customer) + "/mappings" : nil,
            flowsPath: visit.principal.may(.connectionsRead) ? Self.path(of: customer) + "/flows" : nil,
            messagesPath: visit.principal.may(.messagesRead) ? Self.path(of: customer) + "/messages" : nil), status: status)
    }

    /// This month's price, the platform's cost and the margin for one customer on `tier`, and
    /// next month's when the tier's terms or the wholesale price change then.
    private func pricing(_ visit: PortalVisit, tier: Tier?) throws -> CustomerPricingView? {
        guard visit.principal.may(.pricingRead), let tier else { return nil }
        let partnerID = visit.principal.partnerID
        let nextMonth = BillingMonth(containing: visit.now).next
        let wholesaleNow = try WholesalePrices.current(partnerID, at: visit.now, on: visit.connection)?.price
        let wholesaleNext = try WholesalePrices.current(partnerID, at: nextMonth.firstDay, on: visit.connection)?.price
        let termsNow = tier.current?.terms
        let termsNext = tier.scheduled?.terms ?? termsNow
        let now = termsNow.flatMap { terms in wholesaleNow.flatMap { try? Margin.of(terms, wholesale: $0) } }
        let changesNextMonth = termsNext != termsNow || wholesaleNext != wholesaleNow
        let next = changesNextMonth ? termsNext.flatMap { terms in wholesaleNext.flatMap { try? Margin.of(terms, wholesale: $0) } } : nil
        guard now != nil || next != nil else { return nil }
        return CustomerPricingView(
            price: now?.revenue.description, cost: now?.cost.description, margin: now?.margin.description,
            isLoss: now?.margin.isNegative ?? false,
            scheduled: next.map { ScheduledPricingView(from: Self.monthName(nextMonth), price: $0.revenue.description,
                                                       margin: $0.margin.description) })
    }

    /// The customer the path names, in the visitor's scope (a viewer's other customers are
    /// simply not found).
    private func customer(_ visit: PortalVisit) throws -> Customer {
        guard let id = visit.request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw TenancyError.notFound("customer") }
        return try Customers.get(id, for: visit.principal, on: visit.connection)
    }

    /// Tier names by code, for lists.
    func tierNames(_ visit: PortalVisit) throws -> [String: String] {
        Dictionary(try Tiers.names(for: visit.principal, on: visit.connection).map { ($0.code, $0.name) }) { first, _ in first }
    }

    static func contactRoleName(_ role: CustomerContact.Role) -> String {
        switch role {
        case .technical: "Technical"
        case .billing: "Billing"
        case .escalation: "Escalation"
        case .management: "Management"
        }
    }

    /// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
    static func ordinal(_ number: Int) -> String {
        let suffix = switch (number % 10, number % 100) {
        case (_, 11...13): "th"
        case (1, _): "st"
        case (2, _): "nd"
        case (3, _): "rd"
        default: "th"
        }
        return "\(number)\(suffix)"
    }

    /// `Gold — 149.00 EUR a month`.
    static func tierLabel(_ tier: Tier) -> String {
        guard let terms = tier.current?.terms else { return tier.name }
        return "\(tier.name) — \(terms.monthlyPrice) a month"
    }

    static func path(of customer: Customer) -> String { "/customers/\(customer.id.uuidString.lowercased())" }
}
