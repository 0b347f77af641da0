package io.saffron.core.protocol;

import static io.saffron.core.protocol.Feeds.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.junit.jupiter.api.Test;

class LinkKeysTest {

    /** The DER prefix of a 1024-bit RSA SubjectPublicKeyInfo (spice-wire.md §1.4). */
    private static final byte[] DER_PREFIX = hex("30 81 9f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01");

    private static final OAEPParameterSpec OAEP_SHA1 =
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    private final KeyPair pair = newPair();
    private final LinkKeys keys = new LinkKeys(pair);

    @Test
    void publicKeyIsThe162ByteSpkiDerOfA1024BitKey() {
        byte[] der = LinkKeys.generate().publicKeyDer();

        assertEquals(162, der.length);
        assertArrayEquals(DER_PREFIX, Arrays.copyOf(der, DER_PREFIX.length));
        assertArrayEquals(hex("05 00 03 81 8d 00 30 81 89 02 81 81 00"), Arrays.copyOfRange(der, 16, 29));
        assertArrayEquals(hex("02 03 01 00 01"), Arrays.copyOfRange(der, 157, 162));
    }

    @Test
    void everyGenerateMakesANewKey() {
        assertFalse(Arrays.equals(LinkKeys.generate().publicKeyDer(), LinkKeys.generate().publicKeyDer()));
    }

    @Test
    void publicKeyDerIsACopy() {
        keys.publicKeyDer()[0] = 0;

        assertEquals(0x30, keys.publicKeyDer()[0]);
    }

    @Test
    void roundTripsAPassword() throws SpiceLinkException {
        byte[] ticket = LinkKeys.encryptTicket(keys.publicKeyDer(), "secret");

        assertEquals(128, ticket.length);
        assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), keys.decryptTicket(ticket));
    }

    @Test
    void roundTripsTheEmptyPassword() throws SpiceLinkException {
        byte[] ticket = LinkKeys.encryptTicket(keys.publicKeyDer(), "");

        assertArrayEquals(new byte[0], keys.decryptTicket(ticket));
    }

    @Test
    void roundTripsTheLongestPassword() throws SpiceLinkException {
        String password = "p".repeat(LinkKeys.MAX_PASSWORD_BYTES);

        byte[] ticket = LinkKeys.encryptTicket(keys.publicKeyDer(), password);

        assertArrayEquals(password.getBytes(StandardCharsets.UTF_8), keys.decryptTicket(ticket));
    }

    @Test
    void ticketPlaintextIsThePasswordAndOneNul() throws GeneralSecurityException {
        assertArrayEquals(new byte[] {0}, plaintext(LinkKeys.encryptTicket(keys.publicKeyDer(), "")));
        assertArrayEquals("secret\0".getBytes(StandardCharsets.UTF_8),
                plaintext(LinkKeys.encryptTicket(keys.publicKeyDer(), "secret")));
        assertArrayEquals("h\u00e9\0".getBytes(StandardCharsets.UTF_8),
                plaintext(LinkKeys.encryptTicket(keys.publicKeyDer(), "h\u00e9")));
    }

    @Test
    void decryptsATicketMadeWithTheJdkDefaultsAndStopsAtTheFirstNul()
            throws GeneralSecurityException, SpiceLinkException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, pair.getPublic());

        assertArrayEquals("pw".getBytes(StandardCharsets.US_ASCII),
                keys.decryptTicket(cipher.doFinal("pw\0rest".getBytes(StandardCharsets.US_ASCII))));
        assertArrayEquals("no-nul".getBytes(StandardCharsets.US_ASCII),
                keys.decryptTicket(cipher.doFinal("no-nul".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void ticketForAnotherKeyIsPermissionDenied() {
        byte[] ticket = LinkKeys.encryptTicket(LinkKeys.generate().publicKeyDer(), "secret");

        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> keys.decryptTicket(ticket));

        assertEquals(LinkError.PERMISSION_DENIED, e.error());
        assertEquals("ticket does not decrypt (expected: RSA-OAEP SHA-1 with this link's key)", e.getMessage());
        assertInstanceOf(GeneralSecurityException.class, e.getCause());
    }

    @Test
    void garbageTicketIsPermissionDenied() {
        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> keys.decryptTicket(new byte[128]));

        assertEquals(LinkError.PERMISSION_DENIED, e.error());
    }

    @Test
    void ticketOfTheWrongLengthIsPermissionDenied() {
        SpiceLinkException e = assertThrows(SpiceLinkException.class, () -> keys.decryptTicket(new byte[127]));

        assertEquals(LinkError.PERMISSION_DENIED, e.error());
        assertEquals("ticket of 127 bytes (expected: 128)", e.getMessage());
    }

    @Test
    void encryptRejectsATooLongPasswordAndABadKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkKeys.encryptTicket(keys.publicKeyDer(), "p".repeat(86)));
        assertEquals("password of 86 bytes is too long (expected: <= 85)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LinkKeys.encryptTicket(new byte[162], "x"));
        assertEquals("public key of 162 bytes is not an RSA SubjectPublicKeyInfo DER", e.getMessage());
    }

    @Test
    void passwordMatchesComparesContent() {
        byte[] secret = "secret".getBytes(StandardCharsets.UTF_8);

        assertTrue(LinkKeys.passwordMatches("secret".getBytes(StandardCharsets.UTF_8), secret));
        assertFalse(LinkKeys.passwordMatches("secreT".getBytes(StandardCharsets.UTF_8), secret));
        assertFalse(LinkKeys.passwordMatches("secret2".getBytes(StandardCharsets.UTF_8), secret));
        assertFalse(LinkKeys.passwordMatches(new byte[0], secret));
        assertTrue(LinkKeys.passwordMatches(new byte[0], new byte[0]));
    }

    /** Decrypts with the private key directly, to see the plaintext a client puts in a ticket. */
    private byte[] plaintext(byte[] ticket) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate(), OAEP_SHA1);
        return cipher.doFinal(ticket);
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
