package io.saffron.shell.internal;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelHandler;

/**
 * Channel handlers that do nothing, one class per "bundle": the shell tells providers apart by the class of a
 * channel's handler (in the framework, by the bundle that loaded it), and {@link Fakes.FakeProviders} maps these
 * classes to fake bundles.
 */
final class FakeHandlers {

    private FakeHandlers() {
    }

    static final class MainHandler implements ChannelHandler {
        @Override
        public void connected(ChannelClient client) {
        }
    }

    static final class DisplayHandler implements ChannelHandler {
        @Override
        public void connected(ChannelClient client) {
        }
    }

    /** A display handler from another bundle (a standby provider's). */
    static final class NewDisplayHandler implements ChannelHandler {
        @Override
        public void connected(ChannelClient client) {
        }
    }

    /** A cursor handler whose bundle registers no factory (any more). */
    static final class CursorHandler implements ChannelHandler {
        @Override
        public void connected(ChannelClient client) {
        }
    }
}
