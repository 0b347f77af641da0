package io.saffron.core.internal;

import java.util.ArrayList;
import java.util.List;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelId;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;

/**
 * A live channel instance. Created and destroyed on {@code spice-main} by {@link DefaultSpiceServer}; its
 * client list is confined to the owner loop.
 */
final class DefaultChannel implements Channel {

    private final ChannelId id;
    private final EventLoop loop;
    private final Dispatcher dispatcher;
    private final ChannelHandler handler;
    private final ChannelFactory factory;
    // Owner loop only.
    private final List<DefaultChannelClient> clients = new ArrayList<>();
    private volatile boolean destroyed;
    // Set on spice-main when the channel leaves the registry; a connect arriving later on the owner loop is refused.
    private volatile boolean unregistered;

    DefaultChannel(ChannelId id, EventLoop loop, Dispatcher dispatcher, ChannelHandler handler,
            ChannelFactory factory) {
        this.id = id;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.handler = handler;
        this.factory = factory;
    }

    @Override
    public ChannelId id() {
        return id;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    /** The owner loop's dispatcher: connect and disconnect of this channel's clients go through it. Any thread. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public ChannelHandler handler() {
        return handler;
    }

    /** The factory that created it; the core destroys the channel when that factory goes. Any thread. */
    ChannelFactory factory() {
        return factory;
    }

    @Override
    public List<ChannelClient> clients() {
        loop.checkInEventLoop("clients of " + id);
        return List.copyOf(clients);
    }

    /** Owner loop. */
    void add(DefaultChannelClient cc) {
        assert loop.inEventLoop();
        clients.add(cc);
    }

    /** Owner loop. */
    void remove(DefaultChannelClient cc) {
        assert loop.inEventLoop();
        clients.remove(cc);
    }

    /** A copy of the client list for disconnecting them all. Owner loop. */
    List<DefaultChannelClient> clientsSnapshot() {
        assert loop.inEventLoop();
        return new ArrayList<>(clients);
    }

    /** Main thread, first step of destruction. */
    void markUnregistered() {
        unregistered = true;
    }

    /** Any thread. */
    boolean isUnregistered() {
        return unregistered;
    }

    /** Main thread, at the end of destruction. */
    void markDestroyed() {
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return id + " on " + loop.name();
    }
}
