package io.saffron.core.protocol;

/**
 * A message header declared a body larger than the limit of its channel (spice-wire.md §2); the body was not
 * read. Netty's {@code TooLongFrameException} plays the same role.
 */
public class MessageTooLongException extends SpiceProtocolException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the size, the limit and the channel, for example
     *                {@code message size 70000 exceeds limit 65536 (display:0, msg type 302)}
     */
    public MessageTooLongException(String message) {
        super(message);
    }
}
