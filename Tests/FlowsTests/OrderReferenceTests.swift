import Flows
import Foundation
import Testing

/// Our order references read back: what order-to-erp writes is recognised as the shop's and
/// the order's, and nothing else passes for one.
struct OrderReferenceTests {
    @Test func readsBackTheShopAndOrderOfAReferenceOrderToERPMade() throws {
        let shop = UUID()
        let reference = try #require(OrderReference(OrderToERPStep.reference(shop: shop, order: "1042")))
        #expect(reference.orderNumber == "1042")
        #expect(reference.belongs(to: shop))
        #expect(!reference.belongs(to: UUID()))
    }

    @Test func anOrderNumberWithDashesStaysWhole() throws {
        let shop = UUID()
        #expect(OrderReference(OrderToERPStep.reference(shop: shop, order: "2024-17"))?.orderNumber == "2024-17")
    }

    @Test func refusesWhatIsNotOneOfOurReferences() {
        for text in ["PHONE-12", "S0042", "WC-12", "WC-0123456789ab-", "WC-0123456789AB-7", "WC-0123456789a-7", "wc-0123456789ab-7",
                     "WC-0123456789xy-7", ""] {
            #expect(OrderReference(text) == nil, "\(text)")
        }
    }
}
