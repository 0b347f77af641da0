package io.saffron.core.protocol;

/**
 * Bit numbers of the common capabilities, {@code SPICE_COMMON_CAP_*}, valid on every channel (spice-wire.md §1.3).
 * Use them with {@link Capabilities#of(int...)} and {@link Capabilities#has(int)}.
 *
 * <p>A server always advertises {@link #PROTOCOL_AUTH_SELECTION}, {@link #AUTH_SPICE} and {@link #MINI_HEADER}
 * (common word {@code 0x0000000b}) and never {@link #AUTH_SASL} unless it implements SASL.
 */
public final class CommonCaps {

    /** A 4-byte auth mechanism word precedes the ticket; the server reads it iff the client set this bit. */
    public static final int PROTOCOL_AUTH_SELECTION = 0;

    /** RSA ticket authentication; also the auth mechanism value that selects it. */
    public static final int AUTH_SPICE = 1;

    /** SASL authentication; also the auth mechanism value that selects it. */
    public static final int AUTH_SASL = 2;

    /** The 6-byte mini message header instead of the 18-byte full header (spice-wire.md §2.1). */
    public static final int MINI_HEADER = 3;

    private CommonCaps() {
    }
}
