import Connectors
import Flows
import Foundation
import HTTP
import Logging
import Postgres

/// `POST /hooks/<token>`: the other systems' webhooks arrive here (issue 6 §2). The answer
/// follows `WebhookIngress`: 202 once the delivery and its job are committed, 200 for a repeat
/// or a ping, and the reason in plain text when refused. Bodies larger than the server's
/// `COUNTERPART_MAX_BODY_BYTES` are refused by the server itself with 413.
enum WebhookRoutes {
    /// `presence` hears of the deliveries refused because of the platform itself (an error
    /// thrown here ends as a 5xx), which count against the customer's availability.
    static func register(on router: Router, ingress: WebhookIngress, presence: PlatformPresence, logger: Logger) {
        router.post("/hooks/:token") { request in
            guard let token = request.parameters["token"], !token.isEmpty, token.count <= 200 else {
                return text(.notFound, "No webhook is registered at this address.")
            }
            let delivery = WebhookDelivery(headers: request.headers.map { (name: $0.name, value: $0.value) }, body: request.body)
            let answer: WebhookIngress.Answer
            do {
                answer = try ingress.receive(token: token, delivery: delivery)
            } catch {
                presence.recordRefusal(token: token, at: Date(), reason: Self.refusalReason(error))
                throw error
            }
            switch answer {
            case .accepted(let messageID):
                return json(.accepted, messageID: messageID, status: "accepted")
            case .duplicate(let messageID):
                return json(.ok, messageID: messageID, status: "duplicate")
            case .ping:
                return text(.ok, "pong")
            case .refused(let status, let reason):
                logger.notice("webhook refused", metadata: ["status": "\(status)", "reason": "\(reason)",
                                                            "request_id": "\(request.requestID)"])
                return text(HTTPStatus(code: status), reason)
            }
        }
    }

    /// What the availability record says of a refusal: the kind of failure, never the
    /// delivery's content or the connection's secrets.
    static func refusalReason(_ error: any Error) -> String {
        if let error = error as? PostgresError { return "the database failed (\(error.kind)\(error.code.map { " \($0)" } ?? ""))" }
        return "an unexpected error (\(String(describing: type(of: error))))"
    }

    static func text(_ status: HTTPStatus, _ message: String) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array((message + "\n").utf8))
    }

    static func json(_ status: HTTPStatus, messageID: UUID, status text: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"],
                 body: Array(#"{"message_id":"\#(messageID.uuidString.lowercased())","status":"\#(text)"}"#.utf8))
    }
}
