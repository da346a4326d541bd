package faultline.dataflow;

import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Forward worklist solver: nodes are processed in reverse post-order from the entry (a priority queue keyed by
 * RPO index), each edge's state goes through {@link DataflowProblem#onEdge} before it is joined into the
 * target. A node updated more than {@link #WIDEN_AFTER} times is widened; after {@link #GIVE_UP_AFTER} updates
 * it stops changing, so every problem terminates (lattices of bounded height converge long before).
 */
public final class WorklistSolver {

  public static final int WIDEN_AFTER = 24;
  public static final int GIVE_UP_AFTER = 64;

  private WorklistSolver() {}

  /** The states before each node ({@link DataflowProblem#unreachable()} for unreachable nodes). */
  public record Result<S>(List<S> in, int[] rpo) {
    public S in(int node) {
      return in.get(node);
    }
  }

  public static <S> Result<S> solve(Cfg cfg, DataflowProblem<S> problem) {
    int n = cfg.nodes().size();
    int[] order = reversePostOrder(cfg);
    int[] rank = new int[n];
    Arrays.fill(rank, Integer.MAX_VALUE);
    for (int i = 0; i < order.length; i++) rank[order[i]] = i;
    List<S> in = new ArrayList<>(n);
    S bottom = problem.unreachable();
    for (int i = 0; i < n; i++) in.add(bottom);
    int[] updates = new int[n];
    // The worklist holds RPO ranks: the next node is the lowest rank queued. A bit set instead of a priority
    // queue of boxed node ids: this loop runs for every function, twice, and boxing ids past 127 allocated.
    // Ranks are distinct, so the order of visits is the same.
    BitSet work = new BitSet(order.length);
    in.set(cfg.entry(), problem.entry());
    work.set(rank[cfg.entry()]);
    int lowest = rank[cfg.entry()];
    for (int r = work.nextSetBit(lowest); r >= 0; r = work.nextSetBit(lowest)) {
      work.clear(r);
      lowest = r;
      int id = order[r];
      Node node = cfg.node(id);
      S out = problem.transfer(node, in.get(id));
      List<Edge> successors = node.successors();
      for (int k = 0; k < successors.size(); k++) {
        Edge e = successors.get(k);
        int t = e.target();
        S flowing = problem.onEdge(node, e, out);
        if (flowing.equals(bottom)) continue;
        S old = in.get(t);
        if (updates[t] >= GIVE_UP_AFTER) continue;
        S merged = updates[t] >= WIDEN_AFTER ? problem.widen(old, flowing) : problem.join(old, flowing);
        if (merged.equals(old)) continue;
        in.set(t, merged);
        updates[t]++;
        work.set(rank[t]);
        if (rank[t] < lowest) lowest = rank[t];
      }
    }
    return new Result<>(in, order);
  }

  /** Reverse post-order of the nodes reachable from the entry (iterative DFS, successors in order). */
  public static int[] reversePostOrder(Cfg cfg) {
    int n = cfg.nodes().size();
    boolean[] seen = new boolean[n];
    int[] post = new int[n];
    int count = 0;
    int[] stack = new int[n];
    int[] next = new int[n];
    int sp = 0;
    stack[sp++] = cfg.entry();
    seen[cfg.entry()] = true;
    while (sp > 0) {
      int v = stack[sp - 1];
      List<Edge> succ = cfg.node(v).successors();
      if (next[v] < succ.size()) {
        int w = succ.get(next[v]++).target();
        if (!seen[w]) {
          seen[w] = true;
          stack[sp++] = w;
        }
      } else {
        post[count++] = v;
        sp--;
      }
    }
    int[] rpo = new int[count];
    for (int i = 0; i < count; i++) rpo[i] = post[count - 1 - i];
    return rpo;
  }
}
