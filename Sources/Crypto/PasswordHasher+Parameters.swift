extension PasswordHasher {
    /// The scrypt cost parameters of a password hash (RFC 7914 §2).
    ///
    /// The limits below bound what any hash — new, or read back from storage — may demand,
    /// so that a tampered or absurd row cannot make one login take gigabytes or minutes.
    public struct Parameters: Sendable, Hashable, CustomStringConvertible {
        /// log2 of the CPU/memory cost N (the `ln` of the encoded form).
        public var logN: Int
        /// The block size r.
        public var r: UInt32
        /// The parallelisation p.
        public var p: UInt32

        /// Parameters with N = 2^`logN`.
        public init(logN: Int, r: UInt32, p: UInt32) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// OWASP Password Storage Cheat Sheet (scrypt): N = 2^17, r = 8, p = 1, which needs
        /// 128 MiB per hash.
        public static let recommended = Parameters(logN: 17, r: 8, p: 1)

        /// The most memory one hash may use: 256 MiB, twice the recommendation.
        public static let maximumMemoryBytes: UInt64 = 256 << 20

        /// The most work one hash may take, counted as N · r · p: four times the recommendation.
        public static let maximumWork: UInt64 = 4 << 20

        /// N, the CPU/memory cost.
        public var n: UInt64 { logN >= 0 && logN < 64 ? 1 << UInt64(logN) : 0 }

        /// `ln=17,r=8,p=1`, as in the encoded form.
        public var description: String { "ln=\(logN),r=\(r),p=\(p)" }

        /// Throws `CryptoError.rejectedScryptParameters` unless these parameters are valid
        /// scrypt parameters within `maximumMemoryBytes` and `maximumWork`.
        func validate() throws(CryptoError) {
            guard (1...32).contains(logN) else {
                throw .rejectedScryptParameters(reason: "ln = \(logN) is outside 1...32")
            }
            guard r >= 1, p >= 1 else {
                throw .rejectedScryptParameters(reason: "r = \(r) and p = \(p) must both be at least 1")
            }
            guard let memory = Scrypt.memoryRequired(n: n, r: r, p: p), memory <= Self.maximumMemoryBytes else {
                throw .rejectedScryptParameters(
                    reason: "\(self) needs more than the \(Self.maximumMemoryBytes >> 20) MiB allowed")
            }
            let (rp, o1) = UInt64(r).multipliedReportingOverflow(by: UInt64(p))
            let (work, o2) = n.multipliedReportingOverflow(by: rp)
            guard !o1, !o2, work <= Self.maximumWork else {
                throw .rejectedScryptParameters(reason: "\(self) exceeds the work limit N·r·p ≤ \(Self.maximumWork)")
            }
        }
    }
}
