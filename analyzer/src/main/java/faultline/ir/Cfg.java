package faultline.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A function's control-flow graph. Node {@code entry} is a {@link Stmt.Join} "entry"; every
 * {@link Stmt.Return} and the fall-off end lead to the single node {@code exit}, a {@link Stmt.Join} "exit".
 * Nodes unreachable from the entry are kept (they still have source positions) but analyses skip them.
 */
public record Cfg(int entry, int exit, List<Node> nodes) {

  public Node node(int id) {
    return nodes.get(id);
  }

  /** Predecessor lists, computed on demand (the CFG stores successors only). */
  public List<List<Integer>> predecessors() {
    List<List<Integer>> preds = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) preds.add(new ArrayList<>(2));
    for (Node n : nodes) for (Edge e : n.successors()) preds.get(e.target()).add(n.id());
    List<List<Integer>> frozen = new ArrayList<>(preds.size());
    for (List<Integer> p : preds) frozen.add(Collections.unmodifiableList(p));
    return frozen;
  }
}
