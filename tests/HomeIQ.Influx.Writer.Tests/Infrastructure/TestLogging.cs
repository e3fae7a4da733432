using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writer.Tests.Infrastructure;

/// <summary>An <see cref="ILoggerFactory"/> that keeps every formatted message (and exception text) for assertions.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Text)> Entries { get; } = new();

    public string AllText => string.Join("\n", Entries.Select(e => e.Text));

    public bool Contains(string text) => Entries.Any(e => e.Text.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"{category} [{logLevel}] {formatter(state, exception)}";
            if (exception is not null) text += " | " + exception;
            // Structured values too: a secret must not hide in a parameter that a sink would render.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                text += " | " + string.Join(";", values.Select(v => $"{v.Key}={v.Value}"));
            owner.Entries.Enqueue((logLevel, eventId, text));
        }
    }
}
