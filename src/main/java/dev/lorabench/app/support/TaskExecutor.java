package dev.lorabench.app.support;

import java.util.concurrent.Executor;

/**
 * Where a {@link BackgroundTask} runs ({@code background}) and where its answer is delivered
 * ({@code ui}: {@code Platform::runLater} in the app, a direct executor in tests). Injected into
 * every view-model that calls the engine, the disk or the network.
 */
public record TaskExecutor(Executor background, Executor ui) {}
