package io.saffron.core.protocol;

/**
 * Malformed or oversized input after the link stage, on a channel that carries framed messages (spice-wire.md
 * §2).
 *
 * <p>It closes the connection of that one channel client, never the loop that read it. The message states what
 * was wrong, the actual and the expected value and the channel identity, for example
 * {@code message size 70000 exceeds limit 65536 (display:0, msg type 302)}.
 *
 * @see MessageTooLongException
 * @see CorruptedMessageException
 */
public class SpiceProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was wrong, in lower case with the actual and the expected value
     */
    public SpiceProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception caused by another exception.
     *
     * @param message what was wrong, in lower case with the actual and the expected value
     * @param cause   the underlying failure, or null
     */
    public SpiceProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
