internal import CLibPQ

extension PostgresError {
    /// The error a failed `PGresult` describes, with every ErrorResponse field libpq exposes
    /// (libpq docs §34.3.1, `PQresultErrorField`). `connection` decides the kind: a session that
    /// libpq now considers broken yields `.connectionLost`, keeping the server's SQLSTATE
    /// (57P01 when an administrator or a restart ended it).
    init(result: OpaquePointer, connection: OpaquePointer, sql: String?) {
        let field: (Character) -> String? = { code in
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        let primary = field("M")
            ?? PQresultErrorMessage(result).map { String(cString: $0).trimmingTrailingWhitespace() }
            ?? "unknown error"
        let broken = PQstatus(connection) != CONNECTION_OK
        self.init(broken ? .connectionLost : .server, primary.isEmpty ? "unknown error" : primary,
                  code: field("C").map(Code.init(rawValue:)))
        severity = field("V")
        detail = field("D")
        hint = field("H")
        schema = field("s")
        table = field("t")
        column = field("c")
        dataTypeName = field("d")
        constraint = field("n")
        position = field("P").flatMap { Int($0) }
        statement = sql.map(Self.summarize)
    }

    /// The error a connection reports when no result describes it (sending failed, the socket
    /// closed), e.g. "server closed the connection unexpectedly".
    init(connectionError connection: OpaquePointer, sql: String?, statementMayHaveRun: Bool) {
        let message = PostgresConnection.errorMessage(of: connection) ?? "the connection failed"
        let broken = PQstatus(connection) != CONNECTION_OK
        self.init(broken ? .connectionLost : .unexpectedResponse, message)
        self.statementMayHaveRun = statementMayHaveRun
        statement = sql.map(Self.summarize)
    }
}
