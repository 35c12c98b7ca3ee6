internal import Mustache

/// A view value as the templates read it: its stored properties, reflected once.
///
/// swift-mustache finds `{{name}}` in a plain value with a new `Mirror` at every lookup, and a
/// name a row lacks climbs the context stack, reflecting each enclosing value again. A list of
/// 25 customers made that most of a page's CPU time (`make bench-portal`, perf). A node
/// reflects its value once, on first use, keeps the properties by name, and hands out nested
/// views as nodes in turn — so each value on a page is reflected at most once per render.
///
/// The lookup rules stay those of `PageContext`: an optional that is nil reads as missing
/// (a false section, and the name is looked for further up), everything else as itself.
final class ViewNode: MustacheParent {
    private let value: Any
    private var properties: [String: Any]?

    private init(_ value: Any) {
        self.value = value
    }

    func child(named name: String) -> Any? {
        if properties == nil {
            // Wrapped once here, so a name looked up again (every row's `{{name}}` climbing to
            // the page) gets the same node back rather than a new one that reflects again.
            var found: [String: Any] = [:]
            for child in Mirror(reflecting: value).children {
                if let label = child.label, let wrapped = Self.wrap(child.value) { found[label] = wrapped }
            }
            properties = found
        }
        return properties?[name]
    }

    /// `value` as templates should see it: text, numbers and flags as they are; a struct as a
    /// node; an array with its elements wrapped; a nil optional as nothing.
    static func wrap(_ value: Any) -> Any? {
        switch value {
        case is String, is Int, is Bool, is Double, is Substring: return value
        case let parent as any MustacheParent: return parent
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.flatMap { wrap($0.value) }
        case .struct, .class: return ViewNode(value)
        case .collection: return mirror.children.compactMap { wrap($0.value) }
        default: return value
        }
    }
}
