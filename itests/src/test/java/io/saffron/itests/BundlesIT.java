package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelType;
import io.saffron.core.SpiceServer;
import io.saffron.qxl.QxlDevices;

/**
 * The assembly: every bundle resolves and starts, slf4j logs through logback, every Saffron DS component is
 * active, and the server publishes its listener, two display devices and the six channels on the right loops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesIT extends SpiceTestSupport {

    /** The DS components the Saffron bundles must have (the log bridge's only when it is installed). */
    private static final Set<String> EXPECTED_COMPONENTS = Set.of(
            "io.saffron.core.internal.SpiceServerComponent",
            "io.saffron.qxl.internal.QxlDeviceManager",
            "io.saffron.channel.main.internal.MainChannelFactory",
            "io.saffron.channel.display.internal.DisplayChannelFactory",
            "io.saffron.channel.cursor.internal.CursorChannelFactory",
            "io.saffron.channel.inputs.internal.InputsChannelFactory",
            "io.saffron.shell.internal.ShellCommands");

    private static final String LOG_BRIDGE_COMPONENT = "io.saffron.logbridge.internal.LogBridge";

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = await("every bundle ACTIVE", this::notActiveBundles, List::isEmpty);
        assertTrue("bundles not ACTIVE: " + notActive, notActive.isEmpty());
        for (String bsn : List.of("io.saffron.dispatcher", "io.saffron.core", "io.saffron.qxl",
                "io.saffron.channel.main", "io.saffron.channel.display", "io.saffron.channel.cursor",
                "io.saffron.channel.inputs", "io.saffron.shell")) {
            assertEquals(bsn + " state", "ACTIVE", stateName(installedBundle(bsn).getState()));
        }
    }

    private List<String> notActiveBundles() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " (" + stateName(b.getState()) + ")");
            }
        }
        return notActive;
    }

    /** Pitfall 4: slf4j binds once; if anything logged before logback was there, it stays on NOP. */
    @Test
    public void slf4jIsBoundToLogback() {
        String factory = LoggerFactory.getILoggerFactory().getClass().getName();
        assertEquals("slf4j logger factory", "ch.qos.logback.classic.LoggerContext", factory);
    }

    /** The thread-confinement asserts of the core are only checks when assertions are on (house style, -ea). */
    @Test
    public void assertionsAreEnabledForSaffronBundles() {
        assertTrue("assertions disabled for " + server().getClass().getName() + " (expected: -ea)",
                server().getClass().desiredAssertionStatus());
    }

    @Test
    public void everySaffronComponentIsActive() {
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        Bundle[] ours = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(SAFFRON_BSN_PREFIX))
                .toArray(Bundle[]::new);
        Set<String> expected = new TreeSet<>(EXPECTED_COMPONENTS);
        if (Arrays.stream(ours).anyMatch(b -> b.getSymbolicName().equals("io.saffron.logbridge"))) {
            expected.add(LOG_BRIDGE_COMPONENT);
        }
        Map<String, String> problems = await("every Saffron component ACTIVE",
                () -> componentProblems(scr, ours, expected), Map::isEmpty);
        assertTrue("components not active: " + problems, problems.isEmpty());
    }

    /** Describes every expected component that is missing and every component that is not ACTIVE. */
    private static Map<String, String> componentProblems(ServiceComponentRuntime scr, Bundle[] bundles,
            Set<String> expected) {
        Map<String, String> problems = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundles)) {
            seen.add(d.name);
            if (!scr.isComponentEnabled(d)) {
                problems.put(d.name, "disabled");
                continue;
            }
            Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                problems.put(d.name, "no configuration (configuration policy " + d.configurationPolicy + ")");
            }
            for (ComponentConfigurationDTO c : configs) {
                if (c.state != ComponentConfigurationDTO.ACTIVE) {
                    problems.put(d.name, describe(d, c));
                }
            }
        }
        for (String name : expected) {
            if (!seen.contains(name)) {
                problems.put(name, "missing (no such component in the Saffron bundles)");
            }
        }
        return problems;
    }

    private static String describe(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        StringBuilder s = new StringBuilder(componentState(c.state));
        for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
            String service = Arrays.stream(d.references).filter(ref -> ref.name.equals(r.name))
                    .map(ref -> ref.interfaceName).findFirst().orElse("?");
            s.append(", unsatisfied reference ").append(r.name).append(" to ").append(service);
            if (r.target != null) {
                s.append(" ").append(r.target);
            }
        }
        if (c.failure != null) {
            // the DTO holds a whole stack trace: its first line and its root cause are enough here
            String[] lines = c.failure.split("\\R");
            String root = Arrays.stream(lines).filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
            s.append(", failure: ").append(lines[0]).append(root.isEmpty() ? "" : " ... " + root);
        }
        return s.toString();
    }

    private static String componentState(int state) {
        switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED:
                return "SATISFIED (not activated)";
            case ComponentConfigurationDTO.ACTIVE:
                return "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "FAILED_ACTIVATION";
            default:
                return "state " + state;
        }
    }

    @Test
    public void spiceServerIsRegisteredWithItsListenAddress() {
        ServiceReference<SpiceServer> ref = awaitServiceReference(SpiceServer.class, null);
        String port = bundleContext.getProperty("saffron.port");
        assertNotNull("framework property saffron.port", port);
        assertEquals(SpiceServer.LISTEN_PROPERTY, "127.0.0.1:" + port, ref.getProperty(SpiceServer.LISTEN_PROPERTY));
        assertEquals("bound port", Integer.parseInt(port), server().address().getPort());
        assertTrue("bound address is loopback: " + server().address(),
                server().address().getAddress().isLoopbackAddress());
    }

    @Test
    public void qxlDevicesRunTwoDisplays() {
        ServiceReference<QxlDevices> ref = awaitServiceReference(QxlDevices.class, null);
        assertEquals(QxlDevices.DISPLAYS_PROPERTY, DISPLAYS, ref.getProperty(QxlDevices.DISPLAYS_PROPERTY));
        QxlDevices devices = bundleContext.getService(ref);
        assertEquals("devices", DISPLAYS, devices.devices().size());
        for (int i = 0; i < DISPLAYS; i++) {
            assertEquals("worker of display " + i, "spice-worker-" + i, devices.device(i).workerLoop().name());
            assertTrue("display " + i + " running", devices.device(i).isRunning());
        }
    }

    @Test
    public void everyChannelFactoryIsBoundAndEveryChannelRunsOnItsLoop() throws Exception {
        await("four channel factory services", this::factoryTypes,
                types -> types.equals(Set.of("MAIN", "DISPLAY", "CURSOR", "INPUTS")));

        // bound: the server component's ChannelFactory reference holds all four
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        ComponentDescriptionDTO serverComponent = scr.getComponentDescriptionDTO(installedBundle("io.saffron.core"),
                "io.saffron.core.internal.SpiceServerComponent");
        assertNotNull("SpiceServerComponent description", serverComponent);
        String referenceName = Arrays.stream(serverComponent.references)
                .filter(r -> r.interfaceName.equals(ChannelFactory.class.getName()))
                .map(r -> r.name).findFirst().orElse(null);
        assertNotNull("SpiceServerComponent has a ChannelFactory reference: "
                + Arrays.stream(serverComponent.references).map(r -> r.name).collect(Collectors.toList()),
                referenceName);
        int bound = await("four bound channel factories", () -> boundServices(scr, serverComponent, referenceName),
                n -> n == 4);
        assertEquals("channel factories bound to the server", 4, bound);

        Map<String, String> loops = await("channels " + EXPECTED_CHANNELS, this::channelLoops,
                new TreeMap<>(EXPECTED_CHANNELS)::equals);
        assertEquals(new TreeMap<>(EXPECTED_CHANNELS), loops);
    }

    private Set<String> factoryTypes() {
        try {
            Set<String> types = new TreeSet<>();
            for (ServiceReference<ChannelFactory> r : bundleContext.getServiceReferences(ChannelFactory.class, null)) {
                ChannelFactory f = bundleContext.getService(r);
                if (f != null) {
                    ChannelType t = f.type();
                    types.add(t.name());
                    bundleContext.ungetService(r);
                }
            }
            return types;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int boundServices(ServiceComponentRuntime scr, ComponentDescriptionDTO d, String reference) {
        int n = 0;
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
                if (r.name.equals(reference)) {
                    n += r.boundServices.length;
                }
            }
        }
        return n;
    }
}
