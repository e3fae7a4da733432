using System.Diagnostics;
using System.Text;

namespace HomeIQ.Influx.Packaging.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a child process and captures what it prints.</summary>
public static class DotnetCli
{
    /// <summary>The result of one command: its exit code and its output (stdout and stderr interleaved).</summary>
    public sealed record Result(string Command, int ExitCode, string Output)
    {
        /// <summary>The command, its exit code and its output, for failure messages.</summary>
        public override string ToString() => $"`dotnet {Command}` exited with {ExitCode}:\n{Output}";
    }

    /// <summary>Runs <c>dotnet {arguments}</c> in <paramref name="workingDirectory"/>; kills the process tree after <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host runs inside `dotnet test`, whose MSBuild variables would point the child build at the wrong
        // SDK pieces; the child starts clean.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild node or compiler server may outlive the command: they would hold the test run's output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) output.AppendLine($"(killed after {timeout.TotalSeconds:0} s)");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        lock (output) return new Result(string.Join(' ', arguments), process.ExitCode, output.ToString());
    }
}
