extension FileDropConnector {
    /// The file drop declared as data (STYLE.md habit 10): CSV files exchanged over SFTP with a
    /// legacy ERP or 3PL. Item master and stock files come in; orders go out, one file each.
    public static let descriptor = ConnectorDescriptor(
        kind: .fileDrop,
        version: "1",
        displayName: "File drop (CSV over SFTP)",
        protocolName: "CSV files (RFC 4180) over SFTP (SSH File Transfer Protocol version 3)",
        fields: [
            ConnectionField("host", label: "SFTP host", help: "The SFTP server's host name or IP address."),
            ConnectionField("port", label: "Port", help: "The SSH port.", kind: .integer(1...65_535), isRequired: false,
                            defaultValue: "22"),
            ConnectionField("username", label: "User name", help: "The account the files are exchanged under."),
            ConnectionField("private_key", label: "Private key",
                            help: "The unencrypted private key (OpenSSH or PEM text) whose public half is in the account's "
                                + "authorized_keys. Create one with: ssh-keygen -t ed25519 -N '' -f counterpart",
                            kind: .multilineSecret),
            ConnectionField("host_key_fingerprint", label: "Host key fingerprint",
                            help: "The server's host key fingerprint as ssh-keygen -l prints it (SHA256:…). Ask the "
                                + "server's administrator, or run ssh-keyscan HOST | ssh-keygen -lf - and take the ECDSA "
                                + "key's line if there is one, else the ED25519 one: that is the key libssh2 asks for first."),
            ConnectionField("inbound_directory", label: "Inbound directory",
                            help: "Where the other system drops its files, e.g. /outbox or ~/export."),
            ConnectionField("processed_directory", label: "Processed directory",
                            help: "Where files go once their records are stored. Must exist.", isRequired: false,
                            defaultValue: "{inbound}/processed"),
            ConnectionField("failed_directory", label: "Failed directory",
                            help: "Where rejected files go, each with a NAME.errors.txt listing the bad rows. Must exist.",
                            isRequired: false, defaultValue: "{inbound}/failed"),
            ConnectionField("outbound_directory", label: "Outbound directory",
                            help: "Where order files are written for the other system, e.g. /inbox."),
            ConnectionField("item_file_pattern", label: "Item master file names",
                            help: "Which inbound files are item master files; * matches any characters, ? one.",
                            isRequired: false, defaultValue: "items*.csv"),
            ConnectionField("stock_file_pattern", label: "Stock file names",
                            help: "Which inbound files are stock files.", isRequired: false, defaultValue: "stock*.csv"),
            ConnectionField("order_file_name", label: "Order file name",
                            help: "The name of each order file; {reference} becomes the order's reference.",
                            isRequired: false, defaultValue: "order-{reference}.csv"),
            ConnectionField("delimiter", label: "Field separator", help: "The character between fields.",
                            kind: .choice(CSVDialect.Delimiter.allCases.map(\.rawValue)), isRequired: false),
            ConnectionField("encoding", label: "Encoding", help: "UTF-8 (a byte order mark is accepted) or Windows-1252.",
                            kind: .choice(CSVDialect.Encoding.allCases.map(\.rawValue)), isRequired: false),
            ConnectionField("decimal_separator", label: "Decimal separator", help: "12,50 (comma) or 12.50 (point).",
                            kind: .choice(CSVDialect.DecimalSeparator.allCases.map(\.rawValue)), isRequired: false),
            ConnectionField("line_ending", label: "Line ending", help: "For files we write; any is read.",
                            kind: .choice(CSVDialect.LineEnding.allCases.map(\.rawValue)), isRequired: false),
            ConnectionField("column_mapping", label: "Column mapping",
                            help: "Which header names the columns carry, as field=Header pairs separated by ;, e.g. "
                                + "sku=Item No;name=Description;price=Price;quantity=Qty. Fields: "
                                + ColumnMapping.Field.allCases.map(\.rawValue).joined(separator: ", ")
                                + ". An unmapped field is looked for under its own name.",
                            isRequired: false),
            ConnectionField("currency", label: "Currency", help: "The ISO 4217 currency of prices in the files.",
                            isRequired: false, defaultValue: "EUR"),
            ConnectionField("prices_include_tax", label: "Prices include tax", help: "Whether file prices are gross.",
                            kind: .choice(["no", "yes"]), isRequired: false),
            ConnectionField("stock_location", label: "Stock location",
                            help: "The location code for stock rows without a location column.", isRequired: false,
                            defaultValue: "MAIN"),
        ],
        capabilities: [.testConnection, .takeFiles(.product), .takeFiles(.price), .takeFiles(.stock),
                       .upsert(.order), .readOne(.order)],
        // One server and account with another inbound directory is another drop.
        endpointFields: ["host", "port", "username", "inbound_directory"])
}
