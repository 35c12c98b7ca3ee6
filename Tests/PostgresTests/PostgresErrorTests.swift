@testable import Postgres
import Testing

/// Errors read well and classify themselves for retry decisions.
@Suite struct PostgresErrorTests {
    @Test func serverErrorsDescribeCodeConditionAndContext() {
        var error = PostgresError(.server, "duplicate key value violates unique constraint \"users_email_key\"", code: .uniqueViolation)
        error.severity = "ERROR"
        error.detail = "Key (email)=(ada@example.com) already exists."
        error.constraint = "users_email_key"
        error.table = "users"
        error.statement = "INSERT INTO users VALUES ($1)"
        #expect(error.description == "PostgreSQL ERROR 23505 unique_violation: duplicate key value violates unique constraint "
                + "\"users_email_key\"; detail: Key (email)=(ada@example.com) already exists.; table: users; "
                + "constraint: users_email_key; statement: INSERT INTO users VALUES ($1)")
    }

    @Test func logSummariesNeverCarryServerMessagesOrDetails() {
        var error = PostgresError(.server, "invalid input syntax for type integer: \"secret-token\"", code: .invalidTextRepresentation)
        error.detail = "secret-token"
        #expect(error.logSummary == "server error 22P02 (invalid_text_representation)")
        #expect(!PostgresError.logSummary(of: error).contains("secret"))
    }

    @Test func codesKnowTheirClass() {
        #expect(PostgresError.Code.serializationFailure.isTransactionRollback)
        #expect(PostgresError.Code.deadlockDetected.isTransactionRollback)
        #expect(PostgresError.Code.foreignKeyViolation.isIntegrityConstraintViolation)
        #expect(PostgresError.Code.connectionFailure.isConnectionException)
        #expect(PostgresError.Code.adminShutdown.isOperatorIntervention)
        #expect(PostgresError.Code(rawValue: "XX000").conditionName == nil)
    }

    @Test func onlyErrorsThatProveTheStatementDidNotRunAreRetried() {
        var unsent = PostgresError(.connectionLost, "no connection to the server")
        unsent.statementMayHaveRun = false
        #expect(unsent.isSafeToRetryOnFreshConnection)

        let shutdown = PostgresError(.connectionLost, "terminating connection due to administrator command", code: .adminShutdown)
        #expect(shutdown.isSafeToRetryOnFreshConnection)

        // Sent, then the socket closed without a word: the statement may have committed.
        let silent = PostgresError(.connectionLost, "server closed the connection unexpectedly")
        #expect(!silent.isSafeToRetryOnFreshConnection)

        let canceled = PostgresError(.server, "canceling statement due to statement timeout", code: .queryCanceled)
        #expect(!canceled.isSafeToRetryOnFreshConnection)
        #expect(!canceled.isConnectionError)
        #expect(!PostgresError(.server, "duplicate", code: .uniqueViolation).isSafeToRetryOnFreshConnection)
        #expect(!PostgresError(.connectionFailed, "refused").isSafeToRetryOnFreshConnection)
    }
}
