package faultline.lsp;

import faultline.report.ToolInfo;
import faultline.rule.Finding;
import faultline.scan.Notification;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * faultline as a language server. Opening or saving a .c or .h file analyses the workspace folder containing it
 * (a file outside every folder: its own directory) and publishes diagnostics for every file of that folder with
 * findings, plus empty lists for files that had findings before and have none now. Analysis reads the files on
 * disk, so unsaved edits (didChange) are not analysed: the server works on save.
 *
 * <p>Scans run one at a time on a worker thread; a save while a scan of the same folder is still queued does not
 * queue another. Each folder keeps an in-memory unit cache, so a save re-parses only the file that changed.
 */
public final class FaultlineLanguageServer implements LanguageServer, LanguageClientAware {

  private final Analysis analysis;
  private final ToolInfo tool;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "faultline-analysis");
    t.setDaemon(true);
    return t;
  });
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private final List<Path> folders = new ArrayList<>();
  private final Map<Path, MemoryUnitCache> caches = new ConcurrentHashMap<>();
  private final Map<Path, Set<String>> published = new ConcurrentHashMap<>();
  private final Set<Path> queued = ConcurrentHashMap.newKeySet();
  private volatile LanguageClient client;
  private volatile boolean shutdown;

  public FaultlineLanguageServer(Analysis analysis, ToolInfo tool) {
    this.analysis = analysis;
    this.tool = tool;
  }

  /** Completes with the process exit code when the client sends "exit": 0 after "shutdown", 1 without. */
  public CompletableFuture<Integer> exitCode() {
    return exitCode;
  }

  @Override public void connect(LanguageClient languageClient) {
    this.client = languageClient;
  }

  @Override public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    synchronized (folders) {
      folders.clear();
      if (params.getWorkspaceFolders() != null) {
        for (WorkspaceFolder f : params.getWorkspaceFolders()) toPath(f.getUri()).ifPresent(folders::add);
      }
      if (folders.isEmpty() && params.getRootUri() != null) toPath(params.getRootUri()).ifPresent(folders::add);
      @SuppressWarnings("deprecation")
      String rootPath = params.getRootPath();
      if (folders.isEmpty() && rootPath != null) folders.add(Path.of(rootPath).toAbsolutePath().normalize());
      // Deepest folder first: a file in nested folders belongs to the innermost.
      folders.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    }
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Full);
    sync.setSave(new SaveOptions(false));
    ServerCapabilities caps = new ServerCapabilities();
    caps.setTextDocumentSync(sync);
    return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo(tool.name(), tool.version())));
  }

  @Override public void initialized(InitializedParams params) {
    // Nothing to do until a C file is opened.
  }

  @Override public CompletableFuture<Object> shutdown() {
    shutdown = true;
    worker.shutdownNow();
    return CompletableFuture.completedFuture(null);
  }

  @Override public void exit() {
    worker.shutdownNow();
    exitCode.complete(shutdown ? 0 : 1);
  }

  @Override public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override public WorkspaceService getWorkspaceService() {
    return workspace;
  }

  private final TextDocumentService documents = new TextDocumentService() {
    @Override public void didOpen(DidOpenTextDocumentParams params) {
      analyse(params.getTextDocument().getUri());
    }

    @Override public void didSave(DidSaveTextDocumentParams params) {
      analyse(params.getTextDocument().getUri());
    }

    @Override public void didChange(DidChangeTextDocumentParams params) {
      // Analysis reads files on disk; unsaved text is analysed once saved.
    }

    @Override public void didClose(DidCloseTextDocumentParams params) {
      // Diagnostics stay: they describe the folder, not the open editor.
    }
  };

  private final WorkspaceService workspace = new WorkspaceService() {
    @Override public void didChangeConfiguration(DidChangeConfigurationParams params) {}

    @Override public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}
  };

  private void analyse(String uri) {
    Optional<Path> file = toPath(uri);
    if (shutdown || file.isEmpty()) return;
    String name = file.get().getFileName().toString();
    if (!name.endsWith(".c") && !name.endsWith(".h")) return;
    Path folder = folderOf(file.get());
    if (!queued.add(folder)) return;
    worker.submit(() -> {
      queued.remove(folder);
      scanAndPublish(folder);
    });
  }

  private Path folderOf(Path file) {
    synchronized (folders) {
      for (Path f : folders) if (file.startsWith(f)) return f;
    }
    return file.getParent();
  }

  private void scanAndPublish(Path folder) {
    LanguageClient c = client;
    ScanResult result;
    try {
      MemoryUnitCache cache = caches.computeIfAbsent(folder, f -> new MemoryUnitCache());
      result = analysis.scan(ScanOptions.of(folder, List.of(folder)), cache);
    } catch (RuntimeException | StackOverflowError e) {
      if (c != null) c.logMessage(new MessageParams(MessageType.Error, "faultline: " + folder + ": " + e.getMessage()));
      return;
    }
    if (c == null) return;
    Map<String, List<Diagnostic>> byFile = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      if (f.suppression().isPresent()) continue;
      byFile.computeIfAbsent(Diagnostics.uri(folder, f.at().file()), k -> new ArrayList<>())
          .add(Diagnostics.of(f, folder, tool));
    }
    Set<String> before = published.getOrDefault(folder, Set.of());
    for (String stale : before) {
      if (!byFile.containsKey(stale)) c.publishDiagnostics(new PublishDiagnosticsParams(stale, List.of()));
    }
    byFile.forEach((uri, diagnostics) -> c.publishDiagnostics(new PublishDiagnosticsParams(uri, diagnostics)));
    published.put(folder, new HashSet<>(byFile.keySet()));
    for (Notification n : result.notifications()) {
      if (n.level() == Notification.Level.NOTE) continue;
      String where = n.at().map(at -> at.toString() + ": ").orElse("");
      c.logMessage(new MessageParams(n.level() == Notification.Level.ERROR ? MessageType.Error : MessageType.Warning,
          "faultline: " + where + n.message()));
    }
  }

  private static Optional<Path> toPath(String uri) {
    try {
      URI u = URI.create(uri);
      if (!"file".equalsIgnoreCase(u.getScheme())) return Optional.empty();
      return Optional.of(Path.of(u).toAbsolutePath().normalize());
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Lets queued analysis finish; for tests that drive the server in-process. */
  boolean awaitIdle(long millis) throws InterruptedException {
    CompletableFuture<Void> marker = CompletableFuture.runAsync(() -> {}, worker);
    try {
      marker.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }
}
