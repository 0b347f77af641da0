package io.saffron.channel.display.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the display channels (PID {@value #PID}, file {@code etc/io.saffron.channel.display.cfg}).
 * The launcher flag {@code --compression} becomes the framework property {@code saffron.compression}, which
 * overrides it.
 */
@ObjectClassDefinition(name = "Saffron display channel", description = "How the display channels encode images")
public @interface DisplayConfiguration {

    String PID = "io.saffron.channel.display";

    @AttributeDefinition(name = "Compression", description = "auto (LZ4 when the client decodes it, else raw), lz4, or off (raw 32-bit bitmaps)")
    String compression() default "auto";
}
