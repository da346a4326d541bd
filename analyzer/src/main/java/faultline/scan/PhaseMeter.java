package faultline.scan;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures one phase of a scan: wall time, bytes allocated by every thread (parser threads, the fork-join pool
 * the analysis uses, the caller) and the peak heap while it ran. Allocation comes from HotSpot's per-thread
 * counters: a thread that ends before the phase does loses its share, so the figure is a lower bound (parser
 * threads are measured before their pool shuts down). Where the JVM has no such counters it reports -1.
 */
final class PhaseMeter {

  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.getPeakUsage() != null)
      .toList();

  private final long startNanos = System.nanoTime();
  private final Map<Long, Long> allocatedAtStart = allocatedByThread();
  private long millis = -1;
  private long allocated = -1;
  private long peakHeap = -1;

  PhaseMeter() {
    for (MemoryPoolMXBean pool : HEAP) pool.resetPeakUsage();
  }

  /** Ends the phase: call it while the phase's threads are still alive. */
  PhaseMeter stop() {
    millis = (System.nanoTime() - startNanos) / 1_000_000;
    Map<Long, Long> now = allocatedByThread();
    if (!now.isEmpty()) {
      long sum = 0;
      for (Map.Entry<Long, Long> e : now.entrySet()) sum += Math.max(0, e.getValue() - allocatedAtStart.getOrDefault(e.getKey(), 0L));
      allocated = sum;
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : HEAP) if (pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
    peakHeap = peak;
    return this;
  }

  long millis() {
    return millis;
  }

  /** Puts "<phase>AllocatedBytes" and "<phase>PeakHeapBytes" into {@code counters}. */
  void report(String phase, Map<String, Long> phaseMillis, Map<String, Long> counters) {
    phaseMillis.put(phase, millis);
    counters.put(phase + "AllocatedBytes", allocated);
    counters.put(phase + "PeakHeapBytes", peakHeap);
  }

  private static Map<Long, Long> allocatedByThread() {
    Map<Long, Long> out = new HashMap<>();
    if (!(THREADS instanceof com.sun.management.ThreadMXBean hotspot) || !hotspot.isThreadAllocatedMemorySupported()
        || !hotspot.isThreadAllocatedMemoryEnabled()) {
      return out;
    }
    long[] ids = hotspot.getAllThreadIds();
    long[] bytes = hotspot.getThreadAllocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) if (bytes[i] >= 0) out.put(ids[i], bytes[i]);
    return out;
  }
}
