import Testing
@testable import HTTP

@Test func versionsCompareByValue() { #expect(HTTPVersion.http1_1 != .http1_0) }
