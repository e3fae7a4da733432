using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Reliability.Tests.Infrastructure;

/// <summary>
/// Captures every log entry at every level (Trace included): the formatted message, the exception with its inner
/// exceptions and stack, every structured value and every scope, so a secret cannot hide in anything a sink would render.
/// </summary>
public sealed class CapturingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Category, string Text)> Entries { get; } = new();

    public string AllText => string.Join("\n", Entries.Select(e => e.Text));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Entries.Enqueue((LogLevel.None, default, category, "scope: " + Render(state)));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"{category} [{logLevel}] {formatter(state, exception)} | {Render(state)}";
            if (exception is not null) text += " | " + exception;
            owner.Entries.Enqueue((logLevel, eventId, category, text));
        }

        private static string Render<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join(";", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
    }
}
