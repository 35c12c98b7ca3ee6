import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

@Suite struct CustomerContactsTests {
    @Test(arguments: [
        ("+31 20 123 4567", "+31201234567"), ("+1 (415) 555-0100", "+14155550100"), ("+44.20.7946.0958", "+442079460958"),
    ])
    func phoneNumbersAreStoredInE164(written: String, stored: String) {
        #expect(CustomerContact.normalizedPhone(written) == stored)
    }

    @Test(arguments: ["020 123 4567", "+0 20 123 4567", "+31", "+31 20 123 4567 ext 2", "+1234567890123456", "++31201234567"])
    func numbersWithoutACountryCodeOrTooLongAreRefused(written: String) {
        #expect(CustomerContact.normalizedPhone(written) == nil)
    }

    @Test func addingAContactNormalisesItAndWritesAnAuditRowInTheCustomersLog() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let contact = try db.asCaller(admin) { connection, caller in
                try CustomerContacts.add(NewCustomerContact(name: " Ada Ops ", email: " ADA@Shop.Example", phone: "+31 6 1234 5678",
                                                            role: .technical, escalationOrder: 1),
                                         to: customer.id, by: caller, on: connection)
            }
            #expect((contact.name, contact.email, contact.phone) == ("Ada Ops", "ada@shop.example", "+31612345678"))
            let (action, customerID, email) = try db.owner.query("""
                SELECT action, customer_id, after->>'email' FROM audit_log WHERE target_id = \(contact.id.uuidString.lowercased())
                """).single().decode((String, UUID, String).self)
            #expect(action == "customer_contact.create" && customerID == customer.id && email == "ada@shop.example")
        }
    }

    @Test func invalidInputNamesEveryBadFieldAndWritesNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            #expect(throws: TenancyError.invalid([
                FieldProblem(field: "name", message: "must not be empty"),
                FieldProblem(field: "email", message: "is not a valid e-mail address"),
                FieldProblem(field: "phone", message: "must be an international number such as +31 20 123 4567 (E.164)"),
                FieldProblem(field: "escalation_order", message: "must be from 1 to 100, or null for a contact never escalated to"),
            ])) {
                try db.asCaller(admin) { connection, caller in
                    try CustomerContacts.add(NewCustomerContact(name: " ", email: "nobody", phone: "12345", role: .billing,
                                                                escalationOrder: 101), to: customer.id, by: caller, on: connection)
                }
            }
            #expect(try db.owner.query("SELECT count(*) FROM customer_contacts").single().decode(Int.self, at: 0) == 0)
        }
    }

    @Test func operatorsReadContactsButOnlyCustomersWriteMayChangeThem() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let contact = try db.asCaller(admin) {
                try CustomerContacts.add(NewCustomerContact(name: "Bo", email: "bo@shop.example", role: .billing),
                                         to: customer.id, by: $1, on: $0)
            }
            let listed = try db.asCaller(operatorUser) { connection, _ in
                try CustomerContacts.list(customer: customer.id, for: operatorUser, on: connection)
            }
            #expect(listed == [contact])
            #expect(throws: TenancyError.forbidden(.customersWrite)) {
                try db.asCaller(operatorUser) { try CustomerContacts.remove(contact.id, customer: customer.id, by: $1, on: $0) }
            }
        }
    }

    @Test func removingACustomersContactThroughAnotherCustomerIsNotFound() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let (one, two) = try db.asCaller(admin) {
                (try Customers.create(NewCustomer(name: "One"), by: $1, on: $0), try Customers.create(NewCustomer(name: "Two"), by: $1, on: $0))
            }
            let contact = try db.asCaller(admin) {
                try CustomerContacts.add(NewCustomerContact(name: "Bo", email: "bo@shop.example", role: .billing),
                                         to: one.id, by: $1, on: $0)
            }
            #expect(throws: TenancyError.notFound("contact")) {
                try db.asCaller(admin) { try CustomerContacts.remove(contact.id, customer: two.id, by: $1, on: $0) }
            }
            #expect(try db.owner.query("SELECT count(*) FROM customer_contacts").single().decode(Int.self, at: 0) == 1)
        }
    }
}
