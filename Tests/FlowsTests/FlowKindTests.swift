import Flows
import Testing

@Suite struct FlowKindTests {
    @Test func knowsEveryTemplateByItsStoredIdentifier() {
        #expect(FlowKind.allCases.count == Set(FlowKind.allCases.map(\.rawValue)).count)
        #expect(FlowKind(validating: "order-to-erp") == .orderToERP)
        #expect(FlowKind(validating: "order_to_erp") == nil)
    }
}
