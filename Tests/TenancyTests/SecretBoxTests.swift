import Crypto
import Foundation
import Testing
@testable import Tenancy
import TestSupport

@Suite struct SecretBoxTests {
    let binding = SecretBinding(partnerID: UUID(), secretID: UUID(), purpose: "connection/1/consumer_secret")

    @Test func secretValueInterpolatesAsRedactedEverywhere() {
        let value = SecretValue("cs_hunter2")
        var dumped = ""
        dump(value, to: &dumped)
        let shown = ["\(value)", String(describing: value), String(reflecting: value), "\([value])", dumped]
        for text in shown {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(value)" == "<redacted>")
        #expect(value.revealUTF8() == "cs_hunter2")
    }

    @Test func sealsAndOpensUnderTheCurrentKey() throws {
        let box = SecretBox(keyring: Keyring(current: .random()))
        let sealed = try box.seal(SecretValue("cs_live_123"), for: binding)
        #expect(sealed.keyID == box.keyring.currentKeyID)
        #expect(sealed.sealed.count == 12 + "cs_live_123".utf8.count + 16)
        #expect(try box.open(sealed, for: binding).revealUTF8() == "cs_live_123")
    }

    @Test func refusesACiphertextBoundToAnotherPartnerRowOrPurpose() throws {
        let box = SecretBox(keyring: Keyring(current: .random()))
        let sealed = try box.seal(SecretValue("cs_live_123"), for: binding)
        var otherPartner = binding
        otherPartner.partnerID = UUID()
        var otherRow = binding
        otherRow.secretID = UUID()
        var otherPurpose = binding
        otherPurpose.purpose = "connection/2/consumer_secret"
        for wrong in [otherPartner, otherRow, otherPurpose] {
            #expect(throws: SecretError.cannotOpen(keyID: sealed.keyID, partnerID: wrong.partnerID, secretID: wrong.secretID)) {
                try box.open(sealed, for: wrong)
            }
        }
    }

    @Test func refusesATamperedOrTruncatedCiphertext() throws {
        let box = SecretBox(keyring: Keyring(current: .random()))
        let sealed = try box.seal(SecretValue("cs_live_123"), for: binding)
        var flipped = sealed
        flipped.sealed[14] ^= 0x01
        let truncated = SealedSecret(keyID: sealed.keyID, sealed: Array(sealed.sealed.prefix(10)))
        for bad in [flipped, truncated] {
            #expect(throws: SecretError.cannotOpen(keyID: sealed.keyID, partnerID: binding.partnerID, secretID: binding.secretID)) {
                try box.open(bad, for: binding)
            }
        }
    }

    @Test func opensUnderAPreviousKeyAndNamesAMissingOne() throws {
        let old = SymmetricKey.random()
        let sealedUnderOld = try SecretBox(keyring: Keyring(current: old)).seal(SecretValue("x"), for: binding)
        let rotated = SecretBox(keyring: Keyring(current: .random(), previous: [old]))
        #expect(try rotated.open(sealedUnderOld, for: binding).revealUTF8() == "x")
        #expect(throws: SecretError.unknownKey(keyID: sealedUnderOld.keyID, partnerID: binding.partnerID,
                                               secretID: binding.secretID)) {
            try SecretBox(keyring: rotated.keyring.currentOnly).open(sealedUnderOld, for: binding)
        }
    }

    @Test func aRelabelledKeyIDDoesNotOpenEvenWithTheRightKeyPresent() throws {
        let old = SymmetricKey.random()
        let new = SymmetricKey.random()
        let box = SecretBox(keyring: Keyring(current: new, previous: [old]))
        var sealed = try SecretBox(keyring: Keyring(current: old)).seal(SecretValue("x"), for: binding)
        sealed.keyID = box.keyring.currentKeyID
        #expect(throws: SecretError.self) { try box.open(sealed, for: binding) }
    }
}
