@testable import HTTPClient
import Testing

/// Remote paths and fingerprints are checked once, before libcurl sees them: what would change
/// a URL's or a quote command's meaning is refused or escaped.
struct SFTPPathTests {
    @Test func writesAbsoluteAndHomeRelativePathsForURLsAndQuoteCommands() throws {
        let absolute = try SFTPPath("/data/in box/#1 50%.csv")
        #expect(absolute.urlPath(asDirectory: false) == "/data/in%20box/%231%2050%25.csv")
        #expect(absolute.quotedArgument == "\"/data/in box/#1 50%.csv\"")
        let home = try SFTPPath("~/export/")
        #expect(home.text == "~/export")
        #expect(home.urlPath(asDirectory: true) == "/~/export/")
        #expect(try home.appending("a \"b\".csv").quotedArgument == #""export/a \"b\".csv""#)
        #expect(try home.appending("x.csv").parent == home)
    }

    @Test func refusesPathsThatCouldClimbOutOrBreakACommand() {
        for text in ["relative/x", "/a/../etc", "/a//b", "/a/\nrm x", ""] {
            #expect(throws: SFTPError.self, "\(text.debugDescription)") { try SFTPPath(text) }
        }
        #expect(throws: SFTPError.self) { try SFTPPath("/in").appending("../x") }
        #expect(throws: SFTPError.self) { try SFTPPath("/in").appending("a/b") }
    }

    @Test func acceptsFingerprintsAsSSHKeygenPrintsThem() throws {
        let sha = try SFTPHostKeyFingerprint("SHA256:h5nTd+CaFiV3uyuBwDZVudKZhcXKiW3InVxJq0IvUs8")
        #expect(sha.algorithm == .sha256 && sha.value == "h5nTd+CaFiV3uyuBwDZVudKZhcXKiW3InVxJq0IvUs8")
        #expect(try SFTPHostKeyFingerprint("h5nTd+CaFiV3uyuBwDZVudKZhcXKiW3InVxJq0IvUs8=") == sha)
        let md5 = try SFTPHostKeyFingerprint("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")
        #expect(md5.algorithm == .md5 && md5.value == "1627aca576282d36631b564debdfa648")
        #expect(throws: SFTPError.self) { try SFTPHostKeyFingerprint("SHA256:tooShort") }
        #expect(throws: SFTPError.self) { try SFTPHostKeyFingerprint("") }
    }

    @Test func readsOpenSSHLongListingLinesWithSpacesInNames() {
        #expect(SFTPDirectoryEntry.parse(longName: "-rw-r--r--    1 root     root          123 Nov 22 16:58 items  2.csv")
                == SFTPDirectoryEntry(name: "items  2.csv", kind: .file, size: 123))
        #expect(SFTPDirectoryEntry.parse(longName: "drwxr-xr-x    2 erp      erp          4096 Jan  3  2025 processed")?.kind == .directory)
        #expect(SFTPDirectoryEntry.parse(longName: "lrwxrwxrwx    1 a b 7 Nov 22 16:58 latest.csv -> items.csv")?.name == "latest.csv")
        #expect(SFTPDirectoryEntry.parse(longName: "drwxr-xr-x    2 a b 4096 Nov 22 16:58 ..") == nil)
        #expect(SFTPDirectoryEntry.parse(longName: "garbage") == nil)
    }
}
