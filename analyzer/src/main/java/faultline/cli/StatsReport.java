package faultline.cli;

import faultline.scan.ScanResult;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Map;

/** {@code --stats}: where the time went and how much memory the scan needed, for tuning --jobs and the heap. */
final class StatsReport {

  private StatsReport() {}

  static void print(PrintStream err, ScanResult.Stats stats, double seconds) {
    err.println("faultline: stats");
    for (Map.Entry<String, Long> phase : stats.phaseMillis().entrySet()) {
      err.printf(Locale.ROOT, "  %-22s %10d ms%n", "time." + phase.getKey(), phase.getValue());
    }
    // The pipeline usually counts these itself; print them only when it does not.
    Map<String, Long> totals = new java.util.LinkedHashMap<>();
    totals.put("files", (long) stats.files());
    totals.put("lines", stats.lines());
    totals.put("functions", (long) stats.functions());
    totals.forEach((name, value) -> {
      if (!stats.counters().containsKey(name)) err.printf(Locale.ROOT, "  %-22s %10d%n", name, value);
    });
    for (Map.Entry<String, Long> counter : stats.counters().entrySet()) {
      err.printf(Locale.ROOT, "  %-22s %10d%n", counter.getKey(), counter.getValue());
    }
    double wall = Math.max(seconds, 1e-3);
    err.printf(Locale.ROOT, "  %-22s %10.1f%n", "files/s", stats.files() / wall);
    err.printf(Locale.ROOT, "  %-22s %10.0f%n", "lines/s", stats.lines() / wall);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
    }
    err.printf(Locale.ROOT, "  %-22s %10d MiB (max %d MiB)%n", "heap.peak", peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    long collections = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    err.printf(Locale.ROOT, "  %-22s %10d (%d ms)%n", "gc.collections", collections, gcMillis);
  }
}
