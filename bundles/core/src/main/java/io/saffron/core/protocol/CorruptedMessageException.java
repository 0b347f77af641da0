package io.saffron.core.protocol;

/**
 * A message that cannot be valid, such as a sub-message list pointing outside the body (spice-wire.md §2.2).
 * Netty's {@code CorruptedFrameException} plays the same role.
 */
public class CorruptedMessageException extends SpiceProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was wrong, with the actual and the expected value and the channel
     */
    public CorruptedMessageException(String message) {
        super(message);
    }
}
