import Crypto
import Foundation
import Testing
@testable import Tenancy
import TestSupport

@Suite struct KeyringTests {
    static let sequentialKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let sequentialKey = try! SymmetricKey(bytes: Array(0..<32))

    @Test func keyIDIsTheFirstEightBytesOfTheHMACOfTheLabelInHex() {
        // HMAC-SHA256(key = 00 01 … 1f, "counterpart key id"), computed independently (Python's hmac).
        #expect(Keyring.keyID(of: Self.sequentialKey) == "ad943200ea8749a5")
    }

    @Test func keyIDIsStableAndDiffersBetweenKeys() {
        let key = SymmetricKey.random()
        #expect(Keyring.keyID(of: key) == Keyring.keyID(of: try! SymmetricKey(bytes: key.withUnsafeBytes { Array($0) })))
        #expect(Keyring.keyID(of: key) != Keyring.keyID(of: SymmetricKey.random()))
        #expect(Keyring(current: key).currentKeyID == Keyring.keyID(of: key))
    }

    @Test func descriptionShowsKeyIDsButNoKeyMaterial() throws {
        let previous = SymmetricKey.random()
        let keyring = Keyring(current: Self.sequentialKey, previous: [previous, Self.sequentialKey])
        let text = "\(keyring) \(String(reflecting: keyring))"
        #expect(text.contains("ad943200ea8749a5"))
        #expect(text.contains(Keyring.keyID(of: previous)))
        #expect(!text.contains("AAECAwQF"))
        #expect(!text.contains("000102030405"))
        #expect(keyring.previousKeyIDs == [Keyring.keyID(of: previous)], "the current key repeated as previous is kept once")
    }

    @Test func parsesStandardAndURLBase64WithOrWithoutPaddingToTheSameKey() throws {
        for text in [Self.sequentialKeyText, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "  \(Self.sequentialKeyText)\n"] {
            let keyring = try KeyringConfiguration(environment: ["COUNTERPART_MASTER_KEY": text]).keyring
            #expect(keyring.currentKeyID == "ad943200ea8749a5")
        }
        let url = try #require(KeyringConfiguration.decodeKey("-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s="))
        let standard = try #require(KeyringConfiguration.decodeKey("+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s="))
        #expect(url == standard)
    }

    @Test func readsTheKeyFromAFileAndPreviousKeysFromACommaSeparatedList() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)").path
        try Data((Self.sequentialKeyText + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old1 = KeyringConfiguration.generateKeyText()
        let old2 = KeyringConfiguration.generateKeyText()
        let keyring = try KeyringConfiguration(environment: [
            "COUNTERPART_MASTER_KEY_FILE": path,
            "COUNTERPART_PREVIOUS_MASTER_KEYS": "\(old1), \(old2)",
        ]).keyring
        #expect(keyring.currentKeyID == "ad943200ea8749a5")
        let ids = try [old1, old2].map { Keyring.keyID(of: try #require(KeyringConfiguration.decodeKey($0))) }
        #expect(keyring.previousKeyIDs == ids)
        #expect(keyring.keyIDs == ["ad943200ea8749a5"] + ids)
    }

    @Test func aMissingKeyNamesTheMasterKeyVariable() {
        #expect(throws: KeyringConfigurationError.self) { try KeyringConfiguration(environment: [:]) }
        let error = configurationError([:])
        #expect(error?.variable == "COUNTERPART_MASTER_KEY")
        #expect(error?.expected.contains("COUNTERPART_MASTER_KEY_FILE") == true)
        #expect(configurationError(["COUNTERPART_MASTER_KEY": "  "])?.variable == "COUNTERPART_MASTER_KEY")
    }

    @Test func aKeyOfTheWrongLengthOrAlphabetNamesItsVariableWithoutShowingIt() {
        let short = "AAECAwQFBgcICQoLDA0ODw=="  // 16 bytes
        for bad in [short, "not base64 at all!", Self.sequentialKeyText + "AA"] {
            let error = configurationError(["COUNTERPART_MASTER_KEY": bad])
            #expect(error?.variable == "COUNTERPART_MASTER_KEY")
            #expect(error.map { !"\($0)".contains(bad) } == true)
        }
    }

    @Test func settingBothTheKeyAndTheKeyFileIsRefused() {
        let error = configurationError([
            "COUNTERPART_MASTER_KEY": Self.sequentialKeyText, "COUNTERPART_MASTER_KEY_FILE": "/run/secrets/key",
        ])
        #expect(error?.variable == "COUNTERPART_MASTER_KEY_FILE")
    }

    @Test func anUnreadableKeyFileNamesTheFileVariable() {
        let error = configurationError(["COUNTERPART_MASTER_KEY_FILE": "/nonexistent/\(UUID().uuidString)"])
        #expect(error?.variable == "COUNTERPART_MASTER_KEY_FILE")
    }

    @Test func aBadPreviousKeyNamesThePreviousKeysVariableAndTheEntry() {
        let error = configurationError([
            "COUNTERPART_MASTER_KEY": Self.sequentialKeyText,
            "COUNTERPART_PREVIOUS_MASTER_KEYS": "\(KeyringConfiguration.generateKeyText()),secret-but-wrong",
        ])
        #expect(error?.variable == "COUNTERPART_PREVIOUS_MASTER_KEYS")
        #expect(error?.expected.contains("entry 2 of 2") == true)
        #expect(error.map { !"\($0)".contains("secret-but-wrong") } == true)
    }

    @Test func aBadRotationBatchSizeNamesItsVariable() throws {
        #expect(throws: KeyringConfigurationError(variable: "COUNTERPART_KEY_ROTATION_BATCH_SIZE",
                                                  expected: "a whole number from 1 to 10000")) {
            try KeyRotation.batchSize(from: ["COUNTERPART_KEY_ROTATION_BATCH_SIZE": "0"])
        }
        #expect(try KeyRotation.batchSize(from: [:]) == KeyRotation.defaultBatchSize)
        #expect(try KeyRotation.batchSize(from: ["COUNTERPART_KEY_ROTATION_BATCH_SIZE": "500"]) == 500)
    }

    private func configurationError(_ environment: [String: String]) -> KeyringConfigurationError? {
        do {
            _ = try KeyringConfiguration(environment: environment)
            return nil
        } catch {
            return error
        }
    }
}
