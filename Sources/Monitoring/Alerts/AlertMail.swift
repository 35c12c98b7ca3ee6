import Foundation

/// A notice as an e-mail: RFC 5322 header fields and a multipart/alternative body (RFC 2046
/// §5.1.4) with the plain text first and the partner-branded HTML last (the one a capable reader
/// shows). Both parts are UTF-8 in base64 (RFC 2045 §6.8), so no line is too long and no 8-bit
/// byte needs the server's 8BITMIME.
struct AlertMail {
    let notice: AlertNotice
    /// The envelope and header sender (`alerts@acme.example`).
    let from: String
    let to: String
    let date: Date
    /// Unique per mail: the boundary and the Message-ID.
    let token: String

    /// The whole message, CRLF line ends.
    var bytes: [UInt8] {
        let boundary = "=_counterpart_\(token)"
        var lines = [
            "From: \(Self.displayName(notice.brand.productName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(notice.subjectLine))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(token)@\(from.split(separator: "@").last ?? "counterpart")>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",  // RFC 3834 §5: no vacation replies, please
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", notice.text), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Data(body.utf8).base64EncodedString(options: .lineLength76Characters)
                .split(whereSeparator: \.isNewline).map(String.init)
        }
        lines += ["--\(boundary)--", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// The HTML part: a band in the partner's primary colour with the product name, the impact
    /// in the accent colour, the summary, and when. Every value is escaped.
    var html: String {
        let brand = notice.brand, alert = notice.alert
        let heading = switch notice.kind {
        case .opened: "Alert"
        case .escalated: "Escalated alert (level \(notice.level))"
        case .cleared: "Alert cleared"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(Self.escape(notice.subjectLine))</title></head>
            <body style="margin:0;font-family:sans-serif;color:#111">
            <div style="background:\(brand.primaryColour);color:#fff;padding:16px 24px;font-size:18px">\(Self.escape(brand.productName))</div>
            <div style="padding:24px">
            <p><span style="background:\(brand.accentColour);color:#fff;padding:2px 8px;border-radius:4px">\(Self.escape(alert.impact.title))</span>
            <strong>\(Self.escape(heading)): \(Self.escape(alert.kind.title))</strong></p>
            <p>\(Self.escape(alert.summary))</p>
            <table style="border-collapse:collapse">
            <tr><th style="text-align:left;padding-right:16px">Customer</th><td>\(Self.escape(alert.customerName))</td></tr>
            <tr><th style="text-align:left;padding-right:16px">Subject</th><td>\(Self.escape(alert.subject))</td></tr>
            <tr><th style="text-align:left;padding-right:16px">Rule</th><td>\(Self.escape(alert.ruleName))</td></tr>
            <tr><th style="text-align:left;padding-right:16px">Opened</th><td>\(AlertNotice.timestamp(alert.openedAt))</td></tr>
            </table>
            \(brand.supportEmail.map { "<p>Help: \(Self.escape($0))</p>" } ?? "")
            </div></body></html>
            """
    }

    /// HTML text escaping (the five characters that can end text or an attribute).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A header value as an RFC 2047 encoded word when it is not plain printable ASCII (a
    /// display name or a subject with `é` or `—` in it), else as a quoted or bare string.
    static func encodedWord(_ text: String) -> String {
        let printable = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f }
        if printable && !text.contains("\"") && !text.contains("\\") { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// A display name (RFC 5322 §3.4): a quoted string, or an encoded word when it needs one.
    static func displayName(_ text: String) -> String {
        let word = encodedWord(text)
        return word.hasPrefix("=?") ? word : "\"\(word)\""
    }

    /// RFC 5322 §3.3's date-time, in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
