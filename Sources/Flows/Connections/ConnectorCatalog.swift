public import Connectors
public import Foundation
public import HTTPClient

/// The connectors this build ships, by kind: their descriptors for forms and validation, and
/// how to make a working connector from a decrypted configuration. App builds the one catalog
/// at start-up and hands it to the portal, the API and (issue 6) the workers.
public struct ConnectorCatalog: Sendable {
    /// What a connector needs from the platform besides its configuration: the shared,
    /// connection-reusing HTTP client (libcurl's pool; connectors never make their own).
    public struct Runtime: Sendable {
        /// The outbound HTTP client.
        public var httpClient: HTTPClient

        /// Creates a runtime.
        public init(httpClient: HTTPClient) {
            self.httpClient = httpClient
        }
    }

    /// One connector: its descriptor and its factory.
    public struct Entry: Sendable {
        /// What it is and needs.
        public var descriptor: ConnectorDescriptor
        /// Makes a connector for a configuration that passed `descriptor.problems(in:)`.
        public var make: @Sendable (ConnectionConfiguration, Runtime) throws(ConnectorError) -> any Connector
        /// The connector's type when its change reads can start at a time.
        public var rewinding: (any RewindableChanges.Type)?

        /// Creates an entry.
        public init(descriptor: ConnectorDescriptor, rewinding: (any RewindableChanges.Type)? = nil,
                    make: @escaping @Sendable (ConnectionConfiguration, Runtime) throws(ConnectorError) -> any Connector) {
            self.descriptor = descriptor
            self.rewinding = rewinding
            self.make = make
        }
    }

    /// The entries in the order the portal offers them.
    public let entries: [Entry]
    /// The runtime handed to every connector.
    public let runtime: Runtime

    /// Creates a catalog; two entries of one kind is a programming error.
    public init(entries: [Entry], runtime: Runtime) {
        precondition(Set(entries.map(\.descriptor.kind)).count == entries.count, "one entry per connector kind")
        self.entries = entries
        self.runtime = runtime
    }

    /// The descriptor of a kind, or nil when this build has no such connector.
    public func descriptor(_ kind: ConnectorKind) -> ConnectorDescriptor? {
        entries.first { $0.descriptor.kind == kind }?.descriptor
    }

    /// A position from which `kind`'s change read of `resource` starts at `date`.
    /// - Throws: `.permanent` when the connector cannot start a read at a time.
    public func changeCursor(_ kind: ConnectorKind, for resource: ConnectorResource,
                             from date: Date) throws(ConnectorError) -> ChangeCursor {
        guard let rewinding = entries.first(where: { $0.descriptor.kind == kind })?.rewinding else {
            throw ConnectorError.permanent("\(kind) connections cannot start a read at a time.")
        }
        return try rewinding.changeCursor(for: resource, from: date)
    }

    /// A connector for the configuration (defaults filled in).
    /// - Throws: a permanent `ConnectorError` when the kind is unknown or the configuration
    ///   does not satisfy the descriptor (a connection saved by an older version, say).
    public func connector(_ kind: ConnectorKind, _ configuration: ConnectionConfiguration) throws(ConnectorError) -> any Connector {
        guard let entry = entries.first(where: { $0.descriptor.kind == kind }) else {
            throw ConnectorError.permanent("This version has no connector of kind \(kind).")
        }
        let filled = entry.descriptor.withDefaults(configuration)
        let problems = entry.descriptor.problems(in: filled)
        guard problems.isEmpty else {
            throw ConnectorError.permanent("The connection's settings are incomplete: "
                                           + problems.map(\.description).joined(separator: "; "))
        }
        return try entry.make(filled, runtime)
    }
}
