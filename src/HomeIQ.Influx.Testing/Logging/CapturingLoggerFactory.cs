using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Testing;

/// <summary>One log entry kept by a <see cref="CapturingLoggerFactory"/>.</summary>
/// <param name="Level">The level; <see cref="LogLevel.None"/> for a scope that was begun.</param>
/// <param name="Id">The event id.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="Text">Everything a sink could render: category, level, formatted message, every structured value, and
/// the exception with its inner exceptions and stack.</param>
public sealed record CapturedLogEntry(LogLevel Level, EventId Id, string Category, string Text);

/// <summary>
/// An <see cref="ILoggerFactory"/> (and <see cref="ILoggerProvider"/>) for tests that captures every log entry at every
/// level (Trace included): the formatted message, every structured value, the exception and every scope, so that a test
/// can assert on event ids and text, and so that a secret cannot hide in anything a sink would render.
/// </summary>
public sealed class CapturingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    private readonly object _gate = new();
    private readonly List<(int EventId, TaskCompletionSource Seen)> _waiters = [];

    /// <summary>Every entry, in the order logged.</summary>
    public ConcurrentQueue<CapturedLogEntry> Entries { get; } = new();

    /// <summary>The <see cref="CapturedLogEntry.Text"/> of every entry, one per line.</summary>
    public string AllText => string.Join("\n", Entries.Select(e => e.Text));

    /// <summary>Whether any entry's text contains <paramref name="text"/> (ordinal).</summary>
    /// <param name="text">The text to look for.</param>
    /// <returns><see langword="true"/> when some entry contains it.</returns>
    public bool Contains(string text) => Entries.Any(e => e.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>A task that completes when an entry with event id <paramref name="eventId"/> has been logged (at once if
    /// one already was): lets a test wait for a point in the code under test without a timed sleep.</summary>
    /// <param name="eventId">The event id to wait for.</param>
    /// <returns>A task that completes when such an entry is logged.</returns>
    public Task WhenLogged(int eventId)
    {
        lock (_gate)
        {
            if (Entries.Any(e => e.Id.Id == eventId)) return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, seen));
            return seen.Task;
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Ignored: everything is captured here.</summary>
    /// <param name="provider">Not used.</param>
    public void AddProvider(ILoggerProvider provider) { }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }

    private void Add(CapturedLogEntry entry)
    {
        lock (_gate)
        {
            Entries.Enqueue(entry);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].EventId != entry.Id.Id) continue;
                _waiters[i].Seen.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Add(new CapturedLogEntry(LogLevel.None, default, category, "scope: " + Render(state)));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"{category} [{logLevel}] {formatter(state, exception)} | {Render(state)}";
            if (exception is not null) text += " | " + exception;
            owner.Add(new CapturedLogEntry(logLevel, eventId, category, text));
        }

        // Structured values too: a secret must not hide in a parameter that a sink would render.
        private static string Render<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join(";", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
    }
}
