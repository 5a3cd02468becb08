package dev.lorabench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU seconds of this process's live threads, summed by thread name with trailing numbers dropped
 * ("lorabench-training-1" and "ForkJoinPool.commonPool-worker-3" count as their families), from
 * Linux's /proc/self/task. Where the window's time goes: the FX thread, the renderer, training.
 * Threads that already ended are not counted (the process total includes them).
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ThreadCpu() {}

    /** One line per thread family, most CPU first; empty where /proc is not there. */
    static List<String> lines() {
        Map<String, Double> byName = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // The name sits in parentheses and may hold spaces; the fields after it are fixed.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[-_ ]?\\d+$", "");
                    String[] fields = stat.substring(close + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read it
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.05)
                .map(e -> String.format(Locale.ROOT, "%8.2f s  %s", e.getValue(), e.getKey()))
                .toList();
    }
}
