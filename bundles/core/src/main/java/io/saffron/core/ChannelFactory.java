package io.saffron.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Published by a channel bundle (as an OSGi service) for one channel type. The core binds factories dynamically and
 * creates every channel instance on {@code spice-main}; a factory never creates channels by itself.
 *
 * <p>When a factory goes away (its bundle is stopped, updated or uninstalled), the core destroys every channel it
 * created, on {@code spice-main}, before the unbind returns, so no code of the old bundle runs afterwards.
 */
@ConsumerType
public interface ChannelFactory {

    /** Where the channels of a type live. */
    enum Placement {
        /** One instance, id 0, owned by {@code spice-main} (main, inputs). */
        SERVER,
        /** One instance per display device, id = display id, owned by that display's worker loop (display, cursor). */
        DISPLAY
    }

    /** The channel type this factory provides. Any thread. */
    ChannelType type();

    /** Where the channels live. Any thread. */
    Placement placement();

    /**
     * Creates the behaviour of one channel instance. Main thread only; it must not block.
     *
     * @param context the new channel's identity, owner loop and server
     * @return the handler; the core calls it on the channel's owner loop from now on
     */
    ChannelHandler create(ChannelContext context);
}
