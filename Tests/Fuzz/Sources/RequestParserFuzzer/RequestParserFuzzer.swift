import HTTP

/// Limits small enough that short inputs reach every limit check.
let fuzzingLimits: HTTPParserLimits = {
    var limits = HTTPParserLimits()
    limits.maxRequestLineBytes = 64
    limits.maxHeaderBytes = 256
    limits.maxHeaderCount = 8
    limits.maxBodyBytes = 128
    limits.maxChunkLineBytes = 32
    return limits
}()

/// libFuzzer calls this once per input. The input is parsed whole, byte by byte and in a
/// few splits derived from the input itself (libFuzzer needs a deterministic target);
/// `ParserRun` checks the parser's contract on every call, and every delivery must produce
/// exactly the same requests, error and leftover bytes. Any violation traps, which libFuzzer
/// records as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let whole = ParserRun(input, chunkSizes: input.isEmpty ? [] : [input.count], limits: fuzzingLimits)
    var random = SplitMix64(seed: input.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
    var deliveries: [[Int]] = [
        splitSizes(count: input.count, maximumChunk: 3, using: &random),
        splitSizes(count: input.count, maximumChunk: 17, using: &random),
    ]
    if input.count <= 4_096 { deliveries.append(Array(repeating: 1, count: input.count)) }
    for chunkSizes in deliveries {
        let split = ParserRun(input, chunkSizes: chunkSizes, limits: fuzzingLimits)
        guard split == whole else {
            fatalError("""
                split delivery disagrees with whole delivery
                  chunks: \(chunkSizes)
                  whole:  \(whole.requests.count) requests, failure \(String(describing: whole.failure)), \(whole.pendingBytes) pending
                  split:  \(split.requests.count) requests, failure \(String(describing: split.failure)), \(split.pendingBytes) pending
                """)
        }
    }
    return 0
}

/// Random chunk sizes from 1 to `maximumChunk` that add up to `count`.
func splitSizes(count: Int, maximumChunk: Int, using random: inout SplitMix64) -> [Int] {
    var sizes: [Int] = []
    var remaining = count
    while remaining > 0 {
        let size = min(remaining, Int(random.next() % UInt64(maximumChunk)) + 1)
        sizes.append(size)
        remaining -= size
    }
    return sizes
}

/// A small seeded generator (SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
