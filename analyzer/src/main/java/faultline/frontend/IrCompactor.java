package faultline.frontend;

import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.Local;
import faultline.ir.LockAnnotation;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the IR of one file small before it is kept for the whole scan: equal values share one instance. The scanner
 * holds every unit until the rules have run, and lowering makes each identifier, type text, span and lock argument
 * afresh at every use ("dev", "struct device *", {@code &dev->lock} in the lock and in the unlock call), so a file's
 * IR is mostly copies. Records are rebuilt with pooled parts; lists become immutable and exactly sized.
 *
 * <p>Only values are shared, never statements: analyses may key maps by statement or function, and two equal
 * statements are still two CFG nodes. Equal expressions, spans, callees, strings and lists are interchangeable (the
 * IR is immutable and nothing compares them by identity). One instance per file, used by one thread.
 */
final class IrCompactor {

  /** Canonical instances of every shared kind; keys of different classes are never equal, so one map serves. */
  private final Map<Object, Object> pool = new HashMap<>(1024);
  private final Map<String, Optional<String>> optionals = new HashMap<>(256);

  @SuppressWarnings("unchecked")
  private <T> T share(T value) {
    Object known = pool.putIfAbsent(value, value);
    return known == null ? value : (T) known;
  }

  String str(String s) {
    return share(s);
  }

  Optional<String> opt(Optional<String> s) {
    if (s.isEmpty()) return s;
    String shared = share(s.get());
    return optionals.computeIfAbsent(shared, Optional::of);
  }

  Span span(Span s) {
    return share(s);
  }

  Expr expr(Expr e) {
    Expr rebuilt;
    if (e instanceof Expr.Name n) {
      rebuilt = new Expr.Name(str(n.id()), n.storage(), opt(n.type()));
    } else if (e instanceof Expr.Member m) {
      rebuilt = new Expr.Member(expr(m.base()), str(m.field()), m.arrow(), opt(m.baseStruct()));
    } else if (e instanceof Expr.Unary u) {
      rebuilt = new Expr.Unary(str(u.op()), expr(u.operand()));
    } else if (e instanceof Expr.Binary b) {
      rebuilt = new Expr.Binary(str(b.op()), expr(b.left()), expr(b.right()));
    } else if (e instanceof Expr.Literal l) {
      rebuilt = new Expr.Literal(str(l.text()));
    } else if (e instanceof Expr.CallExpr c) {
      rebuilt = new Expr.CallExpr(str(c.callee()), exprs(c.args()), str(c.text()));
    } else {
      rebuilt = new Expr.Other(str(((Expr.Other) e).text()));
    }
    return share(rebuilt);
  }

  List<Expr> exprs(List<Expr> list) {
    if (list.isEmpty()) return List.of();
    List<Expr> out = new ArrayList<>(list.size());
    for (Expr e : list) out.add(expr(e));
    return share(List.copyOf(out));
  }

  Callee callee(Callee c) {
    if (c instanceof Callee.Direct d) return share(new Callee.Direct(str(d.name())));
    Callee.Indirect i = (Callee.Indirect) c;
    return share(new Callee.Indirect(i.via(), str(i.target()), str(i.expr()), opt(i.paramType())));
  }

  /** A statement rebuilt from shared parts (the statement itself stays a distinct instance). */
  Stmt stmt(Stmt s) {
    if (s instanceof Stmt.Call c) {
      return new Stmt.Call(callee(c.callee()), exprs(c.args()), opt(c.result()), opt(c.viaMacro()), span(c.at()));
    }
    if (s instanceof Stmt.Assign a) return new Stmt.Assign(str(a.target()), expr(a.value()), span(a.at()));
    if (s instanceof Stmt.Branch b) return new Stmt.Branch(expr(b.cond()), span(b.at()));
    if (s instanceof Stmt.Return r) return new Stmt.Return(r.value().map(this::expr), span(r.at()));
    if (s instanceof Stmt.GuardEnter g) return new Stmt.GuardEnter(str(g.guardType()), exprs(g.args()), span(g.at()));
    if (s instanceof Stmt.GuardExit g) return new Stmt.GuardExit(str(g.guardType()), exprs(g.args()), span(g.at()));
    if (s instanceof Stmt.Join j) return new Stmt.Join(str(j.label()), span(j.at()));
    Stmt.Opaque o = (Stmt.Opaque) s;
    return new Stmt.Opaque(str(o.text()), str(o.reason()), span(o.at()));
  }

  List<Param> params(List<Param> params) {
    if (params.isEmpty()) return List.of();
    List<Param> out = new ArrayList<>(params.size());
    for (Param p : params) out.add(share(new Param(str(p.name()), str(p.type()))));
    return List.copyOf(out);
  }

  List<Local> locals(List<Local> locals) {
    if (locals.isEmpty()) return List.of();
    List<Local> out = new ArrayList<>(locals.size());
    for (Local l : locals) out.add(new Local(str(l.name()), str(l.type()), span(l.at())));
    return List.copyOf(out);
  }

  List<LockAnnotation> annotations(List<LockAnnotation> annotations) {
    if (annotations.isEmpty()) return List.of();
    List<LockAnnotation> out = new ArrayList<>(annotations.size());
    for (LockAnnotation a : annotations) out.add(new LockAnnotation(a.kind(), expr(a.lock())));
    return List.copyOf(out);
  }

  OpsBinding binding(OpsBinding b) {
    return new OpsBinding(str(b.structTag()), str(b.field()), str(b.function()), span(b.at()));
  }

  ParseIssue issue(ParseIssue i) {
    return new ParseIssue(i.kind(), str(i.message()), span(i.at()));
  }
}
