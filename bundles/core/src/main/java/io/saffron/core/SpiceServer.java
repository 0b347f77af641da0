package io.saffron.core;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;

/**
 * The running server (spice-server's {@code RedsState}), registered as an OSGi service with the property
 * {@value #LISTEN_PROPERTY} once its listener is bound. It owns {@code spice-main}, the channel and client
 * registries and the listener.
 */
@ProviderType
public interface SpiceServer {

    /** Service property: the bound listen address, {@code 127.0.0.1:5900}. */
    String LISTEN_PROPERTY = "saffron.listen";

    /** The main loop, {@code spice-main}. */
    EventLoop mainLoop();

    /** The main dispatcher: post-only, to {@code spice-main}. */
    Dispatcher mainDispatcher();

    /** The bound listen address. Any thread. */
    InetSocketAddress address();

    /**
     * Creates a channel with the bound factory of its type, on the loop its placement names. Main thread only.
     *
     * @throws IllegalStateException    off {@code spice-main} ("createChannel must run on spice-main, called from
     *                                  ..."), or when the channel exists already
     * @throws IllegalArgumentException when no factory of that type is bound, or its display has no worker
     */
    Channel createChannel(ChannelId id);

    /**
     * Destroys a channel: unregisters it at once (new links get CHANNEL_NOT_AVAILABLE), disconnects its clients on
     * its owner loop, then tells its handler. Main thread only.
     *
     * @return completes on {@code spice-main} when the channel is destroyed
     * @throws IllegalStateException off {@code spice-main}
     */
    CompletableFuture<Void> destroyChannel(ChannelId id);

    /** The live channels. Main thread only. */
    Collection<Channel> channels();

    /** The live clients (sessions). Main thread only. */
    List<Client> clients();

    /**
     * Opens the worker loop of display {@code displayId} and creates its display and cursor channels when their
     * factories are bound. Blocks with a bound; a framework or device thread only.
     *
     * @throws IllegalStateException when the display has a worker already, or from a loop thread
     */
    WorkerLoop openWorker(int displayId);
}
