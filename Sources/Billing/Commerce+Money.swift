public import Commerce

// Billing's prices are Commerce's money (one Money in the product), and its public API is
// stated in it, so Billing hands these two names on to whoever imports it: Portal and API price
// tiers without importing the retail model. Only these two — re-exporting all of Commerce
// would clash with Tenancy's `Customer` in every module that imports both.

/// Commerce's exact money, as Billing's prices use it.
public typealias Money = Commerce.Money
/// Commerce's ISO 4217 currency, as Billing's prices use it.
public typealias CurrencyCode = Commerce.CurrencyCode
