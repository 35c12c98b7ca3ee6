public import Foundation

/// A unit of work as it arrives, before it is a message.
public struct NewMessage: Sendable {
    /// The customer.
    public var customerID: UUID
    /// The environment (of that customer).
    public var environmentID: UUID
    /// The flow that will process it.
    public var flow: FlowKind
    /// What it carries, e.g. `order`.
    public var subject: String
    /// The system it came from.
    public var sourceSystem: String
    /// The connection it came through.
    public var sourceConnectionID: UUID?
    /// Our key for it.
    public var reference: String?
    /// The key that recognises the same change arriving twice (a webhook's replay key, an
    /// order's id and modification time).
    public var dedupKey: String?
    /// The payload.
    public var input: MessagePayload
    /// Its ids in the systems it is known to so far.
    public var externalIDs: [MessageExternalID]

    /// Creates the input.
    public init(customerID: UUID, environmentID: UUID, flow: FlowKind, subject: String, sourceSystem: String,
                sourceConnectionID: UUID? = nil, reference: String? = nil, dedupKey: String? = nil, input: MessagePayload,
                externalIDs: [MessageExternalID] = []) {
        self.customerID = customerID
        self.environmentID = environmentID
        self.flow = flow
        self.subject = subject
        self.sourceSystem = sourceSystem
        self.sourceConnectionID = sourceConnectionID
        self.reference = reference
        self.dedupKey = dedupKey
        self.input = input
        self.externalIDs = externalIDs
    }
}

/// What receiving a message did.
public enum MessageIntake: Sendable, Equatable {
    /// Stored as a new message.
    case accepted(Message)
    /// The same change was already received (same de-duplication key): nothing was stored.
    case duplicate(of: Message)

    /// The message, new or earlier.
    public var message: Message {
        switch self {
        case .accepted(let message), .duplicate(of: let message): message
        }
    }
}

/// How an attempt ended.
public enum AttemptOutcome: Sendable {
    /// The target has it; `output` is what was sent or answered, `externalIDs` its new ids.
    case delivered(output: MessagePayload?, externalIDs: [MessageExternalID])
    /// Failed transiently; try again at `nextAttemptAt`.
    case retrying(MessageError, nextAttemptAt: Date)
    /// A business problem for a person.
    case exception(MessageError)
    /// Given up: out of attempts or a permanent failure.
    case dead(MessageError)
    /// Nothing to do, and why.
    case skipped(reason: String)

    var status: Message.Status {
        switch self {
        case .delivered: .delivered
        case .retrying: .retrying
        case .exception: .exception
        case .dead: .dead
        case .skipped: .skipped
        }
    }

    var error: MessageError? {
        switch self {
        case .retrying(let error, _), .exception(let error), .dead(let error): error
        case .delivered, .skipped: nil
        }
    }
}

/// Which messages an operator's list shows.
public struct MessageFilter: Sendable, Equatable {
    /// One customer's, or all the partner's.
    public var customerID: UUID?
    /// In these statuses (empty: any).
    public var statuses: Set<Message.Status>
    /// Of this flow.
    public var flow: FlowKind?
    /// From this system.
    public var sourceSystem: String?
    /// Received at or after.
    public var receivedFrom: Date?
    /// Received before.
    public var receivedBefore: Date?
    /// With this reference, or this id in any system.
    public var reference: String?

    /// Creates a filter; everything is optional.
    public init(customerID: UUID? = nil, statuses: Set<Message.Status> = [], flow: FlowKind? = nil,
                sourceSystem: String? = nil, receivedFrom: Date? = nil, receivedBefore: Date? = nil, reference: String? = nil) {
        self.customerID = customerID
        self.statuses = statuses
        self.flow = flow
        self.sourceSystem = sourceSystem
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.reference = reference
    }
}
