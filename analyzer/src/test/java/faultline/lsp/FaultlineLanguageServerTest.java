package faultline.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.report.SampleScan;
import faultline.report.ToolInfo;
import faultline.rule.Finding;
import faultline.scan.ScanOptions;
import faultline.scan.UnitCache;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

/** The protocol side over real JSON-RPC pipes, with scan results made by hand. */
class FaultlineLanguageServerTest {

  static final class RecordingClient implements LanguageClient {
    final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    final List<MessageParams> log = new ArrayList<>();

    @Override public void publishDiagnostics(PublishDiagnosticsParams p) { diagnostics.add(p); }
    @Override public void logMessage(MessageParams m) { log.add(m); }
    @Override public void showMessage(MessageParams m) { log.add(m); }
    @Override public void telemetryEvent(Object o) {}
    @Override public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
      return CompletableFuture.completedFuture(null);
    }
  }

  @Test
  void publishesFindingsOfTheFolderAndClearsThemWhenGone() throws Exception {
    List<List<Finding>> answers = new ArrayList<>(List.of(
        List.of(SampleScan.faultUnderMutex(), SampleScan.suppressedOrderInversion()), List.of()));
    List<UnitCache> caches = new ArrayList<>();
    List<ScanOptions> scans = new ArrayList<>();
    Analysis analysis = (options, cache) -> {
      scans.add(options);
      caches.add(cache);
      return SampleScan.result(answers.remove(0));
    };
    FaultlineLanguageServer server = new FaultlineLanguageServer(analysis, new ToolInfo("faultline", "9.9.9", "https://example.org/fl"));

    PipedInputStream serverIn = new PipedInputStream();
    PipedOutputStream clientOut = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream();
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    Launcher<LanguageClient> serverSide = LSPLauncher.createServerLauncher(server, serverIn, serverOut);
    server.connect(serverSide.getRemoteProxy());
    java.util.concurrent.Future<Void> serverListening = serverSide.startListening();
    RecordingClient client = new RecordingClient();
    Launcher<LanguageServer> clientSide = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    java.util.concurrent.Future<Void> clientListening = clientSide.startListening();
    LanguageServer remote = clientSide.getRemoteProxy();

    String folderUri = SampleScan.root().toUri().toString();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(folderUri, "src")));
    InitializeResult result = remote.initialize(init).get(10, TimeUnit.SECONDS);
    assertEquals("faultline", result.getServerInfo().getName());
    assertTrue(result.getCapabilities().getTextDocumentSync().getRight().getOpenClose());
    remote.initialized(new InitializedParams());

    String ctl = SampleScan.root().resolve("drivers/ctl.c").toUri().toString();
    remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(ctl, "c", 1, "")));
    PublishDiagnosticsParams first = client.diagnostics.poll(10, TimeUnit.SECONDS);
    assertEquals(ctl, first.getUri());
    assertEquals(1, first.getDiagnostics().size(), "the suppressed finding in the other file is not shown");
    Diagnostic d = first.getDiagnostics().get(0);
    assertEquals(DiagnosticSeverity.Error, d.getSeverity());
    assertEquals("sample-mutex-held-across-fault", d.getCode().getLeft());
    assertEquals("faultline", d.getSource());
    assertEquals(12, d.getRange().getStart().getLine());
    assertEquals(7, d.getRange().getStart().getCharacter());
    assertEquals(23, d.getRange().getEnd().getCharacter(), "exclusive end just after 'load_cfg(c, arg)'");
    assertEquals("https://example.org/fl/blob/main/rules/src/main/resources/faultline/rules/sample-mutex-held-across-fault.md",
        d.getCodeDescription().getHref());
    assertTrue(d.getMessage().startsWith("load_cfg() may fault while mutex 'c->lock' is held\nfix: "), d.getMessage());
    assertEquals(3, d.getRelatedInformation().size());
    assertEquals("  fault: copy_from_user() may fault", d.getRelatedInformation().get(2).getMessage());
    assertEquals(4, d.getRelatedInformation().get(2).getLocation().getRange().getStart().getLine());
    assertEquals(SampleScan.root(), scans.get(0).root());

    remote.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(ctl)));
    PublishDiagnosticsParams cleared = client.diagnostics.poll(10, TimeUnit.SECONDS);
    assertEquals(ctl, cleared.getUri());
    assertEquals(List.of(), cleared.getDiagnostics());
    assertSame(caches.get(0), caches.get(1), "one cache per folder, kept between saves");

    remote.shutdown().get(10, TimeUnit.SECONDS);
    remote.exit();
    assertEquals(0, server.exitCode().get(10, TimeUnit.SECONDS));
    // Stop both readers before the pipes go away, or they log the broken pipe as an error.
    serverListening.cancel(true);
    clientListening.cancel(true);
  }

  @Test
  void memoryCacheKeepsOnlyTheLatestUnitOfAFile() {
    MemoryUnitCache cache = new MemoryUnitCache();
    faultline.ir.TranslationUnit v1 = new faultline.ir.TranslationUnit("a.c", 1, List.of(), List.of(), List.of(), 0);
    faultline.ir.TranslationUnit v2 = new faultline.ir.TranslationUnit("a.c", 2, List.of(), List.of(), List.of(), 0);
    cache.put("a.c", "k1", v1);
    assertSame(v1, cache.get("a.c", "k1").orElseThrow());
    cache.put("a.c", "k2", v2);
    assertTrue(cache.get("a.c", "k1").isEmpty());
    assertSame(v2, cache.get("a.c", "k2").orElseThrow());
    assertEquals(1, cache.size());
  }

}
