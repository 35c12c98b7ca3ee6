extension BillingMonth: Codable {
    /// As `YYYY-MM-DD` of the first day, the form the API and the audit log use for dates.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[2] == "01", let year = Int(parts[0]), let month = Int(parts[1]),
              let value = BillingMonth(year: year, month: month) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not the first day of a month: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(firstDayText)
    }
}
