package io.saffron.core;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.dispatcher.EventLoop;

/** What a channel handler is given at creation. Any thread may read it. */
@ProviderType
public interface ChannelContext {

    /** The channel's identity. */
    ChannelId id();

    /** The loop that owns the channel: {@code spice-main}, or {@code spice-worker-N} for display N and cursor N. */
    EventLoop loop();

    /** The server, for its main loop and main dispatcher. */
    SpiceServer server();
}
