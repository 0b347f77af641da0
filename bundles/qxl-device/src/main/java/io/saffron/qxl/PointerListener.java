package io.saffron.qxl;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: register one to receive pointer events. With the service property
 * {@value KeyboardListener#DISPLAY_PROPERTY} (an Integer) only that display's events arrive. Called on the
 * display's worker loop ({@code spice-worker-N}) in the order the client sent them; must not block.
 */
@ConsumerType
@FunctionalInterface
public interface PointerListener {

    void pointer(PointerEvent event);
}
