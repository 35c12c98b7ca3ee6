public import Foundation

/// A reseller of Counterpart (or the platform itself), as the API and portal show it.
public struct Partner: Sendable, Codable, Equatable {
    /// The platform operator's own partner row, or a reseller.
    public enum Kind: String, Sendable, Codable { case platform, reseller }
    /// Suspended partners' users cannot log in and their flows stop.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, suspended }

    public var id: UUID
    public var kind: Kind
    public var slug: String
    public var name: String
    public var status: Status
    /// The partner's own host name for the portal, if any.
    public var customDomain: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// What creating a partner takes.
public struct NewPartner: Sendable, Equatable {
    public var slug: String
    public var name: String
    public var customDomain: String?

    public init(slug: String, name: String, customDomain: String? = nil) {
        self.slug = slug
        self.name = name
        self.customDomain = customDomain
    }
}

/// A partial update of a partner; nil leaves a field alone.
public struct PartnerChanges: Sendable, Equatable {
    public var name: String?
    public var status: Partner.Status?
    /// `.some(nil)` removes the custom domain.
    public var customDomain: String??

    public init(name: String? = nil, status: Partner.Status? = nil, customDomain: String?? = nil) {
        self.name = name
        self.status = status
        self.customDomain = customDomain
    }
}
