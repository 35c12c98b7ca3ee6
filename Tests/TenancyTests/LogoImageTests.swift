import Testing
import Tenancy
import TestSupport

/// Logos are accepted by content: PNG and JPEG headers of a sensible size, nothing else,
/// whatever the file claims to be.
@Suite struct LogoImageTests {
    private func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try LogoImage(bytes: bytes)
            return nil
        } catch {
            guard case .invalid(let problems) = error, problems.count == 1, problems[0].field == "logo" else {
                Issue.record("expected one problem on logo, got \(error)")
                return nil
            }
            return problems[0].message
        }
    }

    @Test func acceptsAPNGWithItsSizeTypeAndHash() throws {
        let bytes = TestImages.png(width: 120, height: 40)
        let logo = try LogoImage(bytes: bytes)
        #expect(logo.format == .png && logo.format.contentType == "image/png")
        #expect(logo.width == 120 && logo.height == 40)
        #expect(logo.bytes == bytes)
        #expect(logo.sha256.count == 64 && logo.sha256 == logo.sha256.lowercased())
    }

    @Test func acceptsAJPEGReadingItsFrameHeader() throws {
        let logo = try LogoImage(bytes: TestImages.jpeg(width: 300, height: 200))
        #expect(logo.format == .jpeg)
        #expect(logo.width == 300 && logo.height == 200)
    }

    @Test func refusesSVGEvenWithAByteOrderMarkOrLeadingSpace() throws {
        for bytes in [TestImages.svg, [0xEF, 0xBB, 0xBF] + TestImages.svg, Array("  \n<svg><script/></svg>".utf8)] {
            let message = try #require(refusal(bytes))
            #expect(message.contains("SVG"))
        }
    }

    @Test func refusesGIFHTMLAndUnknownFormatsNamingThem() throws {
        #expect(try #require(refusal(TestImages.gif)).contains("GIF"))
        #expect(try #require(refusal(Array("<html><script>x</script></html>".utf8))).contains("HTML"))
        #expect(try #require(refusal(Array("%PDF-1.7".utf8))).contains("PNG or JPEG"))
        #expect(try #require(refusal([])).contains("empty"))
    }

    @Test func refusesFilesOverTheByteLimit() throws {
        let tooBig = TestImages.png(width: 4, height: 4) + [UInt8](repeating: 0, count: LogoImage.maximumBytes)
        #expect(try #require(refusal(tooBig)).contains("512 KiB"))
    }

    @Test func refusesDimensionsOverTheLimitAndZero() throws {
        #expect(try #require(refusal(TestImages.pngHeader(width: 2049, height: 10) + [0, 0, 0, 0])).contains("2048×2048"))
        #expect(try #require(refusal(TestImages.jpeg(width: 10, height: 4000))).contains("2048×2048"))
        #expect(refusal(TestImages.pngHeader(width: 0, height: 10) + [0, 0, 0, 0]) != nil)
    }

    @Test func refusesTruncatedOrImplausibleHeaders() {
        let png = TestImages.png()
        for length in [8, 12, 20, 28] { #expect(refusal(Array(png.prefix(length))) != nil, "PNG cut at \(length)") }
        var badDepth = png
        badDepth[24] = 3  // bit depth 3 exists for no colour type
        #expect(refusal(badDepth) != nil)
        let jpeg = TestImages.jpeg()
        for length in [3, 4, 10, 24] { #expect(refusal(Array(jpeg.prefix(length))) != nil, "JPEG cut at \(length)") }
        // Image data (SOS) before any frame header.
        #expect(refusal([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]) != nil)
    }
}
