package io.saffron.core.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The RSA key pair of one link and the SPICE ticket cipher (spice-wire.md §1.4, §1.6).
 *
 * <p>The server sends {@link #publicKeyDer()} in its {@link LinkReply}; the client encrypts its password plus a
 * terminating NUL with RSA-OAEP (SHA-1, MGF1-SHA-1, empty label) and sends the 128-byte ciphertext as the ticket,
 * which {@link #decryptTicket(byte[])} turns back into the password. As spice-server does, use a fresh pair for
 * every link. Both directions pass the OAEP parameters explicitly so that every JCE provider agrees on MGF1-SHA-1.
 *
 * <p>Immutable; safe for use by any thread (each call creates its own {@link Cipher}).
 */
public final class LinkKeys {

    /** The RSA key size; the key DER is then 162 bytes and a ticket 128 bytes. */
    public static final int KEY_BITS = 1024;

    /** The size of an encrypted ticket, RSA_size of the key. */
    public static final int TICKET_BYTES = KEY_BITS / Byte.SIZE;

    /** The longest password {@link #encryptTicket} accepts, in UTF-8 bytes: 128 − 2·20 − 2 OAEP bytes, one NUL. */
    public static final int MAX_PASSWORD_BYTES = TICKET_BYTES - 2 * 20 - 2 - 1;

    private static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";

    private static final AlgorithmParameterSpec OAEP_SHA1 =
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

    private final PrivateKey privateKey;

    /** The SubjectPublicKeyInfo DER of the public key, never shared with callers. */
    private final byte[] publicKeyDer;

    /**
     * Wraps an existing key pair; for tests, which need a pair whose private key they know.
     *
     * @param pair an RSA-1024 key pair
     * @throws IllegalStateException if the public key's DER is not 162 bytes
     */
    LinkKeys(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKeyDer = pair.getPublic().getEncoded();
        if (publicKeyDer == null || publicKeyDer.length != LinkReply.PUBLIC_KEY_BYTES) {
            throw new IllegalStateException("public key DER of "
                    + (publicKeyDer == null ? "no" : String.valueOf(publicKeyDer.length)) + " bytes (expected: "
                    + LinkReply.PUBLIC_KEY_BYTES + ")");
        }
    }

    /**
     * Generates a fresh RSA-1024 key pair with public exponent 65537. Takes some milliseconds of CPU; call it
     * where that is acceptable.
     *
     * @return the keys
     * @throws IllegalStateException if the JDK cannot generate RSA keys, or encodes the public key in other than
     *                               162 bytes
     */
    public static LinkKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_BITS, RSAKeyGenParameterSpec.F4));
            return new LinkKeys(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA-" + KEY_BITS + " key pair", e);
        }
    }

    /**
     * Returns the public key as sent in the SpiceLinkReply.
     *
     * @return a copy of the 162-byte X.509 SubjectPublicKeyInfo DER
     */
    public byte[] publicKeyDer() {
        return publicKeyDer.clone();
    }

    /**
     * Decrypts a ticket and returns the password in it.
     *
     * @param ticket the {@value #TICKET_BYTES} bytes the client sent ({@link LinkParser#ticket()})
     * @return the plaintext up to, not including, the first NUL (all of it if there is none); empty when the
     *         client has no password
     * @throws SpiceLinkException {@link LinkError#PERMISSION_DENIED} if the ticket is not 128 bytes long or does
     *                            not decrypt with this key
     */
    public byte[] decryptTicket(byte[] ticket) throws SpiceLinkException {
        Objects.requireNonNull(ticket, "ticket");
        if (ticket.length != TICKET_BYTES) {
            throw new SpiceLinkException(LinkError.PERMISSION_DENIED,
                    "ticket of " + ticket.length + " bytes (expected: " + TICKET_BYTES + ")");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA1);
            plain = cipher.doFinal(ticket);
        } catch (GeneralSecurityException e) {
            throw new SpiceLinkException(LinkError.PERMISSION_DENIED,
                    "ticket does not decrypt (expected: RSA-OAEP SHA-1 with this link's key)", e);
        }
        int end = 0;
        while (end < plain.length && plain[end] != 0) {
            end++;
        }
        byte[] password = Arrays.copyOf(plain, end);
        Arrays.fill(plain, (byte) 0);
        return password;
    }

    /**
     * Encrypts a password into a ticket as a SPICE client does: the UTF-8 bytes plus a terminating NUL, RSA-OAEP
     * with SHA-1 and MGF1-SHA-1. For test clients.
     *
     * @param publicKeyDer the server's public key from the SpiceLinkReply
     * @param password     the password, possibly empty
     * @return the {@value #TICKET_BYTES}-byte ticket
     * @throws IllegalArgumentException if the key is not an RSA SubjectPublicKeyInfo DER, or the password is
     *                                  longer than {@value #MAX_PASSWORD_BYTES} UTF-8 bytes
     */
    public static byte[] encryptTicket(byte[] publicKeyDer, String password) {
        Objects.requireNonNull(publicKeyDer, "publicKeyDer");
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password of " + utf8.length + " bytes is too long (expected: <= "
                    + MAX_PASSWORD_BYTES + ")");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public key of " + publicKeyDer.length
                    + " bytes is not an RSA SubjectPublicKeyInfo DER", e);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, OAEP_SHA1);
            return cipher.doFinal(Arrays.copyOf(utf8, utf8.length + 1));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encrypt a ticket with this public key", e);
        }
    }

    /**
     * Compares a decrypted password with the configured one in time that does not depend on where they differ
     * (it may reveal whether the lengths differ).
     *
     * @param given    the password from {@link #decryptTicket(byte[])}
     * @param expected the configured password as bytes
     * @return true if both hold the same bytes
     */
    public static boolean passwordMatches(byte[] given, byte[] expected) {
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(expected, "expected");
        return MessageDigest.isEqual(given, expected);
    }
}
