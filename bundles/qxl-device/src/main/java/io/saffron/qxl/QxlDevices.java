package io.saffron.qxl;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running display devices, registered as an OSGi service with the property {@value #DISPLAYS_PROPERTY}
 * (the device count). Any thread.
 */
@ProviderType
public interface QxlDevices {

    /** Service property: number of display devices. */
    String DISPLAYS_PROPERTY = "saffron.displays";

    /** The devices, by id. */
    List<QxlDevice> devices();

    /**
     * The device with display id {@code id}.
     *
     * @throws IllegalArgumentException naming the id and the ids that exist
     */
    QxlDevice device(int id);
}
