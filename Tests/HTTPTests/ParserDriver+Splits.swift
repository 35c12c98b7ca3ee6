import HTTP
import Testing

extension ParserDriver {
    /// Parses `bytes` delivered whole, one byte at a time, and in several random splits, and
    /// records an issue unless every delivery produced the same requests and the same error:
    /// an incremental parser must not care where the network cut the stream.
    ///
    /// `continueExpected` is left out of the comparison: by design it appears only when the
    /// head arrives without any of the body behind it. Returns the events of the whole delivery.
    static func parseInEverySplit(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
                                  sourceLocation: SourceLocation = #_sourceLocation) -> [ParseEvent] {
        var whole = ParserDriver(limits: limits)
        whole.feed(bytes, sourceLocation: sourceLocation)
        let expected = whole.events.filter { $0 != .continueExpected }

        var deliveries: [(name: String, chunks: [ArraySlice<UInt8>])] = [
            ("byte by byte", bytes.indices.map { bytes[$0...$0] }),
        ]
        for seed in UInt64(1)...8 {
            var random = SplitMix64(seed: seed)
            deliveries.append(("random split, seed \(seed)", randomChunks(of: bytes, using: &random)))
        }
        for delivery in deliveries {
            var driver = ParserDriver(limits: limits)
            for chunk in delivery.chunks where !driver.hasFailed {
                driver.feed(chunk, sourceLocation: sourceLocation)
            }
            let events = driver.events.filter { $0 != .continueExpected }
            #expect(events == expected, "delivered \(delivery.name)", sourceLocation: sourceLocation)
        }
        return whole.events
    }

    /// Same as above for text written with explicit `\r\n`.
    static func parseInEverySplit(_ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
                                  sourceLocation: SourceLocation = #_sourceLocation) -> [ParseEvent] {
        parseInEverySplit(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    /// The error a stream ended with, after checking every split agrees on it.
    static func failure(of text: String, limits: HTTPParserLimits = HTTPParserLimits(),
                        sourceLocation: SourceLocation = #_sourceLocation) -> HTTPParseError? {
        failure(of: Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    /// The error a stream ended with, after checking every split agrees on it.
    static func failure(of bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
                        sourceLocation: SourceLocation = #_sourceLocation) -> HTTPParseError? {
        guard case .failed(let error) = parseInEverySplit(bytes, limits: limits, sourceLocation: sourceLocation).last else {
            return nil
        }
        return error
    }

    /// The requests a stream produced, after checking every split agrees on them.
    static func requests(in text: String, limits: HTTPParserLimits = HTTPParserLimits(),
                         sourceLocation: SourceLocation = #_sourceLocation) -> [RequestSnapshot] {
        parseInEverySplit(text, limits: limits, sourceLocation: sourceLocation).compactMap {
            if case .request(let request) = $0 { return request }
            return nil
        }
    }

    private static func randomChunks(of bytes: [UInt8], using random: inout SplitMix64) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            // Mostly short chunks, so cuts land inside CRLFs, sizes and field names.
            let length = Int(random.next() % 7) + 1
            let end = min(bytes.count, start + length)
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }
}

/// A small seeded generator, so a failing split can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
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
