import Foundation
import HTTP
import HTTPClient
import Portal
import Tenancy
import Testing
import TestSupport

/// Issue 7 §5 in the portal: the partner admin's billing page — the running month's preview, a
/// closed month's invoices and margins, escaped, with CSV downloads — and no billing for operators.
@Suite struct BillingPagesTests {
    @Test func anAdminSeesTheRunningMonthsPreviewAndAClosedMonthsInvoicesEscaped() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner, tier: "bronze")
            // The harness's clock is in January 2027; the customer exists since before it.
            let preview = try admin.get("/billing")
            #expect(preview.status == 200)
            #expect(preview.text.contains(#"href="/billing""#), "the navigation links the page")
            #expect(preview.text.contains("January 2027") && preview.text.contains(#"data-testid="billing-preview""#))
            #expect(preview.text.contains("Corner Shop") && preview.text.contains("49.00 EUR"))

            _ = try portal.db.owner.execute("""
                INSERT INTO invoices (partner_id, customer_id, month, customer_name, tier_code, currency, days_billed,
                                      days_in_month, base, usage, included, overage_per_thousand, overage, total)
                VALUES (\(partner.id), \(customer.id), date '2026-12-01', \(PortalHarness.hostileName), 'silver', 'EUR', 31, 31,
                        149, 12345, 10000, 4, 9.38, 158.38)
                """)
            let december = try admin.get("/billing/2026-12")
            #expect(december.status == 200)
            #expect(december.text.contains("December 2026") && december.text.contains("158.38 EUR"))
            #expect(december.text.contains(PortalHarness.escapedHostileName) && !december.text.contains(PortalHarness.hostileName))
            #expect(december.text.contains(#"href="/billing/2026-12/invoices.csv""#))

            let file = try admin.get("/billing/2026-12/invoices.csv")
            #expect(file.status == 200)
            #expect(file.text.hasPrefix("month,customer_id,customer,tier,days_billed,days_in_month,base,usage,included,overage,total,currency\r\n"))
            #expect(file.text.contains(",silver,31,31,149.00,12345,10000,9.38,158.38,EUR\r\n"), "\(file.text)")
            #expect(try admin.get("/billing/2026-12/margins.csv").text.contains("2026-12,total,,,,12345,158.38,,,EUR\r\n"))
            #expect(try admin.get("/billing/2026-13").status == 404)
        }
    }

    @Test func operatorsHaveNoBillingPage() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, _, _) = try portal.signedIn(.partnerOperator)
            #expect(try operatorBrowser.get("/billing").status == 403)
            #expect(try operatorBrowser.get("/billing/2026-12/invoices.csv").status == 403)
            #expect(!(try operatorBrowser.get("/").text.contains(#"href="/billing""#)))
        }
    }
}
