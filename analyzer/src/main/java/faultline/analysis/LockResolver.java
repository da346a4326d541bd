package faultline.analysis;

import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Local;
import faultline.ir.Node;
import faultline.ir.Param;
import faultline.ir.Stmt;
import faultline.lock.LockApi;
import faultline.lock.LockApis;
import faultline.lock.LockClass;
import faultline.lock.LockRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the lock an expression denotes inside one function, as lockdep classes it:
 * <ul>
 *   <li>a field of a struct: "struct-tag.field" (TYPE), from {@link Expr.Member#baseStruct()} or, when the
 *       front-end left it empty, from the declared type of the base variable (local, parameter, or a
 *       {@code struct T *} type on the name);</li>
 *   <li>a global variable: its name (GLOBAL); an array element: the array's class;</li>
 *   <li>a field the model knows by name (mmap_lock, mmap_sem, i_mmap_rwsem): its MODEL class, whatever the
 *       base type; a lock API that fixes its class (mmap_read_lock) uses that;</li>
 *   <li>a local pointer assigned from a lock expression ({@code struct mutex *m = &dev->lock;}): the class of
 *       what it was assigned, when every assignment in the function agrees (flow-insensitive pre-pass);</li>
 *   <li>otherwise normalised text (TEXT), qualified by the function when rooted in a parameter or local
 *       ("foo:lock") so that unrelated functions' parameters do not share a class.</li>
 * </ul>
 * {@link LockRef#expr()} is the lock as written with a leading '&amp;' dropped ("dev->lock"), as messages
 * quote it. Templates ("$0->lock") rewrite a lock rooted in a parameter in terms of the parameter's index,
 * for function summaries; callers substitute their arguments with {@link #substitute}.
 */
public final class LockResolver {

  // Compiled once: the resolver is built for every function and consulted for every lock argument.
  private static final java.util.regex.Pattern SIMPLE_PATH = java.util.regex.Pattern.compile("[\\w.\\->\\[\\]]+");
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private static final Pattern TEMPLATE = Pattern.compile("^\\$(\\d+)(.*)$", Pattern.DOTALL);
  private static final Pattern ONE_FIELD = Pattern.compile("^->(\\w+)$");
  private static final Pattern STRUCT_TYPE = Pattern.compile("\\b(?:struct|union)\\s+(\\w+)");

  /** A resolved lock: its reference, and its parameter template ("" when not rooted in a parameter). */
  public record Resolved(LockRef ref, String template) {}

  private final LockApis apis;
  private final Function fn;
  private final Map<String, Integer> paramIndex = new HashMap<>();
  private final Map<String, String> declaredTypes = new HashMap<>();
  private final Map<String, Expr> aliases = new HashMap<>();
  /**
   * Call results the lowering hoisted into temporaries, by temporary: "$t5" -> the call adev_to_drm(adev). The
   * text is made only when a lock names the temporary: resolvers are made for every function at every analysis.
   */
  private final Map<String, Stmt.Call> temporaries = new HashMap<>();

  public LockResolver(LockApis apis, Function fn) {
    this.apis = apis;
    this.fn = fn;
    List<Param> params = fn.params();
    for (int i = 0; i < params.size(); i++) {
      if (!params.get(i).name().isEmpty()) {
        paramIndex.put(params.get(i).name(), i);
        declaredTypes.put(params.get(i).name(), params.get(i).type());
      }
    }
    for (Local l : fn.locals()) declaredTypes.putIfAbsent(l.name(), l.type());
    for (Node n : fn.cfg().nodes()) {
      if (n.stmt() instanceof Stmt.Call c && c.result().isPresent() && isTemporary(c.result().get())) {
        temporaries.putIfAbsent(c.result().get(), c);
      }
    }
    collectAliases();
  }

  private static final Pattern TEMPORARY = Pattern.compile("\\$t\\d+");

  /** "$t" and digits, what {@link #TEMPORARY} matches whole, without a matcher per call. */
  private static boolean isTemporary(String name) {
    if (name.length() < 3 || name.charAt(0) != '$' || name.charAt(1) != 't') return false;
    for (int i = 2; i < name.length(); i++) if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
    return true;
  }

  private static String callText(Stmt.Call c) {
    StringBuilder t = new StringBuilder(c.displayName()).append('(');
    for (int i = 0; i < c.args().size(); i++) t.append(i == 0 ? "" : ", ").append(normalise(c.args().get(i).text()));
    return t.append(')').toString();
  }

  /**
   * {@code text} with the lowering's temporaries replaced by the calls they hold. Each call gets its own
   * temporary, so "spin_lock(&adev_to_drm(adev)->event_lock)" and the matching unlock named two different locks
   * ("$t5->event_lock", "$t6->event_lock"), and unrelated locks of other functions shared the class "$t1".
   */
  String withoutTemporaries(String text) {
    if (temporaries.isEmpty() || text.indexOf('$') < 0) return text;
    Matcher m = TEMPORARY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Stmt.Call call = temporaries.get(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(call == null ? m.group() : withoutTemporaries(callText(call))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether {@code s} matches {@code \w+}: checked for every assignment of every function, without a Matcher. */
  static boolean isWord(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return false;
    }
    return true;
  }

  /** Local pointers every assignment of which names the same lock class: {@code m = &dev->lock}. */
  private void collectAliases() {
    Map<String, Expr> first = new HashMap<>();
    Map<String, Boolean> agree = new HashMap<>();
    for (Node n : fn.cfg().nodes()) {
      if (!(n.stmt() instanceof Stmt.Assign a) || !isWord(a.target())) continue;
      if (paramIndex.containsKey(a.target()) && !declaredTypes.getOrDefault(a.target(), "").contains("*")) continue;
      Expr v = strip(a.value());
      boolean lockish = v instanceof Expr.Member || (v instanceof Expr.Name nm && nm.storage() == Expr.Storage.GLOBAL)
          || (v instanceof Expr.Binary b && b.op().equals("[]"));
      Expr prev = first.putIfAbsent(a.target(), a.value());
      if (!lockish) agree.put(a.target(), false);
      else if (prev != null && !classify(strip(prev), 0).equals(classify(v, 0))) agree.put(a.target(), false);
      else agree.putIfAbsent(a.target(), true);
    }
    first.forEach((k, v) -> {
      if (agree.getOrDefault(k, false)) aliases.put(k, v);
    });
  }

  /** The lock a call to {@code api} with {@code args} operates on; empty when the argument is missing. */
  public Optional<Resolved> resolve(LockApi api, List<Expr> args) {
    if (api.argIndex() >= args.size()) return Optional.empty();
    Expr arg = args.get(api.argIndex());
    if (api.field().isEmpty()) {
      Resolved r = resolve(arg);
      return Optional.of(api.fixedClass().map(c -> new Resolved(new LockRef(c, r.ref().expr()), r.template())).orElse(r));
    }
    Expr lock = fieldOf(arg, api.field(), api.fixedClass().map(c -> structOf(c.id())).orElse(""));
    Resolved r = resolve(lock);
    return Optional.of(api.fixedClass().map(c -> new Resolved(new LockRef(c, r.ref().expr()), r.template())).orElse(r));
  }

  /** The lock named by expression {@code e} ({@code &dev->lock}, {@code m}, {@code &A_mutex}). */
  public Resolved resolve(Expr e) {
    Expr s = strip(e);
    String text = withoutTemporaries(normalise(s.text()));
    Expr target = s;
    if (s instanceof Expr.Name n && aliases.containsKey(n.id())) target = strip(aliases.get(n.id()));
    LockClass cls = classify(target, 0);
    String template = templateOf(normalise(target.text()));
    return new Resolved(new LockRef(cls, text), template);
  }

  /** {@code base->field} (or {@code x.field} when {@code base} is {@code &x}). */
  static Expr fieldOf(Expr base, String field, String structTag) {
    Optional<String> tag = structTag.isEmpty() ? Optional.empty() : Optional.of(structTag);
    if (base instanceof Expr.Unary u && u.op().equals("&")) return new Expr.Member(u.operand(), field, false, tag);
    return new Expr.Member(base, field, true, tag);
  }

  private LockClass classify(Expr e, int depth) {
    if (depth > 8) return text(e);
    if (e instanceof Expr.Member m) {
      Optional<LockClass> model = apis.fieldClass(m.field());
      if (model.isPresent()) {
        String modelStruct = structOf(model.get().id());
        if (m.baseStruct().isEmpty() || m.baseStruct().get().equals(modelStruct)) return model.get();
      }
      Optional<String> tag = m.baseStruct().or(() -> structOfExpr(strip(m.base())));
      if (tag.isPresent()) return new LockClass(tag.get() + "." + m.field(), LockClass.Resolution.TYPE);
      return text(e);
    }
    if (e instanceof Expr.Name n) {
      if (n.storage() == Expr.Storage.GLOBAL) return new LockClass(n.id(), LockClass.Resolution.GLOBAL);
      return text(e);
    }
    if (e instanceof Expr.Binary b && b.op().equals("[]")) return classify(strip(b.left()), depth + 1);
    return text(e);
  }

  /** The struct tag of a base expression: its declared type, for names the front-end did not type. */
  private Optional<String> structOfExpr(Expr base) {
    if (base instanceof Expr.Name n) {
      Optional<String> t = n.type().or(() -> Optional.ofNullable(declaredTypes.get(n.id())));
      if (t.isPresent()) {
        Matcher m = STRUCT_TYPE.matcher(t.get());
        if (m.find()) return Optional.of(m.group(1));
      }
      if (aliases.containsKey(n.id())) return structOfExpr(strip(aliases.get(n.id())));
    }
    return Optional.empty();
  }

  private LockClass text(Expr e) {
    String t = withoutTemporaries(normalise(e.text()));
    int root = rootLength(t);
    if (root > 0 && (paramIndex.containsKey(t.substring(0, root)) || declaredTypes.containsKey(t.substring(0, root)))) {
      return new LockClass(fn.name() + ":" + t, LockClass.Resolution.TEXT);
    }
    return new LockClass(t, LockClass.Resolution.TEXT);
  }

  /** "$i" + rest when {@code text} is rooted in parameter i, else "". */
  public String templateOf(String text) {
    if (paramIndex.isEmpty()) return "";
    int root = rootLength(text);
    if (root == 0) return "";
    Integer i = paramIndex.get(text.substring(0, root));
    return i == null ? "" : "$" + i + text.substring(root);
  }

  /**
   * The length of the identifier {@code text} starts with: its leading run of [A-Za-z0-9_], what {@code ^(\w+)}
   * matches. A loop, not that regex: it runs for every lock of every summary a kernel's analysis builds.
   */
  static int rootLength(String text) {
    int k = 0;
    while (k < text.length()) {
      char c = text.charAt(k);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) break;
      k++;
    }
    return k;
  }

  /**
   * Rewrites a callee's template ("$0->lock") with this call's arguments ("&x" gives "x.lock", "d" gives
   * "d->lock"); empty when the template names a missing argument or is not a template.
   */
  public static Optional<String> substitute(String template, List<Expr> args) {
    Matcher m = TEMPLATE.matcher(template);
    if (!m.matches()) return Optional.empty();
    int i = Integer.parseInt(m.group(1));
    if (i >= args.size()) return Optional.empty();
    Expr arg = args.get(i);
    String rest = m.group(2);
    while (arg instanceof Expr.Unary u && u.op().startsWith("(") && u.op().endsWith(")")) arg = u.operand();
    if (arg instanceof Expr.Unary u && u.op().equals("&")) {
      String inner = normalise(u.operand().text());
      if (rest.isEmpty()) return Optional.of(inner);
      if (rest.startsWith("->")) return Optional.of(inner + "." + rest.substring(2));
      return Optional.of("(&" + inner + ")" + rest);
    }
    String t = normalise(arg.text());
    boolean simple = SIMPLE_PATH.matcher(t).matches();
    return Optional.of((simple ? t : "(" + t + ")") + rest);
  }

  /**
   * Resolves a callee's lock (class {@code cls}, template) at a call with {@code args}: the expression becomes
   * the caller's, the class stays the callee's unless that was only text, then it is re-derived from the
   * caller's argument.
   */
  public Resolved atCall(LockClass cls, String calleeExpr, String template, List<Expr> args) {
    Optional<String> sub = template.isEmpty() ? Optional.empty() : substitute(template, args);
    if (sub.isEmpty()) return new Resolved(new LockRef(cls, calleeExpr), "");
    String expr = sub.get();
    LockClass c = cls;
    if (cls.resolution() == LockClass.Resolution.TEXT) {
      Matcher m = TEMPLATE.matcher(template);
      m.matches();
      Expr arg = args.get(Integer.parseInt(m.group(1)));
      String rest = m.group(2);
      Matcher field = ONE_FIELD.matcher(rest);
      if (rest.isEmpty()) c = resolve(arg).ref().cls();
      else if (field.matches()) c = classify(fieldOf(arg, field.group(1), ""), 0);
      else c = text(new Expr.Other(expr));
    }
    return new Resolved(new LockRef(c, expr), templateOf(expr));
  }

  /** Drops '&', casts and redundant parentheses around a lock expression. */
  public static Expr strip(Expr e) {
    Expr cur = e;
    for (int i = 0; i < 16; i++) {
      if (cur instanceof Expr.Unary u && (u.op().equals("&") || (u.op().startsWith("(") && u.op().endsWith(")")))) {
        cur = u.operand();
      } else {
        break;
      }
    }
    return cur;
  }

  static String normalise(String text) {
    if (isPlain(text)) return text;
    String t = WHITESPACE.matcher(text).replaceAll(" ").trim();
    while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  /** No whitespace to collapse and no parentheses to drop: the common case, checked without regexes. */
  private static boolean isPlain(String s) {
    if (s.isEmpty()) return true;
    if (s.charAt(0) == '(' || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || (c == ' ' && i + 1 < s.length() && s.charAt(i + 1) == ' ')) return false;
    }
    return true;
  }

  private static boolean balanced(String s) {
    int d = 0;
    for (char c : s.toCharArray()) {
      if (c == '(') d++;
      if (c == ')' && --d < 0) return false;
    }
    return d == 0;
  }

  private static String structOf(String classId) {
    int dot = classId.indexOf('.');
    return dot < 0 ? "" : classId.substring(0, dot);
  }
}
