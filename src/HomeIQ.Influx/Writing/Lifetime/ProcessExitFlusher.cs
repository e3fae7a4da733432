using System.Runtime.InteropServices;

namespace HomeIQ.Influx.Writing.Lifetime;

/// <summary>
/// Flushes the writers a process did not dispose when it is asked to stop or exits (<see cref="WriteOptions.FlushOnProcessExit"/>):
/// measured in issue 14, a console app stopped with Ctrl-C or SIGTERM lost the 2,000-4,500 points its writers held,
/// without a word.
/// </summary>
/// <remarks>
/// <para><b>Signals</b> (SIGINT, SIGTERM, SIGHUP through <see cref="PosixSignalRegistration"/>): .NET ends the process
/// right after the handlers unless one cancels the signal, and then without raising <see cref="AppDomain.ProcessExit"/>
/// (checked here: SIGTERM exits with 143 and no ProcessExit). So the handler flushes every writer, each for at most its
/// <see cref="WriteOptions.ProcessExitTimeout"/>, all at once, and writes to standard error (and the writers' logs) how
/// many points are still unwritten. It flushes rather than closes: a handler registered earlier (the generic host's, a
/// <c>Console.CancelKeyPress</c>) may still cancel the signal and let the process go on, and the writers must then
/// still work. Handlers run in reverse order of registration, so one registered after the first writer may cancel
/// before this one runs; then nothing happens here, as it should.</para>
/// <para><b>Exit</b> (<see cref="AppDomain.ProcessExit"/>: the end of <c>Main</c>, <c>Environment.Exit</c>): the writers
/// are closed, each within its ProcessExitTimeout, and what was lost or kept on disk is written to standard error.</para>
/// <para>Standard error because the user this is for attached no logger and no handler; nothing is written when every
/// point got through.</para>
/// </remarks>
internal static class ProcessExitFlusher
{
    private static readonly object s_gate = new();
    private static readonly HashSet<WriterEngine> s_writers = [];
    private static List<PosixSignalRegistration>? s_signals;
    private static bool s_exitHooked;

    /// <summary>Watches <paramref name="writer"/> until it closes (a strong reference: an abandoned writer still flushes at exit).</summary>
    public static void Register(WriterEngine writer)
    {
        lock (s_gate)
        {
            if (!s_writers.Add(writer) || s_writers.Count > 1) return;
            if (!s_exitHooked)
            {
                AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
                s_exitHooked = true;
            }
            s_signals = [];
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                try
                {
                    s_signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
                }
                catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
                {
                    // Not on this platform (browser, some mobile targets): the exit flush still runs.
                }
            }
        }
    }

    public static void Unregister(WriterEngine writer)
    {
        lock (s_gate)
        {
            if (!s_writers.Remove(writer) || s_writers.Count > 0 || s_signals is null) return;
            // No writer left: the process's signals are its own again.
            foreach (var registration in s_signals) registration.Dispose();
            s_signals = null;
        }
    }

    private static WriterEngine[] Writers()
    {
        lock (s_gate) return [.. s_writers];
    }

    private static void OnSignal(PosixSignalContext context) =>
        Tell(Writers().Select(w => w.FlushForExitAsync(context.Signal.ToString())).ToArray());

    private static void OnProcessExit(object? sender, EventArgs e) =>
        Tell(Writers().Select(w => w.CloseForExitAsync("the process is exiting")).ToArray());

    // Waits for every writer (each bounded by its own timeout) and says what they could not write.
    private static void Tell(Task<string?>[] writers)
    {
        if (writers.Length == 0) return;
        try
        {
            Task.WaitAll(writers);
        }
        catch (AggregateException)
        {
            // A writer's failure is its own message below; the others are still told.
        }
        foreach (var writer in writers)
        {
            var text = writer.IsCompletedSuccessfully ? writer.Result : "HomeIQ.Influx: a writer failed while flushing for the process exit: " + writer.Exception?.GetBaseException().Message;
            if (text is null) continue;
            try
            {
                Console.Error.WriteLine(text);
            }
            catch (IOException)
            {
                // No standard error to write to: the writer's log has it.
            }
        }
    }
}
