package faultline.cfg;

import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Node;
import faultline.ir.Span;
import faultline.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Builds a {@link Cfg} the way structured lowering needs it: a set of pending ("dangling") edges is carried
 * forward, and {@link #append(Stmt)} connects all of them to the new node. Node 0 is the entry
 * {@code Join("entry")}, node 1 the exit {@code Join("exit")}. When nothing is pending (after a return or goto),
 * appended nodes are unreachable; they are kept, as {@link Cfg} allows.
 */
public final class CfgBuilder {

  /** An edge whose source is known and whose target is not yet. */
  public record Dangling(int from, EdgeKind kind) {}

  private final List<Stmt> stmts = new ArrayList<>();
  private final List<List<Edge>> successors = new ArrayList<>();
  private List<Dangling> pending = new ArrayList<>();

  public CfgBuilder(Span entryAt, Span exitAt) {
    add(new Stmt.Join("entry", entryAt));
    add(new Stmt.Join("exit", exitAt));
    pending.add(new Dangling(entry(), EdgeKind.NEXT));
  }

  public int entry() {
    return 0;
  }

  public int exit() {
    return 1;
  }

  public int size() {
    return stmts.size();
  }

  public Stmt stmt(int id) {
    return stmts.get(id);
  }

  /** Adds a node without connecting anything to it (a jump target placed later with {@link #place}). */
  public int add(Stmt stmt) {
    stmts.add(stmt);
    successors.add(new ArrayList<>(2));
    return stmts.size() - 1;
  }

  /** Replaces the statement of an existing node (a forward jump target gets its real position). */
  public void replace(int id, Stmt stmt) {
    stmts.set(id, stmt);
  }

  public void edge(int from, int to, EdgeKind kind) {
    successors.get(from).add(edgeTo(to, kind));
  }

  /** Adds a node, connects every pending edge to it, and makes it the only pending edge (NEXT). */
  public int append(Stmt stmt) {
    int id = add(stmt);
    place(id);
    return id;
  }

  /** Connects every pending edge to the existing node {@code id}; its NEXT edge becomes the pending set. */
  public void place(int id) {
    connectPendingTo(id);
    pending.add(new Dangling(id, EdgeKind.NEXT));
  }

  /**
   * Adds a two-way branch fed by the pending edges. Returns its id; the caller takes the TRUE and FALSE
   * edges with {@link #branchEdge}. Nothing is pending afterwards.
   */
  public int appendBranch(Stmt.Branch branch) {
    int id = add(branch);
    connectPendingTo(id);
    return id;
  }

  public static List<Dangling> branchEdge(int branch, EdgeKind kind) {
    List<Dangling> edges = new ArrayList<>(1);
    edges.add(new Dangling(branch, kind));
    return edges;
  }

  /** Connects the pending edges to {@code target} and leaves nothing pending (goto, break, return). */
  public void jump(int target) {
    connectPendingTo(target);
  }

  public boolean reachable() {
    return !pending.isEmpty();
  }

  /** Takes the pending edges, leaving none. */
  public List<Dangling> takePending() {
    if (pending.isEmpty()) return List.of();
    List<Dangling> taken = pending;
    pending = new ArrayList<>(4);
    return taken;
  }

  /** Replaces the pending set (its previous content must have been taken or connected). */
  public void setPending(List<Dangling> edges) {
    pending.clear();
    pending.addAll(edges);
  }

  public void addPending(List<Dangling> edges) {
    pending.addAll(edges);
  }

  private void connectPendingTo(int target) {
    for (Dangling d : pending) edge(d.from(), target, d.kind());
    pending.clear();
  }

  /** Connects whatever is still pending (falling off the end) to the exit and freezes the graph. */
  public Cfg build() {
    jump(exit());
    Node[] nodes = new Node[stmts.size()];
    for (int i = 0; i < nodes.length; i++) nodes[i] = new Node(i, stmts.get(i), frozen(successors.get(i)));
    return new Cfg(entry(), exit(), List.of(nodes));
  }

  // Edges are values, most nodes have one NEXT successor, and the CFGs of all functions use the same small node
  // numbers: edges and single-successor lists are shared by every CFG of the scan (the IR of the whole tree holds
  // millions of them).
  private static final int SHARED_TARGETS = 4096;
  private static final AtomicReferenceArray<List<Edge>> NEXT_TO = new AtomicReferenceArray<>(SHARED_TARGETS);

  private static final AtomicReferenceArray<Edge> EDGES = new AtomicReferenceArray<>(3 * SHARED_TARGETS);

  private static Edge edgeTo(int target, EdgeKind kind) {
    if (target >= SHARED_TARGETS || target < 0) return new Edge(target, kind);
    int slot = kind.ordinal() * SHARED_TARGETS + target;
    Edge shared = EDGES.get(slot);
    if (shared == null) {
      shared = new Edge(target, kind);
      if (!EDGES.compareAndSet(slot, null, shared)) shared = EDGES.get(slot);
    }
    return shared;
  }

  private static List<Edge> frozen(List<Edge> successors) {
    if (successors.size() == 1) {
      Edge only = successors.get(0);
      int t = only.target();
      if (only.kind() == EdgeKind.NEXT && t < SHARED_TARGETS) {
        List<Edge> shared = NEXT_TO.get(t);
        if (shared == null) {
          shared = List.of(only);
          if (!NEXT_TO.compareAndSet(t, null, shared)) shared = NEXT_TO.get(t);
        }
        return shared;
      }
    }
    return List.copyOf(successors);
  }
}
