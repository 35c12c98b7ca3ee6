import Testing
@testable import HTTPClient

@Suite struct HTTPClientConfigurationTests {
    @Test func defaultsAreValid() {
        #expect(throws: Never.self) { try HTTPClient.Configuration().validate() }
    }

    @Test func namesTheSettingAtFault() throws {
        let cases: [(HTTPClient.Configuration, String)] = [
            (.init(connectTimeout: .zero), "connectTimeout"),
            (.init(totalTimeout: .microseconds(10)), "totalTimeout"),
            (.init(maxPooledHandles: -1), "maxPooledHandles"),
            (.init(maxResponseBodySize: 0), "maxResponseBodySize"),
            (.init(userAgent: "bad\nagent"), "userAgent"),
            (.init(caBundlePath: ""), "caBundlePath"),
        ]
        for (configuration, setting) in cases {
            let error = try #require(throws: HTTPClient.ConfigurationError.self) {
                _ = try HTTPClient(configuration: configuration)
            }
            #expect(error.setting == setting)
        }
    }

    @Test func roundsTimeoutsUpToWholeMilliseconds() {
        #expect(Transfer.milliseconds(.seconds(2)) == 2000)
        #expect(Transfer.milliseconds(.microseconds(1500)) == 2)
        #expect(Transfer.milliseconds(.nanoseconds(1)) == 1)
        #expect(Transfer.milliseconds(.seconds(Int64.max)) == Int.max)
    }
}
