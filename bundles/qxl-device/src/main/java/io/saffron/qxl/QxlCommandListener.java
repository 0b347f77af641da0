package io.saffron.qxl;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a device's commands on its worker loop (display and cursor channels). Worker thread of the device;
 * must not block.
 */
@ConsumerType
@FunctionalInterface
public interface QxlCommandListener {

    void onCommand(QxlDevice device, QxlCommand command);
}
