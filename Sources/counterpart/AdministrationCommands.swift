import App
import ArgumentParser
import Foundation
import Tenancy

/// `counterpart partner add`, `user add`, `token add`, `keys rotate`: the operator's commands.
/// They connect as the application role like the server (row-level security applies) and act
/// through the platform's explicit, audited path.
extension Counterpart {
    struct PartnerCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "partner", abstract: "Manage partners.", subcommands: [AddPartner.self])
    }

    struct AddPartner: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a partner.")

        @Option(help: "The partner's slug: its portal is <slug>.<COUNTERPART_BASE_DOMAIN>.") var slug: String
        @Option(help: "The partner's display name.") var name: String
        @Option(help: "The partner's own host name for the portal.") var domain: String?

        func run() throws {
            let partner = try administer { try $0.administration.addPartner(slug: slug, name: name, customDomain: domain) }
            print("partner \(partner.slug) created: \(partner.id.uuidString.lowercased())")
        }
    }

    struct UserCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user", abstract: "Manage users.", subcommands: [AddUser.self])
    }

    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user, e.g. the first platform admin (--partner platform --role platform_admin).")

        @Option(help: "The partner's slug; 'platform' for platform admins.") var partner: String
        @Option(help: "The user's e-mail address (their log-in).") var email: String
        @Option(help: "The user's name.") var name: String
        @Option(help: "platform_admin, partner_admin, partner_operator or customer_viewer.") var role: String
        @Option(help: "The customer of a customer_viewer.") var customer: String?
        @Flag(help: "Read the password from standard input (one line); otherwise the user sets it through the portal's reset link.")
        var passwordStdin = false

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var customerID: UUID?
            if let customer {
                guard let id = UUID(uuidString: customer) else { throw ValidationError("--customer must be a UUID") }
                customerID = id
            }
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            if passwordStdin, password?.isEmpty ?? true { throw ValidationError("no password on standard input") }
            let user = try administer {
                try $0.administration.addUser(partnerSlug: partner, email: email, name: name, role: role, customerID: customerID,
                               password: password)
            }
            print("user \(user.email) (\(user.role.rawValue)) added: \(user.id.uuidString.lowercased())")
            if !user.hasPassword {
                print("no password yet: they choose one with 'Forgot your password?' on their portal's log-in page")
            }
        }
    }

    struct TokenCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Manage API tokens.", subcommands: [AddToken.self])
    }

    struct AddToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Issue an API token for a user; prints the token (shown once) on standard output.")

        @Option(help: "The user's partner's slug.") var partner: String
        @Option(help: "The user's e-mail address.") var email: String
        @Option(help: "A name for the token (what it is for).") var name: String
        @Option(help: "read, write or admin (at most what the user's role allows).") var scope: String = "read"
        @Option(help: "Days until it expires (at most 366).") var expiresInDays: Int = 90

        func run() throws {
            guard let scope = TokenScope(rawValue: scope) else { throw ValidationError("--scope must be read, write or admin") }
            let expiry = Date().addingTimeInterval(TimeInterval(expiresInDays) * 86_400)
            let issued = try administer {
                try $0.administration.addToken(partnerSlug: partner, email: email, name: name, scope: scope, expiresAt: expiry)
            }
            print(issued.plaintext)
        }
    }

    struct KeyCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys", abstract: "Manage encryption keys.", subcommands: [RotateKeys.self])
    }

    struct RotateKeys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Re-encrypt every secret under COUNTERPART_MASTER_KEY; earlier keys stay readable from COUNTERPART_PREVIOUS_MASTER_KEYS meanwhile.")

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let report = try administer { application in
                do {
                    return try application.administration.rotateKeys(environment: environment, logger: application.logger)
                } catch let error as KeyringConfigurationError {
                    throw ConfigurationError(variable: error.variable, value: nil, expected: error.expected, isSet: true)
                }
            }
            print("keys: current \(report.currentKeyID); re-encrypted \(report.reEncrypted) secret(s) in \(report.batches) batch(es)")
            for key in report.retiredKeyIDs { print("keys: retired \(key)") }
        }
    }
}

/// Runs `body` with the application (its administration and logger), turning refusals into
/// one-line messages.
func administer<Result>(_ body: (Application) throws -> Result) throws -> Result {
    let configuration = try loadConfiguration()
    let application = try Application(configuration: configuration)
    defer { application.database.close() }
    do {
        return try body(application)
    } catch let error as TenancyError {
        FileHandle.standardError.write(Data("counterpart: \(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("counterpart: configuration error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
