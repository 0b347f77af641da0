package io.saffron.core;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.dispatcher.EventLoop;

/**
 * One live channel instance (spice-server's {@code RedChannel}): created and destroyed on {@code spice-main} only,
 * and otherwise run on its owner loop.
 */
@ProviderType
public interface Channel {

    /** The channel's identity. Any thread. */
    ChannelId id();

    /** The owner loop. Any thread. */
    EventLoop loop();

    /** The handler from the factory. Any thread; call it only on the owner loop. */
    ChannelHandler handler();

    /**
     * The connected channel clients. Owner loop only.
     *
     * @throws IllegalStateException from any other thread
     */
    List<ChannelClient> clients();

    /** Whether the channel was destroyed. Any thread. */
    boolean isDestroyed();
}
