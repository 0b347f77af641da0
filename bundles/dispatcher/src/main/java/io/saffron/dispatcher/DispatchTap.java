package io.saffron.dispatcher;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees every registered message just before its handler runs, on the target loop: for recording and replay (the
 * counterpart of spice-server's universal handler). It must not block and must not keep mutable messages.
 */
@ConsumerType
@FunctionalInterface
public interface DispatchTap {

    /** Called on the dispatcher's loop with the message about to be handled. */
    void onMessage(Dispatcher dispatcher, Object message);
}
