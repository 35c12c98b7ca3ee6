import Commerce
import Flows
import Testing

/// The ownership rule as a pure value: who may change which record.
@Suite struct SystemOfRecordTests {
    @Test func theStandardOwnershipGivesTheCatalogueToTheERPAndSalesToTheirTills() {
        let standard = SystemOfRecord.standard
        for domain in HubDomain.allCases { #expect(!standard.owners(of: domain).isEmpty, "\(domain) has no owner") }
        #expect(standard.owners(of: .items) == [.trytonERP])
        #expect(standard.owners(of: .orders) == [.wooCommerce, .trytonPOS])
        #expect(standard.refusal(of: .trytonERP, changing: "MUG-1", in: .items, publishedBy: nil) == nil)
        #expect(standard.refusal(of: .wooCommerce, changing: "MUG-1", in: .items, publishedBy: .trytonERP)
                == HubRefusal(domain: .items, owners: [.trytonERP], system: .wooCommerce, key: "MUG-1"))
    }

    @Test func inASharedDomainEachOwnerKeepsItsOwnRecords() {
        let standard = SystemOfRecord.standard
        #expect(standard.refusal(of: .trytonPOS, changing: "POS-1", in: .orders, publishedBy: nil) == nil)
        #expect(standard.refusal(of: .trytonPOS, changing: "POS-1", in: .orders, publishedBy: .trytonPOS) == nil)
        #expect(standard.refusal(of: .trytonPOS, changing: "WEB-1", in: .orders, publishedBy: .wooCommerce)
                == HubRefusal(domain: .orders, owners: [.wooCommerce], system: .trytonPOS, key: "WEB-1"))
    }

    @Test func aRecordOfASystemThatLostTheDomainPassesToTheNewOwners() {
        let moved = SystemOfRecord.standard.assigning(.orders, to: [.trytonPOS, .fileDrop])
        #expect(moved.refusal(of: .trytonPOS, changing: "WEB-1", in: .orders, publishedBy: .wooCommerce) == nil)
        #expect(moved.refusal(of: .wooCommerce, changing: "WEB-1", in: .orders, publishedBy: .wooCommerce)?.owners
                == [.trytonPOS, .fileDrop])
    }

    @Test func assigningKeepsTheOrderAndDropsRepeatsAndNeverLeavesADomainWithoutOwner() {
        let assigned = SystemOfRecord.standard.assigning(.stock, to: [.fileDrop, .trytonERP, .fileDrop])
        #expect(assigned.owners(of: .stock) == [.fileDrop, .trytonERP])
        #expect(SystemOfRecord.standard.assigning(.stock, to: []) == .standard)
        #expect(SystemOfRecord(overriding: [.items: [.fileDrop]]).owners(of: .items) == [.fileDrop])
    }
}
