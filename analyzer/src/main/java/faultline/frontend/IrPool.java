package faultline.frontend;

import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.IrStrings;
import faultline.ir.Local;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.ParseIssue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.cdt.core.dom.ast.IASTName;

/**
 * Keeps the IR of one file small: lowering takes its identifiers, type texts, names, literals, direct callees and
 * optional strings from here, so equal values share one instance. The scanner holds every unit until the rules have
 * run, and lowering met each identifier and type text afresh at every use ("dev", "struct device *", "$t1"), so a
 * file's IR was mostly copies.
 *
 * <p>Values are pooled as they are made, looked up by their text (whose hash is cached once the String is shared):
 * rebuilding the finished IR with shared parts, or pooling whole expressions by their (deep) record hash codes, cost
 * a third of the lowering time. Statements are never shared: analyses may key maps by statement or function, and two
 * equal statements are still two CFG nodes. One instance per file, used by one thread.
 */
final class IrPool {

  private final Map<String, String> strings = new HashMap<>(1024);
  private final Map<String, Optional<String>> optionals = new HashMap<>(256);
  private final Map<String, Expr.Name> names = new HashMap<>(512);
  private final Map<String, Expr.Literal> literals = new HashMap<>(128);
  private final Map<String, Callee.Direct> directCallees = new HashMap<>(256);

  // Identifiers straight from CDT's name arrays: lowering converts every name it meets, most of them many times
  // per function; this table gives the shared String without making one first. Open addressing, linear probing.
  private String[] identifiers = new String[1024];
  private int identifierCount;

  /** The shared String of a CDT name (what {@code name.toString()} gives). */
  String identifier(IASTName name) {
    char[] id = name.getSimpleID();
    int hash = 0;
    for (char c : id) hash = 31 * hash + c; // String.hashCode's function, so the String's cached hash agrees
    int mask = identifiers.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String known = identifiers[i];
      if (known == null) break;
      if (known.hashCode() == hash && sameChars(known, id)) return known;
    }
    String shared = str(new String(id));
    if (2 * (identifierCount + 1) > identifiers.length) growIdentifiers();
    insertIdentifier(shared);
    return shared;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private static boolean sameChars(String s, char[] c) {
    if (s.length() != c.length) return false;
    for (int i = 0; i < c.length; i++) if (s.charAt(i) != c[i]) return false;
    return true;
  }

  private void insertIdentifier(String s) {
    int mask = identifiers.length - 1;
    int i = spread(s.hashCode()) & mask;
    while (identifiers[i] != null) i = (i + 1) & mask;
    identifiers[i] = s;
    identifierCount++;
  }

  private void growIdentifiers() {
    String[] old = identifiers;
    identifiers = new String[old.length * 2];
    identifierCount = 0;
    for (String s : old) if (s != null) insertIdentifier(s);
  }

  /** The file's shared copy of {@code s}; short ones are also shared across files ({@link IrStrings}). */
  String str(String s) {
    String known = strings.get(s);
    if (known != null) return known;
    String shared = IrStrings.shared(s);
    strings.put(shared, shared);
    return shared;
  }

  /** The pooled value made from {@code key}'s shared copy, made on first use. */
  private <T> T pooled(Map<String, T> pool, String key, java.util.function.Function<String, T> make) {
    T known = pool.get(key);
    if (known == null) {
      String shared = str(key);
      known = make.apply(shared);
      pool.put(shared, known);
    }
    return known;
  }

  /** {@code Optional.of(s)}, shared. */
  Optional<String> opt(String s) {
    return pooled(optionals, s, Optional::of);
  }

  Optional<String> opt(Optional<String> s) {
    return s.isEmpty() ? s : opt(s.get());
  }

  /**
   * The shared Name of {@code id} with this storage and declared type ("" when unknown). A name met with another
   * storage or type than the pooled one (a local shadowing a global) gets an instance of its own.
   */
  Expr.Name name(String id, Expr.Storage storage, String typeText) {
    Expr.Name known = names.get(id);
    if (known != null && known.storage() == storage && known.type().orElse("").equals(typeText)) return known;
    Expr.Name made = new Expr.Name(str(id), storage, typeText.isEmpty() ? Optional.empty() : opt(typeText));
    if (known == null) names.put(made.id(), made);
    return made;
  }

  Expr.Literal literal(String text) {
    return pooled(literals, text, Expr.Literal::new);
  }

  Callee.Direct direct(String name) {
    return pooled(directCallees, name, Callee.Direct::new);
  }

  List<Param> params(List<Param> params) {
    if (params.isEmpty()) return List.of();
    List<Param> out = new ArrayList<>(params.size());
    for (Param p : params) out.add(new Param(str(p.name()), str(p.type())));
    return List.copyOf(out);
  }

  List<Local> locals(List<Local> locals) {
    if (locals.isEmpty()) return List.of();
    List<Local> out = new ArrayList<>(locals.size());
    for (Local l : locals) out.add(new Local(str(l.name()), str(l.type()), l.at()));
    return List.copyOf(out);
  }

  OpsBinding binding(OpsBinding b) {
    return new OpsBinding(str(b.structTag()), str(b.field()), str(b.function()), b.at());
  }

  ParseIssue issue(ParseIssue i) {
    return new ParseIssue(i.kind(), str(i.message()), i.at());
  }
}
