/// One node of the router's trie: one path segment.
final class RouteNode {
    private var literals: [String: RouteNode] = [:]
    private var parameter: (name: String, node: RouteNode)?
    private var catchAll: (name: String, routes: [HTTPMethod: Route])?
    private var routes: [HTTPMethod: Route] = [:]

    enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([HTTPMethod])
        case notFound
        case undecodablePath
    }

    func insert(pattern: String, method: HTTPMethod, route: Route) {
        var node = self
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        for (index, segment) in segments.enumerated() {
            if segment.hasPrefix("*") {
                precondition(index == segments.count - 1, "a *wildcard must be the last segment of \(pattern)")
                var captured = node.catchAll ?? (String(segment.dropFirst()), [:])
                captured.routes[method] = route
                node.catchAll = captured
                return
            }
            if segment.hasPrefix(":") {
                let name = String(segment.dropFirst())
                if let existing = node.parameter {
                    precondition(existing.name == name, "conflicting parameter names :\(existing.name) and :\(name) in \(pattern)")
                    node = existing.node
                } else {
                    let child = RouteNode()
                    node.parameter = (name, child)
                    node = child
                }
                continue
            }
            let key = String(segment)
            if let child = node.literals[key] {
                node = child
            } else {
                let child = RouteNode()
                node.literals[key] = child
                node = child
            }
        }
        node.routes[method] = route
    }

    func match(path: String, method: HTTPMethod) -> Match {
        var parameters: [String: String] = [:]
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return match(segments[...], method: method, parameters: &parameters)
    }

    private func match(_ segments: ArraySlice<Substring>, method: HTTPMethod, parameters: inout [String: String]) -> Match {
        guard let segment = segments.first else { return select(routes, method: method, parameters: parameters) }
        let rest = segments.dropFirst()
        var fallback = Match.notFound
        // Literal segments win over parameters, parameters over the catch-all.
        if let child = literals[String(segment)] {
            let result = child.match(rest, method: method, parameters: &parameters)
            if case .found = result { return result }
            fallback = result
        }
        if let (name, child) = parameter {
            guard let value = PercentDecoding.decode(segment) else { return .undecodablePath }
            var attempt = parameters
            attempt[name] = value
            let result = child.match(rest, method: method, parameters: &attempt)
            if case .found = result { return result }
            if case .notFound = fallback { fallback = result }
        }
        if let (name, catchRoutes) = catchAll {
            guard let value = PercentDecoding.decode(segments.joined(separator: "/")) else { return .undecodablePath }
            var attempt = parameters
            attempt[name] = value
            let result = select(catchRoutes, method: method, parameters: attempt)
            if case .found = result { return result }
            if case .notFound = fallback { fallback = result }
        }
        return fallback
    }

    private func select(_ routes: [HTTPMethod: Route], method: HTTPMethod, parameters: [String: String]) -> Match {
        if routes.isEmpty { return .notFound }
        if let route = routes[method] { return .found(route, parameters) }
        // RFC 9110 §9.3.2: HEAD is GET without the content.
        if method == .head, let route = routes[.get] { return .found(route, parameters) }
        var allowed = Array(routes.keys)
        if routes[.get] != nil, routes[.head] == nil { allowed.append(.head) }
        return .methodNotAllowed(allowed)
    }
}
