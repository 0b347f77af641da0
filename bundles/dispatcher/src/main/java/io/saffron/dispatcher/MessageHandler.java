package io.saffron.dispatcher;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles one registered message type on the dispatcher's loop (the counterpart of a spice-server dispatcher
 * handler). Runs on the target loop only; it may not block.
 *
 * @param <T> the message record type
 */
@ConsumerType
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * Handles a message. The message belongs to the handler from now on.
     *
     * @throws Exception any failure: for an acknowledged message it fails the sender's future; otherwise it is
     *                   logged at ERROR with the loop and the message, and the loop goes on
     */
    void handle(T message) throws Exception;
}
