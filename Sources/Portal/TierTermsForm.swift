import Billing
import Foundation
import HTTP
import Tenancy

/// The tier editor's form: its fields, read into `TierTerms`, and written back from terms.
/// Field names are the API's (`monthly_price`), so `TierTerms.problems` land by their inputs.
struct TierTermsForm: Sendable, Equatable {
    /// Every field's text, as typed or as stored.
    var values: [String: String]

    /// The fields, in the order the form shows them, with their labels and hints.
    static let fields: [(name: String, label: String, hint: String?)] = [
        ("monthly_price", "Monthly price", "Per customer, before usage. Up to 4 decimal places."),
        ("currency", "Currency", nil),
        ("included_transactions", "Included transactions a month", nil),
        ("overage_per_thousand", "Overage per 1,000 transactions", "In the tier's currency."),
        ("sla_success_rate", "Success rate target (%)", "Messages delivered without an exception, e.g. 99.5."),
        ("sla_p95_latency_ms", "95th percentile latency target (ms)", "From receipt to delivery."),
        ("sla_availability", "Availability target (%)", "Minutes in which the platform accepted and processed, e.g. 99.9."),
        ("support_window", "Support window", nil),
        ("support_time_zone", "Support time zone", "For business hours: an IANA zone such as Europe/Amsterdam."),
        ("support_start_hour", "Support starts at (hour)", "For business hours: 0–23."),
        ("support_end_hour", "Support ends at (hour)", "For business hours: 1–24."),
        ("rate_limit_per_minute", "Rate limit (messages a minute)", nil),
        ("concurrency_limit", "Concurrency limit (messages at once)", nil),
        ("log_retention_days", "Log retention (days)", nil),
    ]

    /// The form as posted.
    init(form: FormBody) {
        values = Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.name, form[$0.name]?.trimmingCharacters(in: .whitespaces) ?? "") })
    }

    /// The form filled from `terms`.
    init(_ terms: TierTerms) {
        var values: [String: String] = [
            "monthly_price": Self.text(terms.monthlyPrice.amount), "currency": terms.monthlyPrice.currency.code,
            "included_transactions": "\(terms.includedTransactions)", "overage_per_thousand": Self.text(terms.overagePerThousand),
            "sla_success_rate": Self.text(terms.slaSuccessRate), "sla_p95_latency_ms": "\(terms.slaP95LatencyMilliseconds)",
            "sla_availability": Self.text(terms.slaAvailability), "support_window": terms.supportWindow.kind,
            "rate_limit_per_minute": "\(terms.rateLimitPerMinute)", "concurrency_limit": "\(terms.concurrencyLimit)",
            "log_retention_days": "\(terms.logRetentionDays)",
        ]
        if case .businessHours(let zone, let start, let end) = terms.supportWindow {
            values["support_time_zone"] = zone
            values["support_start_hour"] = "\(start)"
            values["support_end_hour"] = "\(end)"
        }
        self.values = values
    }

    /// The terms the form describes, or every field that could not be read, by name. Rules
    /// beyond reading (ranges, decimal places) are `TierTerms.problems`', checked by the store.
    func terms() -> Result<TierTerms, TenancyError> {
        var problems: [FieldProblem] = []
        func decimal(_ name: String) -> Decimal {
            if let value = Decimal(exactText: values[name] ?? "") { return value }
            problems.append(FieldProblem(field: name, message: "must be a number such as 49.90"))
            return 0
        }
        func whole(_ name: String) -> Int {
            if let value = Int(values[name] ?? "") { return value }
            problems.append(FieldProblem(field: name, message: "must be a whole number"))
            return 0
        }
        let currency = CurrencyCode(values["currency"] ?? "")
        if currency == nil, let problem = CurrencyCode.problem(values["currency"] ?? "") { problems.append(problem) }
        let price = decimal("monthly_price")
        let window: SupportWindow
        switch values["support_window"] {
        case "24x7": window = .allDay
        case "business":
            window = .businessHours(timeZone: values["support_time_zone"] ?? "", startHour: whole("support_start_hour"),
                                    endHour: whole("support_end_hour"))
        default:
            problems.append(FieldProblem(field: "support_window", message: "must be 24x7 or business hours"))
            window = .allDay
        }
        let terms = TierTerms(monthlyPrice: Money(price, currency ?? .eur), includedTransactions: whole("included_transactions"),
                              overagePerThousand: decimal("overage_per_thousand"), slaSuccessRate: decimal("sla_success_rate"),
                              slaP95LatencyMilliseconds: whole("sla_p95_latency_ms"), slaAvailability: decimal("sla_availability"),
                              supportWindow: window, rateLimitPerMinute: whole("rate_limit_per_minute"),
                              concurrencyLimit: whole("concurrency_limit"), logRetentionDays: whole("log_retention_days"))
        // Reading problems first; the range rules only for fields that could be read.
        let unread = Set(problems.map(\.field))
        problems += terms.problems.filter { !unread.contains($0.field) }
        return problems.isEmpty ? .success(terms) : .failure(.invalid(problems))
    }

    /// The inputs and selects, with `errors` by their fields.
    func controls(_ errors: FieldErrors) -> [TierControlView] {
        Self.fields.map { field in
            let value = values[field.name]
            switch field.name {
            case "currency":
                return TierControlView(select: SelectFieldView(
                    name: field.name, label: field.label, choices: CurrencyCode.supported.map { ($0, $0) }, selected: value,
                    errorMessage: errors[field.name], hint: field.hint))
            case "support_window":
                return TierControlView(select: SelectFieldView(
                    name: field.name, label: field.label, choices: [("24x7", "24×7"), ("business", "Business hours")], selected: value,
                    errorMessage: errors[field.name], hint: field.hint))
            default:
                let optional = field.name.hasPrefix("support_")
                return TierControlView(input: FormFieldView(
                    name: field.name, label: field.label, inputType: "text", value: value, errorMessage: errors[field.name],
                    isRequired: !optional, hint: field.hint))
            }
        }
    }

    /// A decimal as plain text (`49.9`, `0`), as the exact-text parser reads it back.
    static func text(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}

/// One control of the tier editor: an input or a select (Mustache picks the partial by which
/// is present).
struct TierControlView: Sendable, Equatable {
    let input: FormFieldView?
    let select: SelectFieldView?

    init(input: FormFieldView) {
        self.input = input
        self.select = nil
    }

    init(select: SelectFieldView) {
        self.input = nil
        self.select = select
    }
}
