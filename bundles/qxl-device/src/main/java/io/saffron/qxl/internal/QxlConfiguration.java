package io.saffron.qxl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the display devices (PID {@value #PID}, file {@code etc/io.saffron.qxl.devices.cfg}). The
 * launcher flags {@code --displays} and {@code --size} become framework properties {@code saffron.displays} and
 * {@code saffron.size}, which override these values.
 */
@ObjectClassDefinition(name = "Saffron display devices", description = "How many displays, and their size")
public @interface QxlConfiguration {

    String PID = "io.saffron.qxl.devices";

    @AttributeDefinition(name = "Displays", description = "Number of display devices, each with its own worker thread (--displays)", min = "0", max = "16")
    int displays() default 1;

    @AttributeDefinition(name = "Size", description = "Size of every display, WIDTHxHEIGHT (--size)")
    String size() default "1024x768";
}
