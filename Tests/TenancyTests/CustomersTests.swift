import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct CustomersTests {
    @Test func creatingACustomerCreatesItsSandboxAndProductionEnvironmentsAndAnAuditRow() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { connection, caller in
                try Customers.create(NewCustomer(name: "  Fjord Outdoor ", tierCode: "silver"), by: caller, on: connection)
            }
            #expect(customer.name == "Fjord Outdoor")
            let environments = try db.asCaller(admin) { connection, _ in
                try Environments.list(customer: customer.id, for: admin, on: connection)
            }
            #expect(environments.map(\.kind) == [.sandbox, .production])
            let audit = try db.owner.query("""
                SELECT action, actor_email, request_id, remote_address, after->>'name' FROM audit_log
                WHERE target_id = \(customer.id.uuidString.lowercased())
                """).single().decode((String, String, String, String, String).self)
            #expect(audit == ("customer.create", admin.email, "req-test", "192.0.2.1", "Fjord Outdoor"))
        }
    }

    @Test func aDuplicateNameIsAConflictNamingTheFieldAndWritesNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            _ = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            #expect(throws: TenancyError.conflict(FieldProblem(field: "name", message: "is already used by another customer"))) {
                try db.asCaller(admin) { try Customers.create(NewCustomer(name: "SHOP"), by: $1, on: $0) }
            }
            let count = try db.owner.query("SELECT count(*) FROM customers").single().decode(Int.self, at: 0)
            #expect(count == 1)
        }
    }

    @Test func invalidInputNamesEveryBadField() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            #expect(throws: TenancyError.invalid([
                FieldProblem(field: "name", message: "must not be empty"),
                FieldProblem(field: "tier_code", message: "must be 1–32 lower-case letters, digits, '-' or '_'"),
            ])) {
                try db.asCaller(admin) { try Customers.create(NewCustomer(name: "  ", tierCode: "Gold!"), by: $1, on: $0) }
            }
        }
    }

    @Test func suspendingIsAuditedWithBeforeAndAfter() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let suspended = try db.asCaller(admin) {
                try Customers.update(customer.id, CustomerChanges(status: .suspended), by: $1, on: $0)
            }
            #expect(suspended.status == .suspended)
            let row = try db.owner.query("""
                SELECT before->>'status', after->>'status' FROM audit_log WHERE action = 'customer.suspend'
                """).single().decode((String, String).self)
            #expect(row == ("active", "suspended"))
        }
    }

    @Test func anotherPartnersCustomerIsNotFound() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner(slug: "acme")
            let beta = try db.makePartner(slug: "beta")
            let acmeAdmin = try db.makeUser(.partnerAdmin, partner: acme.id)
            let betaAdmin = try db.makeUser(.partnerAdmin, partner: beta.id)
            let customer = try db.asCaller(acmeAdmin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            #expect(throws: TenancyError.notFound("customer")) {
                try db.asCaller(betaAdmin) { try Customers.update(customer.id, CustomerChanges(name: "Mine"), by: $1, on: $0) }
            }
            let name = try db.owner.query("SELECT name FROM customers").single().decode(String.self, at: 0)
            #expect(name == "Shop")
        }
    }
}
