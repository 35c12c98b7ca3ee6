import Foundation
@testable import Portal
import Testing

/// The hand-written template lookups of the busiest views (`PageViews+MustacheParent`) must
/// answer every stored property the way reflection would — a property added to a view and
/// forgotten in its switch would otherwise render as nothing.
@Suite struct TemplateLookupTests {
    static let row = CustomerRowView(name: "Shop", path: "/customers/1", tierName: "Gold", isSuspended: true,
                                     externalReference: nil, createdOn: "1 Dec 2026")
    static let chrome = PageChrome(principal: .init(userID: UUID(), partnerID: UUID(), customerID: nil, role: .partnerAdmin,
                                                    email: "a@b.example", name: "Ada", credential: .session(id: UUID())),
                                   current: .customers, csrfToken: "t", notice: "Saved")

    static func expectEveryPropertyAnswered(_ view: some MustacheLookup) {
        for child in Mirror(reflecting: view).children {
            guard let label = child.label else { continue }
            let reflected = Mirror(reflecting: child.value)
            let isNil = reflected.displayStyle == .optional && reflected.children.isEmpty
            let answered = view.lookup(label)
            #expect((answered == nil) == isNil, "\(type(of: view)).\(label)")
            if let answered { #expect(String(describing: answered) == String(describing: isNil ? "" : Self.unwrapped(child.value)), "\(label)") }
        }
    }

    static func unwrapped(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional ? mirror.children.first?.value ?? value : value
    }

    @Test func everyPropertyOfTheBusiestViewsIsAnsweredByName() {
        Self.expectEveryPropertyAnswered(Self.row)
        Self.expectEveryPropertyAnswered(Self.chrome)
        Self.expectEveryPropertyAnswered(Self.chrome.navigation[0])
        Self.expectEveryPropertyAnswered(CustomerListView(chrome: Self.chrome, search: nil, rows: [Self.row], canCreate: true,
                                                          nextPage: "/customers?after=x", firstPage: nil))
        let tier = DashboardTierView(name: "Gold", activeCustomers: 3, suspendedCustomers: 0, price: "1 EUR", revenue: "3 EUR")
        let activity = ActivityView(when: "now", who: "ada", action: "customer.create", target: "customer 1")
        Self.expectEveryPropertyAnswered(tier)
        Self.expectEveryPropertyAnswered(activity)
        Self.expectEveryPropertyAnswered(DashboardView(chrome: Self.chrome, activeCustomers: 3, suspendedCustomers: 0, tiers: [tier],
                                                       revenue: ["3 EUR"], cost: nil, margin: "2 EUR", canCreateCustomer: true,
                                                       showsActivity: true, activity: [activity]))
    }
}

/// A view that answers template lookups by name (the tests' view of `MustacheParent`, whose
/// module the tests do not import).
protocol MustacheLookup {
    func lookup(_ name: String) -> Any?
}

extension PageChrome: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension NavigationItem: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension CustomerListView: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension CustomerRowView: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension DashboardView: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension DashboardTierView: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
extension ActivityView: MustacheLookup { func lookup(_ name: String) -> Any? { child(named: name) } }
