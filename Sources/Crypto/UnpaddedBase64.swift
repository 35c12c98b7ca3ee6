#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Base64 without padding in either alphabet of RFC 4648. The standard alphabet unpadded is
/// what the PHC string format calls "B64" and uses for password hash salts and outputs.
enum UnpaddedBase64 {
    /// Which RFC 4648 alphabet: §4 (`+` `/`) or §5 (`-` `_`).
    enum Alphabet {
        case standard, url
    }

    /// `bytes` encoded in `alphabet`, trailing `=` removed.
    static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        guard alphabet == .url else { return text }
        return String(text.map { character in
            switch character {
            case "+": "-"
            case "/": "_"
            default: character
            }
        })
    }

    /// The bytes in `text` (padding optional), or nil if any character is outside
    /// `alphabet` or the length cannot be base64 (one character left over).
    static func decode(_ text: some StringProtocol, alphabet: Alphabet) -> [UInt8]? {
        var body = Substring(text)
        // Accept correct padding only: at most two `=` and a padded length that is a multiple of 4.
        if body.hasSuffix("=") {
            guard body.count % 4 == 0 else { return nil }
            while body.last == "=" { body.removeLast() }
            guard text.count - body.count <= 2 else { return nil }
        }
        var standard = ""
        standard.reserveCapacity(body.utf8.count + 2)
        for byte in body.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "-") where alphabet == .url, UInt8(ascii: "+") where alphabet == .standard:
                standard.append("+")
            case UInt8(ascii: "_") where alphabet == .url, UInt8(ascii: "/") where alphabet == .standard:
                standard.append("/")
            default:
                return nil
            }
        }
        guard standard.utf8.count % 4 != 1 else { return nil }
        standard.append(String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4))
        guard let data = Data(base64Encoded: standard) else { return nil }
        return [UInt8](data)
    }
}
