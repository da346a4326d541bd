package faultline.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel lock model, read from {@code kernel-locks.model} (its header documents the format): lock APIs,
 * context changes, guard classes, user accesses that may fault, calls that may sleep, lock fields known by
 * name, and the callback fields that run on the page-fault and block-I/O paths. Kernel API names live in that
 * file, never in Java conditionals. Immutable and thread-safe.
 */
public final class LockApis {

  /** Where a callback field runs: with mmap_lock read-held in a fault handler, or below it on block I/O. */
  public enum EntryKind { FAULT, BLOCK_IO }

  /** A context-changing call: {@code enter} true for pagefault_disable(), false for pagefault_enable(). */
  public record ContextApi(String name, boolean enter, List<ContextKind> kinds) {}

  private static final String RESOURCE = "kernel-locks.model";
  private static final Pattern TRY = Pattern.compile("TRY_ACQUIRE\\((nonzero|zero)\\)");
  private static final Pattern TEMPLATE = Pattern.compile("\\$(\\d+)(?:->(\\w+))?");
  private static final Pattern WORD = Pattern.compile("\\w+");

  private static volatile LockApis kernel;

  private final Map<String, LockApi> locks;
  private final Map<String, ContextApi> contexts;
  private final Map<String, GuardApi> guards;
  private final Set<String> faults;
  private final Map<String, Integer> sleeps;   // api -> gfp argument index, -1 when it always sleeps
  private final Set<String> gfpSleeping;
  private final Map<String, LockClass> fields;
  private final Map<String, EntryKind> entries;
  private final Map<String, EntryKind> entryTypes;
  private final Set<String> byName;
  private final Map<String, int[]> tests;
  private final Map<String, Integer> returns;
  /** Every name the model describes in any way: {@link #knows} is asked for every call of every analysis. */
  private final java.util.HashSet<String> known = new java.util.HashSet<>();

  private LockApis(Map<String, LockApi> locks, Map<String, ContextApi> contexts, Map<String, GuardApi> guards,
      Set<String> faults, Map<String, Integer> sleeps, Set<String> gfpSleeping, Map<String, LockClass> fields,
      Map<String, EntryKind> entries, Map<String, EntryKind> entryTypes, Set<String> byName,
      Map<String, int[]> tests, Map<String, Integer> returns) {
    this.locks = Map.copyOf(locks);
    this.contexts = Map.copyOf(contexts);
    this.guards = Map.copyOf(guards);
    this.faults = Set.copyOf(faults);
    this.sleeps = Map.copyOf(sleeps);
    this.gfpSleeping = Set.copyOf(gfpSleeping);
    this.fields = Map.copyOf(fields);
    this.entries = Map.copyOf(entries);
    this.entryTypes = Map.copyOf(entryTypes);
    this.byName = Set.copyOf(byName);
    this.tests = Map.copyOf(tests);
    this.returns = Map.copyOf(returns);
    for (Map<String, ?> m : List.of(this.locks, this.contexts, this.sleeps, this.tests, this.returns)) {
      known.addAll(m.keySet());
    }
    known.addAll(this.faults);
  }

  /** The built-in model, loaded once from the class path. */
  public static LockApis kernel() {
    LockApis k = kernel;
    if (k == null) {
      synchronized (LockApis.class) {
        if (kernel == null) {
          try (InputStream in = LockApis.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            kernel = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        k = kernel;
      }
    }
    return k;
  }

  /** Parses model text; a malformed line throws {@link IllegalArgumentException} naming its line number. */
  public static LockApis parse(String text) {
    Map<String, LockApi> locks = new HashMap<>();
    Map<String, ContextApi> contexts = new HashMap<>();
    Map<String, GuardApi> guards = new HashMap<>();
    Set<String> faults = new LinkedHashSet<>();
    Map<String, Integer> sleeps = new HashMap<>();
    Set<String> gfp = new LinkedHashSet<>();
    Map<String, LockClass> fields = new HashMap<>();
    Map<String, EntryKind> entries = new HashMap<>();
    Map<String, EntryKind> entryTypes = new HashMap<>();
    Set<String> byName = new LinkedHashSet<>();
    Map<String, int[]> tests = new HashMap<>();
    Map<String, Integer> returns = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        int hash = line.indexOf('#');
        String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (body.isEmpty()) continue;
        String[] f = body.split("\\s+");
        try {
          switch (f[0]) {
            case "lock" -> {
              LockApi api = lockLine(f);
              put(locks, api.name(), api);
            }
            case "context" -> {
              need(f, 4);
              boolean enter = switch (f[2]) {
                case "enter" -> true;
                case "exit" -> false;
                default -> throw new IllegalArgumentException("expected enter|exit, got " + f[2]);
              };
              put(contexts, f[1], new ContextApi(f[1], enter, ctxList(f[3])));
            }
            case "guard" -> {
              need(f, 4);
              Optional<LockKind> kind = f[2].equals("-") ? Optional.empty() : Optional.of(LockKind.valueOf(f[2]));
              LockMode mode = f[3].equals("-") ? LockMode.EXCLUSIVE : LockMode.valueOf(f[3]);
              List<ContextKind> enter = List.of();
              for (int i = 4; i < f.length; i++) {
                if (f[i].startsWith("enter=")) enter = ctxList(f[i].substring(6));
                else throw new IllegalArgumentException("unknown guard option " + f[i]);
              }
              put(guards, f[1], new GuardApi(f[1], kind, mode, enter));
            }
            case "fault" -> {
              need(f, 2);
              faults.add(f[1]);
            }
            case "sleep" -> {
              need(f, 2);
              int gfpArg = -1;
              if (f.length > 2) {
                if (!f[2].startsWith("gfp=")) throw new IllegalArgumentException("unknown sleep option " + f[2]);
                gfpArg = Integer.parseInt(f[2].substring(4));
              }
              put(sleeps, f[1], gfpArg);
            }
            case "gfp-sleeping" -> gfp.addAll(Arrays.asList(f).subList(1, f.length));
            case "field" -> {
              need(f, 3);
              put(fields, f[1], new LockClass(f[2], LockClass.Resolution.MODEL));
            }
            case "entry" -> {
              need(f, 3);
              put(entries, f[1], EntryKind.valueOf(f[2]));
              if (f.length > 3) {
                if (!f[3].equals("byname")) throw new IllegalArgumentException("unknown entry option " + f[3]);
                byName.add(f[1].substring(f[1].indexOf('.') + 1));
              }
            }
            case "entry-type" -> {
              need(f, 3);
              put(entryTypes, f[1], EntryKind.valueOf(f[2]));
            }
            case "test" -> {
              need(f, 4);
              put(tests, f[1], new int[] {signs(f[2]), signs(f[3])});
            }
            case "returns" -> {
              need(f, 3);
              put(returns, f[1], signs(f[2]));
            }
            default -> throw new IllegalArgumentException("unknown directive " + f[0]);
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("kernel lock model line " + no + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LockApis(locks, contexts, guards, faults, sleeps, gfp, fields, entries, entryTypes, byName, tests,
        returns);
  }

  private static LockApi lockLine(String[] f) {
    need(f, 6);
    String name = f[1];
    LockApi.Effect effect;
    LockApi.TrySuccess success = LockApi.TrySuccess.NONZERO;
    Matcher tm = TRY.matcher(f[2]);
    if (tm.matches()) {
      effect = LockApi.Effect.TRY_ACQUIRE;
      success = tm.group(1).equals("zero") ? LockApi.TrySuccess.ZERO : LockApi.TrySuccess.NONZERO;
    } else {
      effect = LockApi.Effect.valueOf(f[2]);
      if (effect == LockApi.Effect.TRY_ACQUIRE) throw new IllegalArgumentException("TRY_ACQUIRE needs (nonzero|zero)");
    }
    LockKind kind = LockKind.valueOf(f[3]);
    LockMode mode = LockMode.valueOf(f[4]);
    Matcher lm = TEMPLATE.matcher(f[5]);
    if (!lm.matches()) throw new IllegalArgumentException("bad lock template " + f[5]);
    int arg = Integer.parseInt(lm.group(1));
    String field = lm.group(2) == null ? "" : lm.group(2);
    Optional<LockClass> cls = Optional.empty();
    boolean nested = false;
    List<ContextKind> enter = List.of();
    List<ContextKind> exit = List.of();
    for (int i = 6; i < f.length; i++) {
      String o = f[i];
      if (o.startsWith("class=")) cls = Optional.of(new LockClass(o.substring(6), LockClass.Resolution.MODEL));
      else if (o.equals("nested")) nested = true;
      else if (o.startsWith("enter=")) enter = ctxList(o.substring(6));
      else if (o.startsWith("exit=")) exit = ctxList(o.substring(5));
      else throw new IllegalArgumentException("unknown lock option " + o);
    }
    return new LockApi(name, effect, success, kind, mode, arg, field, cls, nested, enter, exit);
  }

  private static List<ContextKind> ctxList(String s) {
    List<ContextKind> out = new ArrayList<>();
    for (String k : s.split(",")) out.add(ContextKind.valueOf(k));
    return List.copyOf(out);
  }

  private static int signs(String s) {
    int out = 0;
    for (String k : s.split(",")) {
      out |= switch (k) {
        case "ZERO" -> LockState.Value.ZERO;
        case "NEG" -> LockState.Value.NEG;
        case "POS" -> LockState.Value.POS;
        default -> throw new IllegalArgumentException("unknown sign " + k);
      };
    }
    return out;
  }

  private static void need(String[] f, int n) {
    if (f.length < n) throw new IllegalArgumentException(f[0] + " needs " + (n - 1) + " fields");
  }

  private static <V> void put(Map<String, V> map, String key, V value) {
    if (map.putIfAbsent(key, value) != null) throw new IllegalArgumentException("duplicate entry " + key);
  }

  /**
   * The name the model knows a call by: the macro it was written through when the model describes that
   * macro ({@code mmap_read_lock} expanding to {@code down_read}), else the callee's name.
   */
  public String apiName(String callee, Optional<String> viaMacro) {
    // Asked for every call at every visit of the dataflow: no lambda per call (filter(this::knows) made one).
    if (viaMacro.isPresent() && knows(viaMacro.get())) return viaMacro.get();
    return callee;
  }

  /** Whether the model describes {@code name} in any way (lock, context, fault, sleep, test, returns). */
  public boolean knows(String name) {
    return known.contains(name);
  }

  /** The lock API called {@code name}, if the model knows it. */
  public Optional<LockApi> lock(String name) {
    return Optional.ofNullable(locks.get(name));
  }

  /** The context change {@code name} makes (pagefault_disable, local_irq_save, kmap_atomic...). */
  public Optional<ContextApi> context(String name) {
    return Optional.ofNullable(contexts.get(name));
  }

  /** The guard class {@code type} ("mutex", "spinlock_irqsave", "rcu"). */
  public Optional<GuardApi> guard(String type) {
    return Optional.ofNullable(guards.get(type));
  }

  /** A user access that may fault (copy_to_user); never the _nofault/_inatomic forms. */
  public boolean isUserAccess(String name) {
    return faults.contains(name);
  }

  /**
   * A call that may sleep by itself, given its arguments' text: allocation calls only with a sleeping GFP
   * mask (an argument that is an unknown variable counts as not sleeping), sleeping lock acquisitions, user
   * accesses and the model's sleeping calls.
   */
  public boolean maySleep(String name, List<String> argTexts) {
    Integer gfpArg = sleeps.get(name);
    if (gfpArg != null) return gfpArg < 0 || (gfpArg < argTexts.size() && sleepingGfp(argTexts.get(gfpArg)));
    if (faults.contains(name)) return true;
    LockApi api = locks.get(name);
    return api != null && api.kind().maySleep()
        && (api.effect() == LockApi.Effect.ACQUIRE
            || (api.effect() == LockApi.Effect.TRY_ACQUIRE && api.success() == LockApi.TrySuccess.ZERO));
  }

  /** A GFP mask expression naming one of the model's sleeping flags ("GFP_KERNEL | __GFP_ZERO"). */
  public boolean sleepingGfp(String maskText) {
    Matcher m = WORD.matcher(maskText);
    while (m.find()) if (gfpSleeping.contains(m.group())) return true;
    return false;
  }

  /** The MODEL class of a lock field known by name ("mmap_sem" and "mmap_lock" -> mm_struct.mmap_lock). */
  public Optional<LockClass> fieldClass(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** Where callbacks bound to "struct-tag.field" run, if on the fault or block-I/O path. */
  public Optional<EntryKind> entry(String structField) {
    return Optional.ofNullable(entries.get(structField));
  }

  /** Where functions passed as a parameter of this declared type run ("get_block_t"), if on those paths. */
  public Optional<EntryKind> entryType(String paramType) {
    String t = paramType.replace("const", "").replace("*", "").trim();
    return Optional.ofNullable(entryTypes.get(t));
  }

  /** Where callbacks bound to a field of an unknown struct ("?.fault") run, for fields marked byname. */
  public Optional<EntryKind> entryByFieldName(String field) {
    if (!byName.contains(field)) return Optional.empty();
    return entries.entrySet().stream().filter(e -> e.getKey().endsWith("." + field)).map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * A predicate on its first argument (IS_ERR): {signs of the argument when the result is true, when false},
   * as {@link LockState.Value} sign bits.
   */
  public Optional<int[]> test(String name) {
    int[] t = tests.get(name);
    return t == null ? Optional.empty() : Optional.of(t.clone());
  }

  /** The signs a call always returns (ERR_PTR: NEG), as {@link LockState.Value} sign bits. */
  public Optional<Integer> returns(String name) {
    return Optional.ofNullable(returns.get(name));
  }

  /** Sizes by directive, for tests and statistics. */
  public Map<String, Integer> sizes() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put("lock", locks.size());
    m.put("context", contexts.size());
    m.put("guard", guards.size());
    m.put("fault", faults.size());
    m.put("sleep", sleeps.size());
    m.put("field", fields.size());
    m.put("entry", entries.size() + entryTypes.size());
    return m;
  }

  @Override public String toString() {
    return "LockApis" + sizes().toString().toLowerCase(Locale.ROOT);
  }
}
