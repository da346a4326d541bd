package faultline.analysis;

import faultline.ir.Callee;
import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Local;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small DSL that builds IR by hand, as the front-end would lower C: one statement per line, structured
 * if/else, labels and gotos, returns to the single exit.
 */
final class Ir {

  private Ir() {}

  // ---- expressions ----
  static Expr.Name local(String id) { return new Expr.Name(id, Expr.Storage.LOCAL, Optional.empty()); }
  static Expr.Name local(String id, String type) { return new Expr.Name(id, Expr.Storage.LOCAL, Optional.of(type)); }
  static Expr.Name param(String id) { return new Expr.Name(id, Expr.Storage.PARAM, Optional.empty()); }
  static Expr.Name global(String id) { return new Expr.Name(id, Expr.Storage.GLOBAL, Optional.empty()); }
  static Expr.Name temp(String id) { return new Expr.Name(id, Expr.Storage.TEMP, Optional.empty()); }
  static Expr.Name fnName(String id) { return new Expr.Name(id, Expr.Storage.GLOBAL, Optional.empty()); }
  static Expr arrow(Expr base, String field, String struct) {
    return new Expr.Member(base, field, true, Optional.of(struct));
  }
  static Expr arrow(Expr base, String field) { return new Expr.Member(base, field, true, Optional.empty()); }
  static Expr dot(Expr base, String field, String struct) {
    return new Expr.Member(base, field, false, Optional.of(struct));
  }
  static Expr addr(Expr e) { return new Expr.Unary("&", e); }
  static Expr not(Expr e) { return new Expr.Unary("!", e); }
  static Expr neg(Expr e) { return new Expr.Unary("-", e); }
  static Expr lit(String t) { return new Expr.Literal(t); }
  static Expr bin(String op, Expr l, Expr r) { return new Expr.Binary(op, l, r); }
  static Expr other(String t) { return new Expr.Other(t); }

  static TranslationUnit unit(String file, List<Function> fns, List<OpsBinding> bindings) {
    return new TranslationUnit(file, 100, fns, bindings, List.of(), 0);
  }

  static TranslationUnit unit(String file, Function... fns) {
    return unit(file, List.of(fns), List.of());
  }

  static OpsBinding bind(String file, String structTag, String field, String function) {
    return new OpsBinding(structTag, field, function, Span.point(file, 900, 1));
  }

  static Fn fn(String file, String name) { return new Fn(file, name, false); }
  static Fn staticFn(String file, String name) { return new Fn(file, name, true); }

  /** Builds one function. Statement i is on line 10 + i (a statement counter), so tests can find nodes by line. */
  static final class Fn {
    private final String file;
    private final String name;
    private final boolean isStatic;
    private final List<Param> params = new ArrayList<>();
    private final List<Local> locals = new ArrayList<>();
    private final List<LockAnnotation> annotations = new ArrayList<>();
    private final List<Stmt> stmts = new ArrayList<>();
    private final List<List<Edge>> succ = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private List<int[]> open = new ArrayList<>();   // {node, EdgeKind ordinal}
    private int line = 10;

    Fn(String file, String name, boolean isStatic) {
      this.file = file;
      this.name = name;
      this.isStatic = isStatic;
      add(new Stmt.Join("entry", Span.point(file, 1, 1)));          // node 0
      add(new Stmt.Join("exit", Span.point(file, 999, 1)));         // node 1
      open.add(new int[] {0, EdgeKind.NEXT.ordinal()});
    }

    private int add(Stmt s) {
      stmts.add(s);
      succ.add(new ArrayList<>());
      return stmts.size() - 1;
    }

    private Span next() { return Span.point(file, line++, 2); }

    private void connect(int to) {
      for (int[] o : open) succ.get(o[0]).add(new Edge(to, EdgeKind.values()[o[1]]));
    }

    private Fn stmt(Stmt s) {
      int id = add(s);
      connect(id);
      open = new ArrayList<>(List.of(new int[] {id, EdgeKind.NEXT.ordinal()}));
      return this;
    }

    Fn param(String type, String pname) { params.add(new Param(pname, type)); return this; }
    Fn declare(String type, String lname) { locals.add(new Local(lname, type, Span.point(file, 5, 1))); return this; }
    Fn annotate(LockAnnotation.Kind kind, Expr lock) { annotations.add(new LockAnnotation(kind, lock)); return this; }

    Fn call(String callee, Expr... args) {
      return stmt(new Stmt.Call(new Callee.Direct(callee), List.of(args), Optional.empty(), Optional.empty(), next()));
    }

    Fn callInto(String result, String callee, Expr... args) {
      return stmt(new Stmt.Call(new Callee.Direct(callee), List.of(args), Optional.of(result), Optional.empty(), next()));
    }

    Fn callMacro(String macro, String callee, Expr... args) {
      return stmt(new Stmt.Call(new Callee.Direct(callee), List.of(args), Optional.empty(), Optional.of(macro), next()));
    }

    Fn callField(String target, String expr, Expr... args) {
      return stmt(new Stmt.Call(new Callee.Indirect(Callee.Via.FIELD, target, expr, Optional.empty()), List.of(args),
          Optional.empty(), Optional.empty(), next()));
    }

    Fn callParam(String pname, String type, Expr... args) {
      return stmt(new Stmt.Call(new Callee.Indirect(Callee.Via.PARAMETER, pname, pname, Optional.of(type)),
          List.of(args), Optional.empty(), Optional.empty(), next()));
    }

    Fn assign(String target, Expr value) { return stmt(new Stmt.Assign(target, value, next())); }
    Fn guard(String type, Expr... args) { return stmt(new Stmt.GuardEnter(type, List.of(args), next())); }
    Fn unguard(String type, Expr... args) { return stmt(new Stmt.GuardExit(type, List.of(args), next())); }
    Fn opaque(String text) { return stmt(new Stmt.Opaque(text, "test", next())); }

    Fn ret(Expr value) {
      int id = add(new Stmt.Return(Optional.ofNullable(value), next()));
      connect(id);
      succ.get(id).add(new Edge(1, EdgeKind.NEXT));
      open = new ArrayList<>();
      return this;
    }

    Fn ret() { return ret(null); }

    Fn if_(Expr cond, Consumer<Fn> then) { return if_(cond, then, f -> {}); }

    Fn if_(Expr cond, Consumer<Fn> then, Consumer<Fn> otherwise) {
      int b = add(new Stmt.Branch(cond, next()));
      connect(b);
      open = new ArrayList<>(List.of(new int[] {b, EdgeKind.TRUE.ordinal()}));
      then.accept(this);
      List<int[]> afterThen = open;
      open = new ArrayList<>(List.of(new int[] {b, EdgeKind.FALSE.ordinal()}));
      otherwise.accept(this);
      List<int[]> all = new ArrayList<>(afterThen);
      all.addAll(open);
      open = all;
      return this;
    }

    /** while (cond) body */
    Fn while_(Expr cond, Consumer<Fn> body) {
      int head = add(new Stmt.Join("loop", next()));
      connect(head);
      int b = add(new Stmt.Branch(cond, next()));
      succ.get(head).add(new Edge(b, EdgeKind.NEXT));
      open = new ArrayList<>(List.of(new int[] {b, EdgeKind.TRUE.ordinal()}));
      body.accept(this);
      connect(head);
      open = new ArrayList<>(List.of(new int[] {b, EdgeKind.FALSE.ordinal()}));
      return this;
    }

    private int labelNode(String l) {
      return labels.computeIfAbsent(l, k -> add(new Stmt.Join(k, Span.point(file, 0, 0))));
    }

    Fn goto_(String l) {
      connect(labelNode(l));
      open = new ArrayList<>();
      return this;
    }

    Fn label(String l) {
      int id = labelNode(l);
      stmts.set(id, new Stmt.Join(l, next()));
      connect(id);
      open = new ArrayList<>(List.of(new int[] {id, EdgeKind.NEXT.ordinal()}));
      return this;
    }

    Function build() {
      connect(1);
      open = new ArrayList<>();
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < stmts.size(); i++) nodes.add(new Node(i, stmts.get(i), List.copyOf(succ.get(i))));
      Span at = new Span(file, 1, 1, line, 1);
      return new Function(name, isStatic, at, Span.point(file, 1, 5), "int", List.copyOf(params), List.copyOf(locals),
          List.copyOf(annotations), new Cfg(0, 1, List.copyOf(nodes)));
    }
  }
}
