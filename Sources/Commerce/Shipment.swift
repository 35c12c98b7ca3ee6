public import Foundation

/// Goods sent for an order: a Tryton `stock.shipment.out`, a WooCommerce order's tracking
/// (shipment-tracking plugins' meta), a 3PL's dispatch file.
public struct Shipment: Sendable, Hashable, Codable, Validatable {
    /// Where a shipment is. Tryton `stock.shipment.out.state`: draft, waiting, assigned,
    /// picked, packed, done (→ shipped), cancelled; `delivered` comes from a carrier.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Being prepared.
        case draft
        /// Waiting for stock.
        case waiting
        /// Stock reserved.
        case assigned
        /// Picked from the shelves.
        case picked
        /// Packed.
        case packed
        /// Handed to the carrier (Tryton `done`).
        case shipped
        /// Delivered to the buyer.
        case delivered
        /// Called off.
        case cancelled
    }

    /// One item shipped.
    public struct Line: Sendable, Hashable, Codable {
        /// The item.
        public var sku: SKU
        /// How many; above zero.
        public var quantity: Decimal

        /// `quantity` of `sku`.
        public init(sku: SKU, quantity: Decimal) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// A parcel's tracking.
    public struct Tracking: Sendable, Hashable, Codable {
        /// The carrier's tracking number.
        public var number: String
        /// Where the buyer can follow it, if known.
        public var url: URL?

        /// Tracking `number`, optionally with a `url`.
        public init(number: String, url: URL? = nil) {
            self.number = number
            self.url = url
        }
    }

    /// The shipment's ids (Tryton shipment id, a 3PL's dispatch number).
    public var externalIDs: [ExternalID]
    /// The order shipped.
    public var orderNumber: String
    /// What is in it.
    public var lines: [Line]
    /// The carrier (`DHL`, `UPS`), if known.
    public var carrier: String?
    /// Tracking per parcel.
    public var tracking: [Tracking]
    /// Where it is.
    public var state: State
    /// The warehouse it leaves from (a `stock.location` code).
    public var fromLocation: String?
    /// When it was handed to the carrier.
    public var shippedAt: Date?

    /// A shipment.
    public init(externalIDs: [ExternalID] = [], orderNumber: String, lines: [Line], carrier: String? = nil,
                tracking: [Tracking] = [], state: State, fromLocation: String? = nil, shippedAt: Date? = nil) {
        self.externalIDs = externalIDs
        self.orderNumber = orderNumber
        self.lines = lines
        self.carrier = carrier
        self.tracking = tracking
        self.state = state
        self.fromLocation = fromLocation
        self.shippedAt = shippedAt
    }

    public func validate() -> [ValidationProblem] {
        let path = FieldPath()
        var problems = externalIDs.problems(at: path.field("externalIDs"))
            + TextRules.problems(orderNumber, at: path("orderNumber"), maxLength: 100)
            + TextRules.problems(carrier, at: path("carrier"), maxLength: 100, required: false)
            + TextRules.problems(fromLocation, at: path("fromLocation"), maxLength: 100, required: false)
        if lines.isEmpty { problems.append(ValidationProblem(path("lines"), .required, "a shipment carries at least one item")) }
        for (index, line) in lines.enumerated() where line.quantity.isNaN || line.quantity <= 0 {
            problems.append(ValidationProblem(path.element("lines", index)("quantity"), .notPositive, "must be above zero, is \(line.quantity)"))
        }
        for (index, tracking) in tracking.enumerated() {
            let trackingPath = path.element("tracking", index)
            problems += TextRules.problems(tracking.number, at: trackingPath("number"), maxLength: 100)
            if let url = tracking.url, !["https", "http"].contains(url.scheme?.lowercased() ?? "") {
                problems.append(ValidationProblem(trackingPath("url"), .malformed, "must be an http or https address"))
            }
        }
        if (state == .shipped || state == .delivered) && shippedAt == nil {
            problems.append(ValidationProblem(path("shippedAt"), .required, "a \(state.rawValue) shipment has a shipping date"))
        }
        return problems
    }
}
