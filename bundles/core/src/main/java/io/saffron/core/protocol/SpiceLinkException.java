package io.saffron.core.protocol;

import java.util.Objects;

/**
 * A failure of the SPICE link stage (spice-wire.md §1), carrying the {@link LinkError} to send to the client.
 *
 * <p>The link handshake catches it and answers with a link error reply when {@link LinkError#isReplyError()} is
 * true, otherwise with the link result, and then closes the connection. The message says what was wrong with
 * the actual and the expected value, for example
 * {@code bad link magic 0x54534547 (expected: 0x51444552 "REDQ")}; it is for logs, the client only sees the code.
 */
public class SpiceLinkException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The error sent to the client. */
    private final LinkError error;

    /**
     * Creates an exception for a link error.
     *
     * @param error   the error to send to the client; never {@link LinkError#OK}
     * @param message what was wrong, in lower case with the actual and the expected value
     * @throws IllegalArgumentException if {@code error} is {@link LinkError#OK}
     */
    public SpiceLinkException(LinkError error, String message) {
        this(error, message, null);
    }

    /**
     * Creates an exception for a link error caused by another exception.
     *
     * @param error   the error to send to the client; never {@link LinkError#OK}
     * @param message what was wrong, in lower case with the actual and the expected value
     * @param cause   the underlying failure, or null
     * @throws IllegalArgumentException if {@code error} is {@link LinkError#OK}
     */
    public SpiceLinkException(LinkError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
        if (error == LinkError.OK) {
            throw new IllegalArgumentException("link error OK is not an error (expected: any other link error)");
        }
    }

    /**
     * Returns the error to send to the client.
     *
     * @return the link error, never {@link LinkError#OK}
     */
    public LinkError error() {
        return error;
    }
}
