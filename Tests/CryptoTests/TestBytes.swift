import Crypto

/// Bytes from a hex literal in a test vector; a typo in a vector stops the test run loudly.
func hex(_ text: String) -> [UInt8] {
    guard let bytes = Hex.decode(text.filter { !$0.isWhitespace }) else {
        fatalError("test vector is not hex: \(text)")
    }
    return bytes
}

/// The UTF-8 bytes of `text`, for vectors given as ASCII strings.
func ascii(_ text: String) -> [UInt8] {
    Array(text.utf8)
}
