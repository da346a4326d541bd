package faultline.cfg;

import faultline.ir.Callee;
import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Node;
import faultline.ir.Stmt;
import java.util.stream.Collectors;

/**
 * A compact, deterministic rendering of a CFG, one node per line, for tests and debugging:
 * {@code 3: call mutex_lock(&d->lock) -> 4} or {@code 5: branch !$t1 T6 F8}. Indirect calls show as
 * {@code icall[FIELD hmm_mirror_ops.release]}; a call's result as {@code ret = call f()}.
 */
public final class CfgText {

  private CfgText() {}

  public static String render(Cfg cfg) {
    StringBuilder out = new StringBuilder();
    for (Node node : cfg.nodes()) {
      out.append(node.id()).append(": ").append(describe(node.stmt()));
      if (!node.successors().isEmpty()) {
        out.append(" ->");
        for (Edge e : node.successors()) {
          out.append(' ').append(e.kind() == EdgeKind.NEXT ? "" : e.kind() == EdgeKind.TRUE ? "T" : "F")
              .append(e.target());
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  public static String describe(Stmt stmt) {
    if (stmt instanceof Stmt.Call c) {
      String callee = c.callee() instanceof Callee.Indirect i
          ? "icall[" + i.via() + " " + i.target() + "] " + i.expr()
          : "call " + c.callee().text();
      String args = c.args().stream().map(Expr::text).collect(Collectors.joining(", "));
      return c.result().map(r -> r + " = ").orElse("") + callee + "(" + args + ")"
          + c.viaMacro().map(m -> " via " + m).orElse("");
    }
    if (stmt instanceof Stmt.Assign a) return "assign " + a.target() + " = " + a.value().text();
    if (stmt instanceof Stmt.Branch b) return "branch " + b.cond().text();
    if (stmt instanceof Stmt.Return r) return "return" + r.value().map(v -> " " + v.text()).orElse("");
    if (stmt instanceof Stmt.GuardEnter g) {
      return "guard+ " + g.guardType() + "(" + g.args().stream().map(Expr::text).collect(Collectors.joining(", ")) + ")";
    }
    if (stmt instanceof Stmt.GuardExit g) {
      return "guard- " + g.guardType() + "(" + g.args().stream().map(Expr::text).collect(Collectors.joining(", ")) + ")";
    }
    if (stmt instanceof Stmt.Join j) return "join " + j.label();
    Stmt.Opaque o = (Stmt.Opaque) stmt;
    return "opaque " + o.reason();
  }

  /**
   * The reachable statements in a canonical order (depth-first from the entry, successors in edge order),
   * dropping joins, with edges renumbered: stable under changes in how many helper joins lowering makes.
   */
  public static String reachableShape(Cfg cfg) {
    java.util.List<Integer> order = new java.util.ArrayList<>();
    java.util.Map<Integer, Integer> number = new java.util.HashMap<>();
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    stack.push(cfg.entry());
    while (!stack.isEmpty()) {
      int id = stack.pop();
      if (number.containsKey(id)) continue;
      number.put(id, order.size());
      order.add(id);
      java.util.List<Edge> succ = cfg.node(id).successors();
      for (int i = succ.size() - 1; i >= 0; i--) stack.push(succ.get(i).target());
    }
    StringBuilder out = new StringBuilder();
    for (int id : order) {
      Node node = cfg.node(id);
      out.append(number.get(id)).append(": ").append(describe(node.stmt()));
      if (!node.successors().isEmpty()) {
        out.append(" ->");
        for (Edge e : node.successors()) {
          out.append(' ').append(e.kind() == EdgeKind.NEXT ? "" : e.kind() == EdgeKind.TRUE ? "T" : "F")
              .append(number.get(e.target()));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
