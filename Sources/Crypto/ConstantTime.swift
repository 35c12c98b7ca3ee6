internal import COpenSSL

/// Comparisons whose running time does not depend on the bytes compared.
///
/// Comparing a secret (a MAC, a password hash, a token) with `==` stops at the first
/// differing byte, and the time that takes tells an attacker how many leading bytes they
/// guessed right. `CRYPTO_memcmp(3)` always reads every byte.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes.
    ///
    /// Collections of different lengths are unequal. Only the lengths decide that early;
    /// lengths of MACs and hashes are public, their contents are not.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        lhs.withNonNullBytes { left, leftCount in
            rhs.withNonNullBytes { right, rightCount in
                guard leftCount == rightCount else { return false }
                return CRYPTO_memcmp(left, right, leftCount) == 0
            }
        }
    }
}
