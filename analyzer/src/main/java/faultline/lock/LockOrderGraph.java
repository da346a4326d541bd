package faultline.lock;

import java.util.List;
import java.util.Optional;

/** The global lock order over every scanned file, with implicit mmap_lock edges. */
public interface LockOrderGraph {

  /** Every edge, one per (from, fromMode, to, toMode, origin) with its shortest witness, in a stable order. */
  List<OrderEdge> edges();

  /** The shortest-witness edge from {@code from} to {@code to}, any mode or origin. */
  Optional<OrderEdge> edge(LockClass from, LockClass to);

  /**
   * Cycles of at most {@code maxLength} lock classes: per strongly connected component, for each edge that
   * closes a cycle, the shortest cycle through it; each cycle once, canonical rotation, stable order.
   */
  List<LockCycle> cycles(int maxLength);

  /** Where {@code cls} is acquired on a path from a page-fault or block-I/O entry point (an implicit mmap_lock edge). */
  default Optional<OrderEdge> acquiredUnderFault(LockClass cls) {
    return edge(LockClass.MMAP_LOCK, cls).filter(e -> e.origin() == OrderEdge.Origin.FAULT_PATH);
  }
}
