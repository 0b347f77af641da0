package io.saffron.core.internal;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.function.Consumer;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelType;

/** A channel factory whose handlers record each event with the thread it ran on into a shared log. */
final class RecordingFactory implements ChannelFactory {

    private final ChannelType type;
    private final Placement placement;
    private final Queue<String> log;
    /** Runs inside every disconnected hook, on the owner loop (for assertions about what is reachable then). */
    volatile Consumer<ChannelClient> onDisconnected = cc -> { };

    RecordingFactory(ChannelType type, Placement placement, Queue<String> log) {
        this.type = type;
        this.placement = placement;
        this.log = log;
    }

    @Override
    public ChannelType type() {
        return type;
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public ChannelHandler create(ChannelContext context) {
        log.add("create " + context.id() + " on " + Thread.currentThread().getName());
        return new ChannelHandler() {
            @Override
            public void connected(ChannelClient client) {
                log.add("connected " + context.id() + " on " + Thread.currentThread().getName());
            }

            @Override
            public void received(ChannelClient client, int msgType, ByteBuffer body) {
                log.add("received " + msgType + " " + context.id() + " on " + Thread.currentThread().getName());
                ChannelHandler.super.received(client, msgType, body);
            }

            @Override
            public void disconnected(ChannelClient client) {
                log.add("disconnected " + context.id() + " on " + Thread.currentThread().getName());
                onDisconnected.accept(client);
            }

            @Override
            public void destroyed() {
                log.add("destroyed " + context.id() + " on " + Thread.currentThread().getName());
            }
        };
    }
}
