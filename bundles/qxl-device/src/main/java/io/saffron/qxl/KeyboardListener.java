package io.saffron.qxl;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: register one to receive key events. With the service property {@value #DISPLAY_PROPERTY}
 * (an Integer) only that display's events arrive; without it, every display's. Called on the display's worker
 * loop ({@code spice-worker-N}) in the order the client sent them; must not block.
 */
@ConsumerType
@FunctionalInterface
public interface KeyboardListener {

    /** Service property restricting a listener to one display id. */
    String DISPLAY_PROPERTY = "saffron.display";

    void key(KeyEvent event);
}
