import Foundation
import HTTP
import Tenancy

// The users page: who has access, inviting someone (they set their own password from a mailed
// link, as after "forgot password"), changing a role, disabling and enabling.
extension PortalRoutes {
    /// Users listed on the page; a partner with more manages them through the API.
    static let usersShown = 500

    func registerUserPages(on router: Router) {
        router.get("/users", page(signedIn(.usersRead, Self.userList)))
        router.post("/users", page(signedIn(.usersWrite, Self.inviteUser)))
        router.post("/users/:id", page(signedIn(.usersWrite, Self.changeUser)))
    }

    /// `GET /users`.
    func userList(_ visit: PortalVisit) throws -> Response {
        try renderUsers(visit, errors: FieldErrors())
    }

    /// `POST /users`: creates the user without a password and mails them a link to set one.
    func inviteUser(_ visit: PortalVisit) throws -> Response {
        let role = visit.form["role"].flatMap(Role.init(rawValue:))
        guard let role else {
            return try renderUsers(visit, errors: FieldErrors([FieldProblem(field: "role", message: "must be one of the roles offered")]),
                                   status: .unprocessableContent)
        }
        let customerID = role.isCustomerScoped ? visit.form["customer_id"].flatMap(UUID.init(uuidString:)) : nil
        do {
            let user = try Users.create(NewUser(email: visit.form["email"] ?? "", name: visit.form["name"] ?? "", role: role,
                                                customerID: customerID),
                                        in: visit.principal.partnerID, by: visit.caller, on: visit.connection)
            try PasswordResets.request(email: user.email, in: visit.principal.partnerID, baseURL: visit.site.origin, composer: ThemeMailComposer(templates: visit.site.templates),
                                       remoteAddress: PortalRoutes.clientAddress(visit.request), requestID: visit.request.requestID,
                                       now: visit.now, mailer: mailer, on: visit.connection)
            return Response.redirect(to: "/users?notice=" + PortalNotice.userCreated.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderUsers(visit, errors: errors, status: .unprocessableContent)
        }
    }

    /// `POST /users/:id`: a new role (`role`) or status (`status`).
    func changeUser(_ visit: PortalVisit) throws -> Response {
        guard let id = visit.request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw TenancyError.notFound("user") }
        guard id != visit.principal.userID else { throw TenancyError.forbidden(.usersWrite) }
        let changes = UserChanges(role: visit.form["role"].flatMap(Role.init(rawValue:)),
                                  status: visit.form["status"].flatMap(User.Status.init(rawValue:)))
        guard changes.role != nil || changes.status != nil else {
            return try renderUsers(visit, errors: FieldErrors([FieldProblem(field: "form", message: "nothing to change was sent")]),
                                   status: .unprocessableContent)
        }
        do {
            _ = try Users.update(id, changes, by: visit.caller, on: visit.connection)
            return Response.redirect(to: "/users?notice=" + PortalNotice.userUpdated.rawValue)
        } catch {
            guard let errors = FieldErrors(refusal: error) else { throw error }
            return try renderUsers(visit, errors: errors, status: .unprocessableContent)
        }
    }

    private func renderUsers(_ visit: PortalVisit, errors: FieldErrors, status: HTTPStatus = .ok) throws -> Response {
        let principal = visit.principal
        let users = try Users.list(in: principal.partnerID, after: nil, limit: Self.usersShown, on: visit.connection)
        let customers = try Customers.list(for: principal, after: nil, limit: 1000, on: visit.connection)
        let customerNames = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0.name) })
        let assignable = principal.role.assignableRoles
        let mayWrite = principal.may(.usersWrite)
        let roleChoices = assignable.map { ($0.rawValue, Self.roleName($0)) }
        let isInvitation = visit.request.method == .post && visit.request.path == "/users"
        return try visit.render(.users, UsersView(
            chrome: visit.chrome(.users), csrfToken: visit.csrfToken,
            users: users.map { user in
                let changeable = mayWrite && user.id != principal.userID && assignable.contains(user.role)
                return UserRowView(
                    name: user.name, email: user.email, roleName: Self.roleName(user.role),
                    customerName: user.customerID.flatMap { customerNames[$0] }, isDisabled: user.status == .disabled,
                    lastSignIn: user.lastLoginAt.map(PortalFormat.minute) ?? (user.hasPassword ? "Never" : "Invited"),
                    changePath: changeable ? "/users/\(user.id.uuidString.lowercased())" : nil,
                    roleSelect: changeable ? SelectFieldView(name: "role", label: "Role of \(user.name)", choices: roleChoices,
                                                             selected: user.role.rawValue) : nil,
                    statusAction: user.status == .active ? "Disable" : "Enable",
                    statusValue: user.status == .active ? User.Status.disabled.rawValue : User.Status.active.rawValue)
            },
            invitation: mayWrite ? InvitationFormView(
                emailField: FormFieldView(name: "email", label: "E-mail address", inputType: "email",
                                          value: isInvitation ? visit.form["email"] : nil, errorMessage: errors["email"]),
                nameField: FormFieldView(name: "name", label: "Name", value: isInvitation ? visit.form["name"] : nil,
                                         errorMessage: errors["name"]),
                roleSelect: SelectFieldView(name: "role", label: "Role", choices: roleChoices,
                                            selected: isInvitation ? visit.form["role"] : Role.partnerOperator.rawValue,
                                            errorMessage: errors["role"]),
                customerSelect: SelectFieldView(name: "customer_id", label: "Customer (for customer viewers)",
                                                choices: [("", "—")] + customers.map { ($0.id.uuidString.lowercased(), $0.name) },
                                                selected: isInvitation ? visit.form["customer_id"] : "",
                                                errorMessage: errors["customer_id"],
                                                hint: "A customer viewer sees this one customer's pages and nothing else."),
                formError: errors.unplaced(shown: ["email", "name", "role", "customer_id"])) : nil), status: status)
    }
}
