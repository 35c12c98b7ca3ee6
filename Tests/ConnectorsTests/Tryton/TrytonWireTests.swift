import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import Testing

/// Tryton's JSON-RPC conventions without a server: tagged values both ways, and each kind of
/// answer classed as the worker pool decides on it.
@Suite struct TrytonWireTests {
    private func decode(_ json: String) throws -> TrytonValue {
        try JSONDecoder().decode(TrytonValue.self, from: Data(json.utf8))
    }

    private func encode(_ value: TrytonValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func readsTaggedDecimalsDatesAndDatetimesExactly() throws {
        let value = try decode("""
            {"id":1,"list_price":{"__class__":"Decimal","decimal":"25.10"},
             "sale_date":{"__class__":"date","year":2026,"month":11,"day":22},
             "last_modified_at":{"__class__":"datetime","year":2026,"month":11,"day":22,"hour":8,"minute":36,"second":49,"microsecond":993386},
             "quantity":2.5,"code":"SKU-1","template":null}
            """)
        let record = TrytonRecord(value.objectValue)
        #expect(record["list_price"]?.decimalValue == Decimal(string: "25.10"))
        #expect(record["sale_date"]?.dateValue == TrytonDate(year: 2026, month: 11, day: 22))
        #expect(record.lastModifiedAt?.description == "2026-11-22T08:36:49.993386Z")
        #expect(record["quantity"]?.decimalValue == Decimal(string: "2.5"))
        #expect(record.text("code") == "SKU-1")
        #expect(record.reference("template") == nil)
    }

    @Test func writesDecimalsAndDatetimesAsTrytonsTaggedObjects() throws {
        let timestamp = try #require(TrytonTimestamp(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 6))
        #expect(try encode(.decimal(Decimal(string: "12.10")!)) == #"{"__class__":"Decimal","decimal":"12.1"}"#)
        #expect(try encode(.dateTime(timestamp))
                == #"{"__class__":"datetime","day":2,"hour":3,"microsecond":6,"minute":4,"month":1,"second":5,"year":2026}"#)
        #expect(try encode(.date(TrytonDate(year: 2026, month: 12, day: 31))) == #"{"__class__":"date","day":31,"month":12,"year":2026}"#)
    }

    @Test func keepsATimestampToTheMicrosecondThroughACursor() throws {
        let timestamp = try #require(TrytonTimestamp(year: 2026, month: 11, day: 22, hour: 23, minute: 59, second: 59, microsecond: 999_999))
        let cursor = try ChangeCursor(encoding: timestamp)
        #expect(try cursor.decode(TrytonTimestamp.self) == timestamp)
        #expect(timestamp.adding(.microseconds(1)).description == "2026-11-23T00:00:00.000000Z")
    }

    @Test func classesAUserErrorAsBusinessWithTrytonsMessage() {
        let error = TrytonFailure.rpcError(
            ["UserError", [#"A value is required for field "Default UoM" in "Product Template"."#, "", nil]],
            method: "model.product.template.create", database: "erp")
        #expect(error.errorClass == .business)
        #expect(error.message == #"A value is required for field "Default UoM" in "Product Template"."#)
        #expect(error.upstream?.excerpt.hasPrefix("UserError") == true)
    }

    @Test func classesAConcurrencyExceptionAsTransient() {
        let error = TrytonFailure.rpcError(["ConcurrencyException", "Records were modified in the meanwhile"],
                                           method: "model.sale.sale.write", database: "erp")
        #expect(error.errorClass == .transient)
    }

    @Test func classesAServerFaultOnAnUnknownModelAsPermanent() {
        let error = TrytonFailure.rpcError(["'res.user'", ""], method: "common.db.login", database: "erp")
        #expect(error.errorClass == .permanent)
    }

    @Test func classesLoginRefusalsAsPermanentAndTheLoginBlockAsTransient() {
        let settings = TrytonSettings(serverURL: "http://erp.example/", database: "erp", login: "counterpart", password: "secret")
        let refused = TrytonFailure.status(OutboundResponse(status: 401), method: "common.db.login", settings: settings, isLogin: true)
        #expect(refused.errorClass == .permanent)
        #expect(!refused.description.contains("secret"))
        let blocked = TrytonFailure.status(OutboundResponse(status: 429), method: "common.db.login", settings: settings, isLogin: true)
        #expect(blocked.errorClass == .transient)
        #expect(blocked.retryAfter == .seconds(300))
        for status in [503, 504, 500] {
            #expect(TrytonFailure.status(OutboundResponse(status: status), method: "model.sale.sale.read", settings: settings,
                                         isLogin: false).errorClass == .transient)
        }
        for status in [403, 404, 405, 422] {
            #expect(TrytonFailure.status(OutboundResponse(status: status), method: "model.sale.sale.read", settings: settings,
                                         isLogin: false).errorClass == .permanent)
        }
    }

    @Test func buildsTheSessionHeaderFromLoginUserAndKey() {
        // base64("admin:3:fb36") — trytond splits it back at the colons.
        #expect(TrytonSession.authorization(login: "admin", userID: 3, key: "fb36") == "Session YWRtaW46MzpmYjM2")
    }

    @Test func postsToTheDatabasesRPCPath() {
        let settings = TrytonSettings(serverURL: "http://127.0.0.1:8000///", database: "erp", login: "a", password: "b")
        #expect(settings.databaseEndpoint == "http://127.0.0.1:8000/erp/rpc/")
        #expect(settings.serverEndpoint == "http://127.0.0.1:8000/rpc/")
        #expect(!settings.description.contains("b)"))
    }
}
