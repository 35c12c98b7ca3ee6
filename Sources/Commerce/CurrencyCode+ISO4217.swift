extension CurrencyCode {
    /// ISO 4217 current currencies (list one, "Current currency & funds code list") with the
    /// "minor unit" column. Funds codes (BOV, CHE, …), precious metals (XAU, …), the testing
    /// code XTS and "no currency" XXX are left out: no shop or till prices in them.
    /// Where practice differs from the standard (ISK and HUF are often written without
    /// decimals) the standard wins here; a connector rounds for its system where needed.
    static let minorUnitsByCode: [String: Int] = {
        var table: [String: Int] = [:]
        for code in twoDecimalCodes.split(separator: " ") { table[String(code)] = 2 }
        for code in noDecimalCodes.split(separator: " ") { table[String(code)] = 0 }
        for code in threeDecimalCodes.split(separator: " ") { table[String(code)] = 3 }
        return table
    }()

    private static let noDecimalCodes = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"

    private static let threeDecimalCodes = "BHD IQD JOD KWD LYD OMR TND"

    private static let twoDecimalCodes = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN \
        BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS \
        GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR \
        LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD \
        PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN \
        SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES VED WST XCD XCG YER ZAR \
        ZMW ZWG
        """
}
