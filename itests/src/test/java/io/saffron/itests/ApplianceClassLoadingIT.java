package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.saffron.core.ChannelType;
import io.saffron.core.protocol.LinkError;

/**
 * The same bundles under the appliance's own class-loading policy: the boot-delegation and system-package
 * properties are read from the launcher's {@code etc/config.properties} (system property {@code launcher.config}),
 * so this suite follows the appliance, not a copy of it. Netty must allocate pooled buffers there, and a client
 * must be able to link.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApplianceClassLoadingIT extends SpiceTestSupport {

    /** Splits a package list at the commas outside quotes. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");

    /**
     * The launcher's class-loading properties, as Pax Exam options: boot delegation and extra system packages
     * through Pax Exam's own options (so that Pax Exam's API package stays exported), the rest as framework
     * properties.
     */
    @Override
    protected Option classLoading() {
        Path file = Path.of(System.getProperty("launcher.config", "(launcher.config not set)"));
        Properties appliance = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            appliance.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's framework properties " + file, e);
        }
        List<Option> options = new ArrayList<>();
        for (String pkg : list(appliance.getProperty("org.osgi.framework.bootdelegation"))) {
            options.add(bootDelegationPackage(pkg));
        }
        for (String pkg : list(appliance.getProperty("org.osgi.framework.system.packages.extra"))) {
            options.add(systemPackage(pkg));
        }
        // the appliance's value, or false where it relies on Felix's default: the test class path must stay out
        options.add(frameworkProperty("felix.bootdelegation.implicit")
                .value(appliance.getProperty("felix.bootdelegation.implicit", "false").trim()));
        String parent = appliance.getProperty("org.osgi.framework.bundle.parent");
        if (parent != null) {
            options.add(frameworkProperty("org.osgi.framework.bundle.parent").value(parent.trim()));
        }
        return composite(options.toArray(Option[]::new));
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : LIST_SEPARATOR.split(value)) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    /** Netty's pooled allocator registers JFR events on first use; it must work inside the appliance's framework. */
    @Test
    public void nettyAllocatesPooledDirectBuffers() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(256);
        try {
            buffer.writeInt(42);
            assertEquals(42, buffer.readInt());
        } finally {
            buffer.release();
        }
    }

    @Test
    public void aMainLinkCompletes() throws Exception {
        LinkClient main = openLink();
        LinkClient.Result r;
        try {
            r = main.link(0, ChannelType.MAIN, 0);
        } catch (EOFException e) {
            throw failure("the server closed the connection before its link reply (see the spice-main stack trace "
                    + "in target/itests.log)", e);
        }
        assertEquals("link reply", LinkError.OK, r.reply().decoded().error());
        assertEquals("link result", LinkError.OK, r.result());
        assertTrue("a session exists", awaitSession().sessionId() != 0);
    }
}
