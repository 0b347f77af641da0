package io.saffron.qxl;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a device's commands on its worker loop (display and cursor channels). Worker thread of the device;
 * must not block. Each command has already been applied to the device's {@link QxlDevice#framebuffer()} and
 * {@link QxlDevice#cursor()}. A draw arrives clipped to the surface; one that lies wholly outside it, or names a
 * surface that does not exist, does not arrive.
 */
@ConsumerType
@FunctionalInterface
public interface QxlCommandListener {

    void onCommand(QxlDevice device, QxlCommand command);
}
