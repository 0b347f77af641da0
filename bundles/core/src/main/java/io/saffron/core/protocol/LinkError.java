package io.saffron.core.protocol;

/**
 * The link errors of the SPICE link stage, {@code SPICE_LINK_ERR_*} (spice-wire.md §1.5), with their wire codes.
 *
 * <p>An error reaches the client in one of two ways, told apart by {@link #isReplyError()}: as a <em>link error
 * reply</em> (a link header with size 178 and a SpiceLinkReply carrying only the error, see
 * {@link LinkReply#encodeError}) before authentication, or as the 4-byte <em>link result</em> after the ticket (see
 * {@link LinkReply#encodeResult}). The link handshake throws {@link SpiceLinkException}s built with
 * {@link #toException(String)} and turns them into the matching bytes.
 *
 * <p>Immutable; safe for use by any thread.
 */
public enum LinkError {

    /** Success ({@code SPICE_LINK_ERR_OK}); not an error, only sent as the OK reply or result. */
    OK(0),
    /** An unspecified error; sent as a link error reply. */
    ERROR(1),
    /** The link header did not start with "REDQ"; sent as a link error reply. */
    INVALID_MAGIC(2),
    /** A malformed link header, link message or auth mechanism; sent as a link error reply. */
    INVALID_DATA(3),
    /** The link header's major version is not {@value LinkHeader#MAJOR_VERSION}; sent as a link error reply. */
    VERSION_MISMATCH(4),
    /** The channel must be opened on the TLS port; sent as a link error reply (spice-gtk then reconnects over TLS). */
    NEED_SECURED(5),
    /** The channel must be opened on the plain port; sent as a link error reply. */
    NEED_UNSECURED(6),
    /** The ticket did not decrypt or the password did not match; sent as the link result. */
    PERMISSION_DENIED(7),
    /** A secondary channel named a session id that is not known; sent as the link result. */
    BAD_CONNECTION_ID(8),
    /** The channel type or id is not served; sent as the link result. */
    CHANNEL_NOT_AVAILABLE(9);

    private static final LinkError[] BY_CODE = values();

    private final int code;

    LinkError(int code) {
        this.code = code;
    }

    /**
     * Returns the wire code of this error, the u32 sent in a SpiceLinkReply or as the link result.
     *
     * @return the code, 0 to 9
     */
    public int code() {
        return code;
    }

    /**
     * Returns the error with the given wire code.
     *
     * @param code the u32 read from the wire
     * @return the matching error
     * @throws IllegalArgumentException if no error has that code
     */
    public static LinkError fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown link error code " + Integer.toUnsignedString(code)
                    + " (expected: 0.." + (BY_CODE.length - 1) + ")");
        }
        return BY_CODE[code];
    }

    /**
     * Tells how this error is sent to the client (spice-wire.md §1.5).
     *
     * @return true for the errors sent as a link error reply before authentication ({@link #ERROR},
     *         {@link #INVALID_MAGIC}, {@link #INVALID_DATA}, {@link #VERSION_MISMATCH}, {@link #NEED_SECURED},
     *         {@link #NEED_UNSECURED}); false for those sent as the 4-byte link result after the ticket
     *         ({@link #PERMISSION_DENIED}, {@link #BAD_CONNECTION_ID}, {@link #CHANNEL_NOT_AVAILABLE}) and for
     *         {@link #OK}, which is no error
     */
    public boolean isReplyError() {
        switch (this) {
            case ERROR:
            case INVALID_MAGIC:
            case INVALID_DATA:
            case VERSION_MISMATCH:
            case NEED_SECURED:
            case NEED_UNSECURED:
                return true;
            default:
                return false;
        }
    }

    /**
     * Creates the exception that reports this error.
     *
     * @param message what was wrong, in lower case with the actual and the expected value
     * @return a new exception whose {@link SpiceLinkException#error()} is this error
     * @throws IllegalArgumentException if this is {@link #OK}
     */
    public SpiceLinkException toException(String message) {
        return new SpiceLinkException(this, message);
    }
}
