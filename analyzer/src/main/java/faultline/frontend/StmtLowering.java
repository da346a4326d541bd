package faultline.frontend;

import faultline.cfg.CfgBuilder;
import faultline.cfg.CfgBuilder.Dangling;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Local;
import faultline.ir.Span;
import faultline.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTCaseStatement;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTDefaultStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTInitializer;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNullStatement;
import org.eclipse.cdt.core.dom.ast.IASTProblemStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;
import org.eclipse.cdt.core.dom.ast.gnu.IGNUASTCompoundStatementExpression;
import org.eclipse.cdt.core.dom.ast.gnu.IGNUASTGotoStatement;

/**
 * Lowers statements into the CFG: blocks, if/else, loops (with break/continue), do-while (a constant-false
 * condition makes no back edge), switch (a chain of {@code x == CASE} branches, ranges as two branches,
 * fall-through kept), goto and labels (Join nodes named after the label), return (to the exit), and scoped
 * locks: {@code guard(...)(...)} and {@code CLASS(...)} enter a guard that is exited at the end of the enclosing
 * block, {@code scoped_guard} / {@code scoped_cond_guard} around their body; every path leaving a scope early
 * (return, goto out of the block, break, continue) gets the {@link Stmt.GuardExit}s first, innermost first.
 * A {@code break} or {@code continue} directly inside a {@code scoped_guard} leaves the scoped guard, as the
 * kernel's for-loop implementation does.
 *
 * <p>Known gaps: computed gotos ({@code goto *p}) and GNU nested functions are opaque and fall through;
 * {@code asm} statements are dropped; {@code setjmp}-like control flow is not modelled.
 */
final class StmtLowering {

  private enum FrameKind { BLOCK, LOOP, SWITCH, SCOPED_GUARD }

  /** A lexical construct that owns guards or is a break/continue target. */
  private static final class Frame {
    final FrameKind kind;
    final IASTNode owner;
    final List<Stmt.GuardEnter> guards = new ArrayList<>(1);
    final List<Dangling> breaks = new ArrayList<>();
    final List<Dangling> continues = new ArrayList<>();
    /** For a while loop, continue jumps straight to the loop head. */
    int continueTarget = -1;
    /** For a switch: the Join node of each case/default label. */
    Map<IASTStatement, Integer> caseNodes = Map.of();

    Frame(FrameKind kind, IASTNode owner) {
      this.kind = kind;
      this.owner = owner;
    }
  }

  private final FunctionState st;
  private final ExprLowering ex;
  private final IASTStatement body;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Map<String, Integer> labelNodes = new HashMap<>();
  private Map<String, IASTLabelStatement> labels;

  StmtLowering(FunctionState st, ExprLowering ex, IASTStatement body) {
    this.st = st;
    this.ex = ex;
    this.body = body;
  }

  void lowerBody() {
    statement(body);
  }

  // ---------------------------------------------------------------- dispatch

  void statement(IASTStatement s) {
    st.tick();
    switch (AstKind.of(s)) {
      case NULL_STATEMENT -> { }
      case COMPOUND -> block((IASTCompoundStatement) s);
      case EXPRESSION_STATEMENT -> {
        IASTExpression e = ((IASTExpressionStatement) s).getExpression();
        if (e != null) ex.effect(e);
      }
      case DECLARATION_STATEMENT -> declaration(((IASTDeclarationStatement) s).getDeclaration());
      case IF -> ifStatement((IASTIfStatement) s);
      case WHILE -> whileStatement((IASTWhileStatement) s);
      case DO -> doStatement((IASTDoStatement) s);
      case FOR -> forStatement((IASTForStatement) s);
      case SWITCH -> switchStatement((IASTSwitchStatement) s);
      case CASE, DEFAULT -> caseLabel(s);
      case BREAK -> breakStatement(s);
      case CONTINUE -> continueStatement(s);
      case RETURN -> returnStatement((IASTReturnStatement) s);
      case GOTO -> gotoStatement((IASTGotoStatement) s);
      case LABEL -> {
        IASTLabelStatement ls = (IASTLabelStatement) s;
        st.cfg.place(placeLabel(ls));
        statement(ls.getNestedStatement());
      }
      case PROBLEM_STATEMENT -> st.append(new Stmt.Opaque(st.src.text(s), "syntax error", st.span(s)));
      case COMPUTED_GOTO -> st.append(new Stmt.Opaque(st.src.text(s), "computed goto", st.span(s)));
      default -> {
        if (s != null) st.append(new Stmt.Opaque(st.src.text(s), "unsupported statement", st.span(s)));
      }
    }
  }

  private void block(IASTCompoundStatement block) {
    Frame frame = new Frame(FrameKind.BLOCK, block);
    frames.push(frame);
    st.pushScope();
    for (IASTStatement s : block.getStatements()) statement(s);
    st.popScope();
    frames.pop();
    closeGuards(frame, block);
  }

  /** Lowers {@code ({ ... })}: the statements inline, the value of the last expression statement. */
  Expr statementExpression(IASTCompoundStatement block) {
    Frame frame = new Frame(FrameKind.BLOCK, block);
    frames.push(frame);
    st.pushScope();
    IASTStatement[] statements = block.getStatements();
    Expr result = new Expr.Other("");
    for (int i = 0; i < statements.length; i++) {
      if (i == statements.length - 1 && statements[i] instanceof IASTExpressionStatement es && es.getExpression() != null) {
        result = ex.value(es.getExpression());
      } else {
        statement(statements[i]);
      }
    }
    st.popScope();
    frames.pop();
    closeGuards(frame, block);
    return result;
  }

  static CType lastExpressionType(IGNUASTCompoundStatementExpression se, ExprLowering ex) {
    IASTStatement[] statements = se.getCompoundStatement().getStatements();
    if (statements.length > 0 && statements[statements.length - 1] instanceof IASTExpressionStatement es
        && es.getExpression() != null) {
      return ex.typeOf(es.getExpression());
    }
    return CType.UNKNOWN;
  }

  // ---------------------------------------------------------------- declarations

  private void declaration(IASTDeclaration d) {
    if (!(d instanceof IASTSimpleDeclaration simple)) return;
    IASTDeclSpecifier spec = simple.getDeclSpecifier();
    if (spec.getStorageClass() == IASTDeclSpecifier.sc_typedef) {
      for (IASTDeclarator decl : simple.getDeclarators()) {
        st.types.addTypedef(Declarators.name(decl).toString(), CType.of(spec, decl));
      }
      return;
    }
    boolean isStatic = spec.getStorageClass() == IASTDeclSpecifier.sc_static
        || spec.getStorageClass() == IASTDeclSpecifier.sc_extern;
    for (IASTDeclarator decl : simple.getDeclarators()) {
      String name = st.id(Declarators.name(decl));
      if (name.isEmpty() || Declarators.isFunctionDeclarator(decl)) continue;
      String typeText = Declarators.typeText(spec, decl);
      Span at = st.span(decl);
      st.locals.add(new Local(name, typeText, at));
      // static locals are one object for all calls: classed like globals
      st.scope.declare(name, isStatic ? Expr.Storage.GLOBAL : Expr.Storage.LOCAL, typeText, CType.of(spec, decl));
      IASTInitializer init = decl.getInitializer();
      if (isStatic || !(init instanceof IASTEqualsInitializer eq)) continue;
      IASTInitializerClause clause = eq.getInitializerClause();
      if (clause instanceof IASTExpression value) {
        ex.assignTo(name, value, at);
      } else if (clause instanceof IASTInitializerList list) {
        initializerCalls(list);
      }
    }
  }

  /** Calls inside an aggregate initializer still run: lower them for their effect. */
  private void initializerCalls(IASTInitializerList list) {
    for (IASTInitializerClause c : list.getClauses()) {
      if (c instanceof IASTInitializerList nested) {
        initializerCalls(nested);
      } else if (c instanceof IASTExpression e && ExprLowering.containsCall(e)) {
        ex.effect(e);
      } else if (c instanceof org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer di
          && di.getOperand() instanceof IASTExpression e && ExprLowering.containsCall(e)) {
        ex.effect(e);
      } else if (c instanceof org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer di
          && di.getOperand() instanceof IASTInitializerList nested) {
        initializerCalls(nested);
      }
    }
  }

  // ---------------------------------------------------------------- branches and loops

  private void ifStatement(IASTIfStatement s) {
    ExprLowering.Conds c = ex.cond(s.getConditionExpression());
    st.cfg.setPending(c.whenTrue());
    statement(s.getThenClause());
    List<Dangling> afterThen = st.cfg.takePending();
    st.cfg.setPending(c.whenFalse());
    if (s.getElseClause() != null) statement(s.getElseClause());
    st.cfg.addPending(afterThen);
  }

  private void whileStatement(IASTWhileStatement s) {
    int head = st.append(new Stmt.Join("while", st.span(s)));
    ExprLowering.Conds c = ex.cond(s.getCondition());
    st.cfg.setPending(c.whenTrue());
    Frame loop = new Frame(FrameKind.LOOP, s);
    loop.continueTarget = head;
    frames.push(loop);
    statement(s.getBody());
    frames.pop();
    st.cfg.jump(head);
    st.cfg.setPending(c.whenFalse());
    st.cfg.addPending(loop.breaks);
  }

  private void doStatement(IASTDoStatement s) {
    int head = st.append(new Stmt.Join("do", st.span(s)));
    Frame loop = new Frame(FrameKind.LOOP, s);
    frames.push(loop);
    statement(s.getBody());
    frames.pop();
    st.cfg.addPending(loop.continues);
    ExprLowering.Conds c = ex.cond(s.getCondition());
    for (Dangling back : c.whenTrue()) st.cfg.edge(back.from(), head, back.kind());
    st.cfg.setPending(c.whenFalse());
    st.cfg.addPending(loop.breaks);
  }

  private void forStatement(IASTForStatement s) {
    IASTStatement init = s.getInitializerStatement();
    if (init instanceof IASTExpressionStatement es
        && ExprLowering.unwrapParens(es.getExpression()) instanceof IASTFunctionCallExpression marker
        && ExprLowering.markerName(marker).filter(ExprLowering.SCOPED_GUARD_MARKER::equals).isPresent()) {
      scopedGuard(s, marker);
      return;
    }
    st.pushScope();
    statement(init);
    int head = st.append(new Stmt.Join("for", st.span(s)));
    ExprLowering.Conds c = s.getConditionExpression() == null
        ? new ExprLowering.Conds(st.cfg.takePending(), List.of())
        : ex.cond(s.getConditionExpression());
    st.cfg.setPending(c.whenTrue());
    Frame loop = new Frame(FrameKind.LOOP, s);
    frames.push(loop);
    statement(s.getBody());
    frames.pop();
    st.cfg.addPending(loop.continues);
    if (s.getIterationExpression() != null) ex.effect(s.getIterationExpression());
    st.cfg.jump(head);
    st.cfg.setPending(c.whenFalse());
    st.cfg.addPending(loop.breaks);
    st.popScope();
  }

  /**
   * {@code scoped_guard(type, args) body} (prelude: a for loop whose init is the marker call) and
   * {@code scoped_cond_guard(type, fail, args) body} (its body is {@code if (failed) fail; else body}).
   */
  private void scopedGuard(IASTForStatement s, IASTFunctionCallExpression marker) {
    String type = ex.guardType(marker);
    IASTInitializerClause[] args = marker.getArguments();
    List<Expr> lockArgs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      lockArgs.add(args[i] instanceof IASTExpression e ? ex.value(e) : ex.other(args[i]));
    }
    Span at = st.span(marker);
    IASTStatement inner = s.getBody();
    List<Dangling> failed = List.of();
    if (inner instanceof IASTIfStatement test
        && ExprLowering.unwrapParens(test.getConditionExpression()) instanceof IASTFunctionCallExpression probe
        && ExprLowering.markerName(probe).filter(ExprLowering.GUARD_FAILED_MARKER::equals).isPresent()) {
      String argText = lockArgs.stream().map(Expr::text).reduce((a, b) -> a + ", " + b).orElse("");
      int branch = st.cfg.appendBranch(new Stmt.Branch(
          new Expr.Other("scoped_cond_guard(" + type + (argText.isEmpty() ? "" : ", " + argText) + ") failed"), at));
      st.cfg.setPending(CfgBuilder.branchEdge(branch, EdgeKind.TRUE));
      statement(test.getThenClause());
      failed = st.cfg.takePending();
      st.cfg.setPending(CfgBuilder.branchEdge(branch, EdgeKind.FALSE));
      inner = test.getElseClause();
    }
    Frame frame = new Frame(FrameKind.SCOPED_GUARD, s);
    Stmt.GuardEnter enter = new Stmt.GuardEnter(type, List.copyOf(lockArgs), at);
    st.append(enter);
    frame.guards.add(enter);
    frames.push(frame);
    statement(inner);
    frames.pop();
    st.cfg.addPending(frame.breaks);
    st.cfg.addPending(frame.continues);
    closeGuards(frame, s);
    st.cfg.addPending(failed);
  }

  // ---------------------------------------------------------------- switch

  private void switchStatement(IASTSwitchStatement s) {
    Expr selector = ex.value(s.getControllerExpression());
    Frame frame = new Frame(FrameKind.SWITCH, s);
    List<IASTStatement> labels = new ArrayList<>();
    collectCases(s.getBody(), labels);
    frame.caseNodes = new IdentityHashMap<>();
    IASTStatement defaultLabel = null;
    for (IASTStatement label : labels) {
      String text = label instanceof IASTCaseStatement cs ? "case " + st.src.text(cs.getExpression()) : "default";
      frame.caseNodes.put(label, st.cfg.add(new Stmt.Join(text, st.span(label))));
      if (label instanceof IASTDefaultStatement) defaultLabel = label;
    }
    for (IASTStatement label : labels) {
      if (!(label instanceof IASTCaseStatement cs)) continue;
      int target = frame.caseNodes.get(label);
      IASTExpression value = ExprLowering.unwrapParens(cs.getExpression());
      Span at = st.span(cs);
      if (value instanceof IASTBinaryExpression range && range.getOperator() == IASTBinaryExpression.op_ellipses) {
        int low = st.cfg.appendBranch(new Stmt.Branch(new Expr.Binary(">=", selector, ex.value(range.getOperand1())), at));
        st.cfg.setPending(CfgBuilder.branchEdge(low, EdgeKind.TRUE));
        int high = st.cfg.appendBranch(new Stmt.Branch(new Expr.Binary("<=", selector, ex.value(range.getOperand2())), at));
        st.cfg.edge(high, target, EdgeKind.TRUE);
        st.cfg.setPending(CfgBuilder.branchEdge(low, EdgeKind.FALSE));
        st.cfg.addPending(CfgBuilder.branchEdge(high, EdgeKind.FALSE));
      } else {
        int branch = st.cfg.appendBranch(new Stmt.Branch(new Expr.Binary("==", selector, ex.value(value)), at));
        st.cfg.edge(branch, target, EdgeKind.TRUE);
        st.cfg.setPending(CfgBuilder.branchEdge(branch, EdgeKind.FALSE));
      }
    }
    List<Dangling> noMatch = st.cfg.takePending();
    if (defaultLabel != null) {
      int target = frame.caseNodes.get(defaultLabel);
      for (Dangling d : noMatch) st.cfg.edge(d.from(), target, d.kind());
    } else {
      frame.breaks.addAll(noMatch);
    }
    frames.push(frame);
    statement(s.getBody());
    frames.pop();
    st.cfg.addPending(frame.breaks);
  }

  /** Case and default labels of this switch, in source order, not those of nested switches. */
  private static void collectCases(IASTNode node, List<IASTStatement> out) {
    if (node == null) return;
    if (node instanceof IASTCaseStatement || node instanceof IASTDefaultStatement) out.add((IASTStatement) node);
    if (node instanceof IASTSwitchStatement || node instanceof IASTExpression || node instanceof IASTDeclaration) return;
    for (IASTNode child : node.getChildren()) collectCases(child, out);
  }

  private void caseLabel(IASTStatement label) {
    for (Frame f : frames) {
      if (f.kind == FrameKind.SWITCH) {
        Integer node = f.caseNodes.get(label);
        if (node != null) {
          st.cfg.place(node);
          return;
        }
        break;
      }
    }
    st.append(new Stmt.Opaque(st.src.text(label), "case label outside switch", st.span(label)));
  }

  // ---------------------------------------------------------------- jumps

  private void breakStatement(IASTStatement s) {
    for (Frame f : frames) {
      if (f.kind == FrameKind.LOOP || f.kind == FrameKind.SWITCH || f.kind == FrameKind.SCOPED_GUARD) {
        exitGuardsUpTo(f, s);
        f.breaks.addAll(st.cfg.takePending());
        return;
      }
    }
    st.append(new Stmt.Opaque("break", "break outside loop or switch", st.span(s)));
  }

  private void continueStatement(IASTStatement s) {
    for (Frame f : frames) {
      if (f.kind == FrameKind.LOOP || f.kind == FrameKind.SCOPED_GUARD) {
        exitGuardsUpTo(f, s);
        if (f.continueTarget >= 0) {
          st.cfg.jump(f.continueTarget);
        } else {
          f.continues.addAll(st.cfg.takePending());
        }
        return;
      }
    }
    st.append(new Stmt.Opaque("continue", "continue outside loop", st.span(s)));
  }

  private void returnStatement(IASTReturnStatement s) {
    Optional<Expr> value = Optional.empty();
    IASTExpression rv = s.getReturnValue();
    if (rv != null) value = Optional.of(ex.value(rv));
    Span at = st.span(s);
    for (Frame f : frames) exitGuards(f, at);
    st.append(new Stmt.Return(value, at));
    st.cfg.jump(st.cfg.exit());
  }

  private void gotoStatement(IASTGotoStatement s) {
    String label = s.getName().toString();
    boolean guarded = false;
    for (Frame f : frames) guarded |= !f.guards.isEmpty();
    if (!guarded) {
      // the common case: no scoped lock to leave, so where the label sits does not matter
      st.cfg.jump(labelNodes.computeIfAbsent(label, n -> st.cfg.add(new Stmt.Join(n, st.span(s)))));
      return;
    }
    Span at = st.span(s);
    IASTLabelStatement target = labels().get(label);
    Set<IASTNode> keep = target == null ? Set.of() : ancestors(target);
    for (Frame f : frames) {
      if (keep.contains(f.owner)) break;
      exitGuards(f, at);
    }
    st.cfg.jump(labelNode(label, target == null ? s : target));
  }

  /** The label's Join node; one made early by a forward goto is re-created at the label's own position. */
  private int placeLabel(IASTLabelStatement ls) {
    String name = ls.getName().toString();
    Integer id = labelNodes.get(name);
    if (id == null) return labelNode(name, ls);
    st.cfg.replace(id, new Stmt.Join(name, st.span(ls)));
    return id;
  }

  private int labelNode(String name, IASTNode at) {
    return labelNodes.computeIfAbsent(name, n -> st.cfg.add(new Stmt.Join(n, st.span(at))));
  }

  private Map<String, IASTLabelStatement> labels() {
    if (labels == null) {
      labels = new HashMap<>();
      collectLabels(body, labels);
    }
    return labels;
  }

  private static void collectLabels(IASTNode node, Map<String, IASTLabelStatement> out) {
    if (node instanceof IASTLabelStatement ls) out.putIfAbsent(ls.getName().toString(), ls);
    if (node instanceof IASTExpression && !(node instanceof IGNUASTCompoundStatementExpression)) {
      if (!ExprLowering.containsCall(node)) return;
    }
    for (IASTNode child : node.getChildren()) collectLabels(child, out);
  }

  private Set<IASTNode> ancestors(IASTNode node) {
    Set<IASTNode> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (IASTNode n = node; n != null && n != body.getParent(); n = n.getParent()) out.add(n);
    return out;
  }

  // ---------------------------------------------------------------- guards

  /** Called by expression lowering for {@code guard(type)(args)} and {@code CLASS(type, var)(args)}. */
  void enterGuard(String type, List<Expr> args, Span at) {
    Stmt.GuardEnter enter = new Stmt.GuardEnter(type, args, at);
    st.append(enter);
    Frame owner = frames.peek();
    if (owner != null) owner.guards.add(enter);
  }

  /**
   * Leaving frames up to and including {@code last} at {@code jump}: their guards, innermost first. The jump's
   * position is only looked up when there is a guard to leave (most jumps leave none).
   */
  private void exitGuardsUpTo(Frame last, IASTNode jump) {
    Span at = null;
    for (Frame f : frames) {
      if (!f.guards.isEmpty()) {
        if (at == null) at = st.span(jump);
        exitGuards(f, at);
      }
      if (f == last) return;
    }
  }

  private void exitGuards(Frame f, Span at) {
    for (int i = f.guards.size() - 1; i >= 0; i--) {
      Stmt.GuardEnter g = f.guards.get(i);
      st.append(new Stmt.GuardExit(g.guardType(), g.args(), at));
    }
  }

  /** Normal end of {@code scope}: exits its guards on the fall-through path (if it is reachable). */
  private void closeGuards(Frame f, IASTNode scope) {
    if (f.guards.isEmpty() || !st.cfg.reachable()) return;
    exitGuards(f, endOf(scope));
  }

  private Span endOf(IASTNode node) {
    Span s = st.span(node);
    return Span.point(s.file(), s.endLine(), s.endColumn());
  }
}
