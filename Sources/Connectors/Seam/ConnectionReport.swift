/// What a successful "Test connection" found, shown to the person who pressed the button:
/// which system answered and a few facts that prove the credentials reach the right data.
public struct ConnectionReport: Sendable, Hashable {
    /// One fact, e.g. ("WooCommerce version", "11.0.1").
    public struct Fact: Sendable, Hashable {
        /// What it is.
        public var label: String
        /// What the system said.
        public var value: String

        /// Creates a fact.
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// One line, e.g. "Connected to WooCommerce 11.0.1 at https://shop.example".
    public var summary: String
    /// The facts, in display order.
    public var facts: [Fact]
    /// How long the test took, all calls included.
    public var elapsed: Duration

    /// Creates a report.
    public init(summary: String, facts: [Fact] = [], elapsed: Duration = .zero) {
        self.summary = summary
        self.facts = facts
        self.elapsed = elapsed
    }
}
