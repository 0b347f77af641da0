package io.saffron.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the server (PID {@value #PID}, file {@code etc/io.saffron.core.server.cfg}). A launcher flag
 * ({@code --port} ...) becomes a framework property {@code saffron.port} ... that overrides the value here.
 */
@ObjectClassDefinition(name = "Saffron SPICE server", description = "Listener, authentication and link settings")
public @interface ServerConfiguration {

    String PID = "io.saffron.core.server";

    @AttributeDefinition(name = "Port", description = "TCP port of the SPICE listener (--port)", min = "0", max = "65535")
    int port() default 5900;

    @AttributeDefinition(name = "Bind address", description = "Address to listen on (--bind)")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Password file", description = "File whose first line is the ticket password (--password-file); empty: none")
    String password_file() default "";

    @AttributeDefinition(name = "Disable ticketing", description = "Accept any ticket (--disable-ticketing); the default only on a loopback bind")
    boolean disable_ticketing() default false;

    @AttributeDefinition(name = "Insecure", description = "Allow --disable-ticketing on a non-loopback bind (--insecure)")
    boolean insecure() default false;

    @AttributeDefinition(name = "Link timeout (ms)", description = "A link stage that takes longer is closed", min = "100")
    int link_timeout_ms() default 10000;

    @AttributeDefinition(name = "Handover grace (ms)", description = "How long the connections of an updated or stopped channel bundle wait for its next instance before they are closed", min = "0")
    long handover_grace_ms() default 10000;
}
