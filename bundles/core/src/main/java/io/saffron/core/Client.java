package io.saffron.core;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One remote SPICE client session (spice-server's {@code RedClient}): created on {@code spice-main} at the main
 * channel's link, bound to channel clients that run on several loops. Every method is safe from any thread.
 */
@ProviderType
public interface Client {

    /** The session id sent in MAIN INIT; secondary channels link with it as their connection id. */
    int sessionId();

    /** Whether the session is ending: no new channel client or link is accepted. */
    boolean isDisconnecting();

    /** Whether the session has ended and left the registry. */
    boolean isFinished();

    /** A snapshot of the channel clients currently in the session (the main one first while it is connected). */
    List<ChannelClient> channelClients();

    /**
     * The main channel client. It stays reachable, possibly {@link ChannelClient.State#DISCONNECTED}, until the
     * session is finished, so code reaching it through the client must check its state; after that it is
     * {@code null}.
     */
    ChannelClient mainChannelClient();
}
