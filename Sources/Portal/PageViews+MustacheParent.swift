internal import Mustache

// Direct template lookups for the views of the busiest pages (dashboard and customer list)
// and the chrome every page has. Without them each `{{name}}` costs a `Mirror` of the view —
// which demangles the types of all its fields — and a list of 25 customers made that the
// larger part of a page's CPU (`make bench-portal` under perf). A switch over the names the
// templates use is a string comparison. Nil optionals answer nil, as `ViewNode` does: the
// name reads as missing and the lookup goes on up the context stack.

extension PageChrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "navigation": navigation
        case "userName": userName
        case "roleName": roleName
        case "csrfToken": csrfToken
        case "notice": notice
        case "offersReferenceSearch": offersReferenceSearch
        default: nil
        }
    }
}

extension NavigationItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "path": path
        case "isCurrent": isCurrent
        default: nil
        }
    }
}

extension CustomerListView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "search": search
        case "rows": rows
        case "canCreate": canCreate
        case "nextPage": nextPage
        case "firstPage": firstPage
        default: nil
        }
    }
}

extension CustomerRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "path": path
        case "tierName": tierName
        case "isSuspended": isSuspended
        case "externalReference": externalReference
        case "createdOn": createdOn
        default: nil
        }
    }
}

extension DashboardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "activeCustomers": activeCustomers
        case "suspendedCustomers": suspendedCustomers
        case "tiers": tiers
        case "revenue": revenue
        case "cost": cost
        case "margin": margin
        case "canCreateCustomer": canCreateCustomer
        case "showsActivity": showsActivity
        case "activity": activity
        default: nil
        }
    }
}

extension DashboardTierView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "activeCustomers": activeCustomers
        case "suspendedCustomers": suspendedCustomers
        case "price": price
        case "revenue": revenue
        default: nil
        }
    }
}

extension ActivityView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "when": when
        case "who": who
        case "action": action
        case "target": target
        default: nil
        }
    }
}
