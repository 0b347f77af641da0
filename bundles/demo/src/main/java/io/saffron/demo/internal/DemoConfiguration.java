package io.saffron.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the demo (PID {@value #PID}, file {@code etc/io.saffron.demo.cfg}). The framework properties
 * {@code saffron.demo.enabled}, {@code saffron.demo.fps} and {@code saffron.demo.animate} (for example
 * {@code java -Dsaffron.demo.animate=false -jar saffron.jar}) override these values.
 */
@ObjectClassDefinition(name = "Saffron demo", description = "The default content of every display")
public @interface DemoConfiguration {

    String PID = "io.saffron.demo";

    @AttributeDefinition(name = "Enabled",
            description = "Draw the demo on every display; off leaves the displays to other applications")
    boolean enabled() default true;

    @AttributeDefinition(name = "Frames per second", description = "Frames drawn each second on each display",
            min = "1", max = "60")
    int fps() default 30;

    @AttributeDefinition(name = "Animate",
            description = "Off freezes the clock at 12:00:00.000 and the pattern, so that frames are deterministic")
    boolean animate() default true;
}
