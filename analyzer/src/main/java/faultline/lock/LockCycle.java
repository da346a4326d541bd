package faultline.lock;

import java.util.List;

/**
 * A cycle in the lock order, in canonical rotation (starting at the edge whose {@code from} has the smallest
 * class id), each edge with its witness. {@code edges.get(i).to() == edges.get(i+1).from()}.
 */
public record LockCycle(List<OrderEdge> edges) {

  /** True when every edge holds and takes its locks in SHARED mode: deadlocks only through writer fairness. */
  public boolean readOnly() {
    return edges.stream().allMatch(e -> e.fromMode() == LockMode.SHARED && e.toMode() == LockMode.SHARED);
  }

  /** True when some lock in the cycle is involved in SHARED mode on both of its edges. */
  public boolean involvesReadRead() {
    for (int i = 0; i < edges.size(); i++) {
      OrderEdge in = edges.get(i);
      OrderEdge out = edges.get((i + 1) % edges.size());
      if (in.toMode() == LockMode.SHARED && out.fromMode() == LockMode.SHARED) return true;
    }
    return false;
  }
}
