extension PostgresError {
    /// A five-character SQLSTATE (PostgreSQL docs, Appendix A "PostgreSQL Error Codes").
    ///
    /// The first two characters are the class: `23` integrity violations, `40` transaction
    /// rollbacks worth retrying, `08` connection exceptions, `57` operator intervention.
    public struct Code: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The five characters, e.g. `23505`.
        public var rawValue: String

        /// Wraps a SQLSTATE as the server sent it.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Allows `PostgresError.Code("23505")`-style literals in switch statements and tests.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The SQLSTATE's class, its first two characters.
        public var errorClass: String { String(rawValue.prefix(2)) }

        /// Class 08: the connection is unusable.
        public var isConnectionException: Bool { errorClass == "08" }
        /// Class 23: a constraint rejected the row.
        public var isIntegrityConstraintViolation: Bool { errorClass == "23" }
        /// Class 40: the transaction was rolled back and may succeed if run again.
        public var isTransactionRollback: Bool { errorClass == "40" }
        /// Class 57: an administrator or the server stopped the work (shutdown, cancel).
        public var isOperatorIntervention: Bool { errorClass == "57" }

        /// The condition name from Appendix A, for the codes this module names.
        public var conditionName: String? { Self.conditionNames[rawValue] }

        /// The code and, when known, its condition name.
        public var description: String {
            conditionName.map { "\(rawValue) (\($0))" } ?? rawValue
        }
    }
}

extension PostgresError.Code {
    // Class 08 — Connection Exception
    /// 08000 connection_exception
    public static let connectionException: Self = "08000"
    /// 08003 connection_does_not_exist
    public static let connectionDoesNotExist: Self = "08003"
    /// 08006 connection_failure
    public static let connectionFailure: Self = "08006"
    /// 08001 sqlclient_unable_to_establish_sqlconnection
    public static let unableToEstablishConnection: Self = "08001"
    /// 08P01 protocol_violation
    public static let protocolViolation: Self = "08P01"
    // Class 0A — Feature Not Supported
    /// 0A000 feature_not_supported
    public static let featureNotSupported: Self = "0A000"
    // Class 22 — Data Exception
    /// 22001 string_data_right_truncation
    public static let stringDataRightTruncation: Self = "22001"
    /// 22003 numeric_value_out_of_range
    public static let numericValueOutOfRange: Self = "22003"
    /// 22007 invalid_datetime_format
    public static let invalidDatetimeFormat: Self = "22007"
    /// 22012 division_by_zero
    public static let divisionByZero: Self = "22012"
    /// 22021 character_not_in_repertoire
    public static let characterNotInRepertoire: Self = "22021"
    /// 22023 invalid_parameter_value
    public static let invalidParameterValue: Self = "22023"
    /// 22P02 invalid_text_representation
    public static let invalidTextRepresentation: Self = "22P02"
    /// 22P04 bad_copy_file_format
    public static let badCopyFileFormat: Self = "22P04"
    // Class 23 — Integrity Constraint Violation
    /// 23000 integrity_constraint_violation
    public static let integrityConstraintViolation: Self = "23000"
    /// 23001 restrict_violation
    public static let restrictViolation: Self = "23001"
    /// 23502 not_null_violation
    public static let notNullViolation: Self = "23502"
    /// 23503 foreign_key_violation
    public static let foreignKeyViolation: Self = "23503"
    /// 23505 unique_violation
    public static let uniqueViolation: Self = "23505"
    /// 23514 check_violation
    public static let checkViolation: Self = "23514"
    /// 23P01 exclusion_violation
    public static let exclusionViolation: Self = "23P01"
    // Class 25 — Invalid Transaction State
    /// 25001 active_sql_transaction
    public static let activeSQLTransaction: Self = "25001"
    /// 25006 read_only_sql_transaction
    public static let readOnlySQLTransaction: Self = "25006"
    /// 25P01 no_active_sql_transaction
    public static let noActiveSQLTransaction: Self = "25P01"
    /// 25P02 in_failed_sql_transaction
    public static let inFailedSQLTransaction: Self = "25P02"
    // Class 28 — Invalid Authorization Specification
    /// 28000 invalid_authorization_specification
    public static let invalidAuthorizationSpecification: Self = "28000"
    /// 28P01 invalid_password
    public static let invalidPassword: Self = "28P01"
    // Class 3D/3F — invalid catalog or schema name
    /// 3D000 invalid_catalog_name (the database does not exist)
    public static let invalidCatalogName: Self = "3D000"
    /// 3F000 invalid_schema_name
    public static let invalidSchemaName: Self = "3F000"
    // Class 40 — Transaction Rollback
    /// 40000 transaction_rollback
    public static let transactionRollback: Self = "40000"
    /// 40001 serialization_failure
    public static let serializationFailure: Self = "40001"
    /// 40P01 deadlock_detected
    public static let deadlockDetected: Self = "40P01"
    // Class 42 — Syntax Error or Access Rule Violation
    /// 42501 insufficient_privilege
    public static let insufficientPrivilege: Self = "42501"
    /// 42601 syntax_error
    public static let syntaxError: Self = "42601"
    /// 42703 undefined_column
    public static let undefinedColumn: Self = "42703"
    /// 42883 undefined_function
    public static let undefinedFunction: Self = "42883"
    /// 42P01 undefined_table
    public static let undefinedTable: Self = "42P01"
    /// 42P07 duplicate_table
    public static let duplicateTable: Self = "42P07"
    /// 42710 duplicate_object
    public static let duplicateObject: Self = "42710"
    // Class 53 — Insufficient Resources
    /// 53300 too_many_connections
    public static let tooManyConnections: Self = "53300"
    // Class 55 — Object Not In Prerequisite State
    /// 55P03 lock_not_available
    public static let lockNotAvailable: Self = "55P03"
    // Class 57 — Operator Intervention
    /// 57014 query_canceled (statement_timeout, cancel request)
    public static let queryCanceled: Self = "57014"
    /// 57P01 admin_shutdown (server stopping, or pg_terminate_backend)
    public static let adminShutdown: Self = "57P01"
    /// 57P02 crash_shutdown
    public static let crashShutdown: Self = "57P02"
    /// 57P03 cannot_connect_now (server starting up or shutting down)
    public static let cannotConnectNow: Self = "57P03"
    // Class P0 — PL/pgSQL Error
    /// P0001 raise_exception
    public static let raiseException: Self = "P0001"

    fileprivate static let conditionNames: [String: String] = [
        "08000": "connection_exception", "08003": "connection_does_not_exist",
        "08006": "connection_failure", "08001": "sqlclient_unable_to_establish_sqlconnection",
        "08P01": "protocol_violation", "0A000": "feature_not_supported",
        "22001": "string_data_right_truncation", "22003": "numeric_value_out_of_range",
        "22007": "invalid_datetime_format", "22012": "division_by_zero",
        "22021": "character_not_in_repertoire", "22023": "invalid_parameter_value",
        "22P02": "invalid_text_representation", "22P04": "bad_copy_file_format",
        "23000": "integrity_constraint_violation", "23001": "restrict_violation",
        "23502": "not_null_violation", "23503": "foreign_key_violation", "23505": "unique_violation",
        "23514": "check_violation", "23P01": "exclusion_violation",
        "25001": "active_sql_transaction", "25006": "read_only_sql_transaction",
        "25P01": "no_active_sql_transaction", "25P02": "in_failed_sql_transaction",
        "28000": "invalid_authorization_specification", "28P01": "invalid_password",
        "3D000": "invalid_catalog_name", "3F000": "invalid_schema_name",
        "40000": "transaction_rollback", "40001": "serialization_failure", "40P01": "deadlock_detected",
        "42501": "insufficient_privilege", "42601": "syntax_error", "42703": "undefined_column",
        "42883": "undefined_function", "42P01": "undefined_table", "42P07": "duplicate_table",
        "42710": "duplicate_object", "53300": "too_many_connections", "55P03": "lock_not_available",
        "57014": "query_canceled", "57P01": "admin_shutdown", "57P02": "crash_shutdown",
        "57P03": "cannot_connect_now", "P0001": "raise_exception",
    ]
}
