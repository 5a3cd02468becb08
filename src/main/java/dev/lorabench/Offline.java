package dev.lorabench;

/**
 * Forces DJL into offline mode before any DJL class loads.
 *
 * <p>Without these settings DJL's usage tracking probes a cloud metadata address at start and
 * its model zoo may try to download. Every entry point (launcher, tests, benchmarks) calls
 * {@link #enforce()} first; it only sets defaults, so an explicit {@code -D} still wins.
 */
public final class Offline {

    private Offline() {}

    /** Sets the offline and tracking opt-out properties unless already given. */
    public static void enforce() {
        setDefault("ai.djl.offline", "true");
        setDefault("OPT_OUT_TRACKING", "true");
        // The natives come from the pytorch-native-cpu jar; never look for a newer build online.
        setDefault("PYTORCH_VERSION", "2.7.1");
        setDefault("PYTORCH_FLAVOR", "cpu");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
