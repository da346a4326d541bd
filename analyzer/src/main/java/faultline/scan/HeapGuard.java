package faultline.scan;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Optional;

/**
 * Degrades instead of dying with OutOfMemoryError on a tree too large for the heap. Every lowered file's IR stays in
 * memory until the whole-program analysis, which needs about as much again; a whole kernel tree in 6 GiB filled the
 * old generation during lowering and then collected garbage for half an hour without result. So before each file:
 * <ul>
 * <li>when the heap still in use after the last garbage collection is above {@link #IR_BUDGET} of the maximum, the
 *     rest is the analysis's and every remaining file is skipped;</li>
 * <li>otherwise a file is skipped when its parse would not fit under {@link #PRESSURE} of the maximum: a parse
 *     needs roughly {@link #BYTES_PER_SOURCE_BYTE} times the file's size while it runs, so the largest files go
 *     first and small ones still get in.</li>
 * </ul>
 * A skipped file is a warning notification, never a silent loss. An OutOfMemoryError inside one parse anyway is
 * caught by the front-end and becomes that file's notification.
 */
final class HeapGuard {

  static final double IR_BUDGET = 0.6;
  static final double PRESSURE = 0.85;
  static final long BYTES_PER_SOURCE_BYTE = 200;

  private final long max;
  private final List<MemoryPoolMXBean> heapPools;

  HeapGuard() {
    this.max = Runtime.getRuntime().maxMemory();
    this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
  }

  /** Why {@code sourceBytes} of C should not be parsed now, or empty when there is room. */
  Optional<String> refuse(long sourceBytes) {
    if (max == Long.MAX_VALUE) return Optional.empty();
    long live = usedAfterLastCollection();
    long need = sourceBytes * BYTES_PER_SOURCE_BYTE;
    if (live <= IR_BUDGET * max && live + need <= PRESSURE * max) return Optional.empty();
    return Optional.of("skipped: heap limit (" + (live >> 20) + " of " + (max >> 20) + " MiB in use after garbage "
        + "collection, about " + (need >> 20) + " MiB needed; give the JVM more heap, e.g. FAULTLINE_HEAP=-Xmx8g)");
  }

  /** Live heap as of the last collection of each pool; before any collection, nothing is known to be live. */
  private long usedAfterLastCollection() {
    long used = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      var usage = pool.getCollectionUsage();
      if (usage != null) used += usage.getUsed();
    }
    return used;
  }
}
