import Testing

/// Every test here runs a real server on loopback and talks to it through `TestClient`.
///
/// They run one at a time: some hold thousands of descriptors or measure the process's
/// descriptor count, and the machine has two cores that timing-sensitive cases (slowloris,
/// shutdown) should not have to share with a dozen servers at once.
@Suite(.serialized) struct ServerTests {}
